// Whether the user did anything since the last look: the interactive window
// draws a frame only when something may have changed (gui/frame_pacing.hpp),
// and an input is one such thing. GLFW callbacks, installed before
// ImGui_ImplGlfw_InitForOpenGL(window, true) so that ImGui's own callbacks
// chain to these, for the events ImGui listens to; the pointer's moves,
// resizes and exposes (which ImGui 1.86 polls or ignores) directly.
#pragma once

struct GLFWwindow;

namespace tl::gui {

// Call before ImGui_ImplGlfw_InitForOpenGL(window, true).
void install_input_watch(GLFWwindow* window);
// True when an input arrived since the last call (GLFW delivers them in
// glfwPollEvents / glfwWaitEventsTimeout, on the GUI thread).
bool take_input();

}  // namespace tl::gui
