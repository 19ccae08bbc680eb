// Saving the window as a PNG, for `threadlab gui --frames N --screenshot FILE`.
#pragma once
#include <string>

namespace tl::gui {

// Checks early that `path` can be written (creating and removing a probe if it
// did not exist), so a bad path fails before any frame is rendered. Returns an
// error message, empty when fine.
std::string check_writable(const std::string& path);

// Reads the back buffer (width x height, RGB) of the current GL context and
// writes it to `path` as PNG. Returns an error message, empty on success.
std::string save_screenshot(const std::string& path, int width, int height);

}  // namespace tl::gui
