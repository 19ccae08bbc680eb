// The timeline over a dense stretch of lock operations (issue 9, the frame
// over a million events): a plain tick closer than 3 px to the last mark
// drawn shows nothing, so such a stretch is passed over in bulk
// (draw_markers). What it passes over must never hold a mark that shows,
// and the ticks drawn must be spaced as when each marker was visited.
#include <catch2/catch.hpp>
#include <imgui.h>

#include "gui/timeline_view.hpp"
#include "gui/trace_index.hpp"
#include "headless.hpp"
#include "log_builder.hpp"
#include "threadlab/reduce.hpp"

using namespace tl;
using namespace tl::gui;

namespace {

// One thread taking a lock every 10 us for 1 s (100,000 ticks, about 60 to
// a pixel column zoomed out); with `drops`, ten GIL drop requests 100 ms
// apart inside the stretch (a drop request is drawn 10 px from the last
// one, and leaves the ticks' spacing alone).
size_t markers_drawn(bool drops) {
    testing::LogBuilder b;
    const uint32_t a = b.thread("A");
    const uint32_t lock = b.object("lock", ObjKind::Lock);
    const uint32_t gil = b.object("GIL", ObjKind::Gil);
    b.state(a, ThreadState::Running);
    for (int i = 1; i <= 100'000; ++i) {
        b.t = Nanos(i) * 10'000;
        b.op(a, lock, Op::Acquire);
        if (drops && i % 10'000 == 5'000) b.op(a, gil, Op::DropRequest, 5'000'000, 0, a);
    }
    Timeline timeline;
    TraceIndex index;
    timeline.update(b.log);
    index.update(b.log);
    TimelineInput in;
    in.lanes = &timeline.lanes();
    in.index = &index;
    in.end_time = timeline.end_time();
    TimelineViewState view;
    view.follow = TimelineFollow::WholeRun;
    testing::Headless ui;
    ui.frame([&] { draw_timeline(in, view); });
    return view.markers;
}

}  // namespace

TEST_CASE("timeline: in a dense stretch of lock ticks, every drop request is drawn and the ticks as without them") {
    const size_t ticks = markers_drawn(false);
    // One tick every 3 px or a hair more across a lane narrower than the
    // 1600 px window: passing over more than a stretch would halve this.
    CHECK(ticks > 300);
    CHECK(ticks <= size_t(testing::Headless::kWidth / 3));
    CHECK(markers_drawn(true) == ticks + 10);
}
