// The lesson pane: the scenario's lesson Markdown (assets/lessons/ID.LANG.md)
// laid out with wrapping, in the fonts of the UI, so Chinese and English
// lessons read alike.
#pragma once
#include <string>

namespace tl::gui {

// Draws `markdown` into the current window, wrapping at its width. Parsing
// is cached by text, so calling it every frame costs only the layout.
void draw_lesson(const std::string& markdown);

}  // namespace tl::gui
