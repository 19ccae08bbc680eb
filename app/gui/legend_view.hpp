// The colour legend of the timeline: one chip per thread state (hover for
// its meaning) and the red mark of an acquire that had to wait.
#pragma once

namespace tl::gui {

void draw_legend();

}  // namespace tl::gui
