#include "gui/input_watch.hpp"

#include <GLFW/glfw3.h>

namespace tl::gui {

namespace {
bool g_input = false;  // touched only on the GUI thread (GLFW callbacks run there)

void seen() { g_input = true; }
}  // namespace

void install_input_watch(GLFWwindow* window) {
    // ImGui chains to these (its "previous user callbacks").
    glfwSetWindowFocusCallback(window, [](GLFWwindow*, int) { seen(); });
    glfwSetCursorEnterCallback(window, [](GLFWwindow*, int) { seen(); });
    glfwSetMouseButtonCallback(window, [](GLFWwindow*, int, int, int) { seen(); });
    glfwSetScrollCallback(window, [](GLFWwindow*, double, double) { seen(); });
    glfwSetKeyCallback(window, [](GLFWwindow*, int, int, int, int) { seen(); });
    glfwSetCharCallback(window, [](GLFWwindow*, unsigned) { seen(); });
    // ImGui 1.86 reads the pointer's position and the window's size when a
    // frame starts; these only say that a frame is wanted.
    glfwSetCursorPosCallback(window, [](GLFWwindow*, double, double) { seen(); });
    glfwSetFramebufferSizeCallback(window, [](GLFWwindow*, int, int) { seen(); });
    glfwSetWindowContentScaleCallback(window, [](GLFWwindow*, float, float) { seen(); });
    glfwSetWindowRefreshCallback(window, [](GLFWwindow*) { seen(); });  // uncovered, de-iconified
    glfwSetDropCallback(window, [](GLFWwindow*, int, const char**) { seen(); });
}

bool take_input() {
    const bool was = g_input;
    g_input = false;
    return was;
}

}  // namespace tl::gui
