#include "gui/key_queue.hpp"

#include <GLFW/glfw3.h>

namespace tl::gui {

namespace {
std::vector<int> g_pressed;           // touched only on the GUI thread (GLFW callbacks run there)
GLFWkeyfun g_imgui_callback = nullptr;

void on_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
    if (action == GLFW_PRESS || action == GLFW_REPEAT) g_pressed.push_back(key);
    if (g_imgui_callback) g_imgui_callback(window, key, scancode, action, mods);
}
}  // namespace

void install_key_queue(GLFWwindow* window) { g_imgui_callback = glfwSetKeyCallback(window, on_key); }

std::vector<int> take_pressed_keys() {
    std::vector<int> keys;
    keys.swap(g_pressed);
    return keys;
}

}  // namespace tl::gui
