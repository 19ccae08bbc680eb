// The legend of the timeline: a chip per thread state that fills a lane
// (hover for its meaning), the two kinds of waiting drawn apart (in join(),
// an idle pool worker), how a thread ends (done, killed, failed), and every
// mark the lanes draw: the operation tick, "had to wait", returned False, an
// exception, a barrier tripped or broken; with `gil`, also the GIL hand-over
// connector and the drop-request diamond. Icons are drawn by mark_shapes, as
// the lanes draw them.
#pragma once

namespace tl::gui {

void draw_legend(bool gil = false);

}  // namespace tl::gui
