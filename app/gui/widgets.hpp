// Small drawing helpers shared by the views: thread chips (a thread's name on
// its state colour, the same colours as the timeline), titled panes, and
// right-aligned text.
#pragma once
#include <imgui.h>

#include <string>

#include "threadlab/event.hpp"

namespace tl::gui {

// Size a chip with this text takes in the current font.
ImVec2 chip_size(const std::string& text);
// Draws a chip at `pos` in `dl` (no layout). Returns its size.
ImVec2 draw_chip(ImDrawList* dl, ImVec2 pos, const std::string& text, ThreadState state);
// A chip placed in the layout like a widget, with a tooltip telling the state.
void thread_chip(const std::string& name, ThreadState state);
// A pane title in the heading font, followed by a separator.
void pane_title(const char* text);
// Text in the bold font.
void bold_text(const char* text);
// `text` as it fits in `max_width` in the current font: whole, or with its
// middle replaced by "..." (both ends usually tell names apart:
// "ProcessPool...0.result_handler"). Cuts only between UTF-8 characters.
std::string elide_middle(const std::string& text, float max_width);
// `text` cut to `width` in the current font, with an ellipsis at its end
// (whole UTF-8 characters).
std::string fit_end(const std::string& text, float width);

}  // namespace tl::gui
