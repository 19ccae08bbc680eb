// The lesson pane: the lesson's Markdown (lessons/ID/text.LANG.md)
// laid out with wrapping, in the fonts of the UI, so Chinese and English
// lessons read alike.
#pragma once
#include <string>

namespace tl::gui {

// Draws `markdown` into the current window, wrapping at its width. Parsing
// is cached by text, so calling it every frame costs only the layout.
void draw_lesson(const std::string& markdown);

// Plain text wrapped at the window's width, breaking between words and
// between any two Chinese characters (ImGui's own wrapping only breaks at spaces).
void draw_wrapped(const std::string& text, unsigned color);
// The same, wrapping at `right` (a screen x) instead of the window's edge.
void draw_wrapped_to(const std::string& text, unsigned color, float right);

}  // namespace tl::gui
