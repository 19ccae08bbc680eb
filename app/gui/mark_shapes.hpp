// The shapes of the timeline's marks, drawn by the lanes and by the legend
// alike so that the legend shows exactly what the lanes show. Each mark is a
// shape as well as a colour (a triangle, a circle with "!", a zigzag, a
// cross, a bar), so no two are told apart by red against green alone.
#pragma once
#include <imgui.h>

#include "gui/lane_marks.hpp"
#include "threadlab/event.hpp"

namespace tl::gui {

// A mark of an operation, in the band from `top` to `bottom` (the lane's
// tick band) at x.
void draw_lane_mark(ImDrawList* dl, LaneMark mark, float x, float top, float bottom);
// "Had to wait": a red triangle from `top` pointing down at `tip`, half as
// wide as `half`.
void draw_wait_mark(ImDrawList* dl, float x, float top, float tip, float half);
// How a thread ended, at x across a bar from y0 to y1: done a grey end bar,
// killed a black cross, failed a magenta cross.
void draw_end_shape(ImDrawList* dl, ThreadState final_state, float x, float y0, float y1);

}  // namespace tl::gui
