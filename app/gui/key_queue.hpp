// Keyboard shortcuts that never miss a tap. Dear ImGui 1.86 has no input
// queue: a key pressed and released between two frames (a quick tap on a
// slow laptop or under a software renderer) never shows in IsKeyPressed.
// A GLFW key callback chained in front of ImGui's records every press here.
#pragma once
#include <vector>

struct GLFWwindow;

namespace tl::gui {

// Call after ImGui_ImplGlfw_InitForOpenGL(window, true).
void install_key_queue(GLFWwindow* window);
// GLFW key codes pressed (or auto-repeated) since the last call, in order.
std::vector<int> take_pressed_keys();

}  // namespace tl::gui
