// The colour legend of the timeline: one chip per thread state (hover for
// its meaning) and the red mark of an acquire that had to wait; with `gil`,
// also the GIL hand-over connector and the drop-request diamond.
#pragma once

namespace tl::gui {

void draw_legend(bool gil = false);

}  // namespace tl::gui
