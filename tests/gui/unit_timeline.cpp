// The timeline view driven headless: an ImGui context with no renderer, the
// way a benchmark times it. These tests check the properties that keep a
// frame cheap (culling, merging), not the time itself.
#include <catch2/catch.hpp>
#include <imgui.h>

#include <chrono>
#include <cstdio>

#include "gui/timeline_view.hpp"
#include "gui/trace_index.hpp"
#include "headless.hpp"
#include "synthetic_log.hpp"

using namespace tl;
using namespace tl::gui;

namespace {

constexpr float kWidth = testing::Headless::kWidth;

// One frame with the timeline filling a 1600x900 window.
struct Headless : testing::Headless {
    void frame(const TimelineInput& in, TimelineViewState& view) {
        testing::Headless::frame([&] { draw_timeline(in, view); });
    }
};

struct Fixture {
    EventLog log;
    Timeline timeline;
    TraceIndex index;
    explicit Fixture(uint32_t threads, size_t events) {
        testing::fill_synthetic_log(log, threads, events);
        timeline.update(log);
        index.update(log);
    }
    TimelineInput input() const {
        TimelineInput in;
        in.lanes = &timeline.lanes();
        in.index = &index;
        in.end_time = timeline.end_time();
        return in;
    }
    size_t segments() const {
        size_t n = 0;
        for (const Lane& l : timeline.lanes()) n += l.segments.size();
        return n;
    }
};

}  // namespace

TEST_CASE("timeline: 64 threads and 200k events draw at most a few rectangles per pixel column") {
    Fixture f(64, 200000);
    REQUIRE(f.timeline.lanes().size() == 64);
    REQUIRE(f.segments() > 100000);
    Headless ui;
    TimelineViewState view;
    view.follow = TimelineFollow::WholeRun;
    ui.frame(f.input(), view);  // first frame lays out

    const int frames = 20;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < frames; ++i) ui.frame(f.input(), view);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / frames;
    std::printf("timeline frame, 64 threads / 200k events, whole run: %.2f ms, %zu rects, %zu markers, %d vertices\n", ms,
                view.rects, view.markers, ImGui::GetDrawData()->TotalVtxCount);

    // Every lane is on screen (scrolling aside) and each pixel column of a
    // lane gets at most one rectangle: merging bounds the work by pixels.
    CHECK(view.rects > 0);
    CHECK(view.rects <= 64 * static_cast<size_t>(kWidth));
    CHECK(view.rects < view.segments_seen);  // sub-pixel segments were merged
}

TEST_CASE("timeline: zoomed in, only the segments in view are visited") {
    Fixture f(64, 200000);
    Headless ui;
    TimelineViewState view;
    view.follow = TimelineFollow::Free;
    view.span = static_cast<double>(f.timeline.end_time()) / 1000;  // a thousandth of the run
    view.left = static_cast<double>(f.timeline.end_time()) / 2;
    ui.frame(f.input(), view);
    ui.frame(f.input(), view);
    CHECK(view.segments_seen > 0);
    // Binary search skips what is off screen: a visible lane's few segments, not all of them.
    CHECK(view.segments_seen < f.segments() / 100);
}

TEST_CASE("timeline: following the live edge keeps the newest event in view") {
    Fixture f(4, 2000);
    Headless ui;
    TimelineViewState view;  // Live by default
    view.span = static_cast<double>(f.timeline.end_time()) / 10;
    ui.frame(f.input(), view);
    const double end = static_cast<double>(f.timeline.end_time());
    CHECK(view.left > 0);
    CHECK(view.left < end);
    CHECK(view.left + view.span >= end);
}

TEST_CASE("trace index: an acquire after blocking on the lock is marked as waited") {
    EventLog log;
    const uint32_t lock = log.add_object(ObjectInfo{"lock_a", ObjKind::Lock, 0});
    const uint32_t tid = log.add_thread(ThreadInfo{"T", kNone, false});
    auto append = [&](EvKind kind, uint8_t code, Nanos t, uint32_t object) {
        LogEvent e;
        e.kind = kind;
        e.code = code;
        e.t = t;
        e.thread = kind == EvKind::ObjNew ? kNone : tid;
        e.object = object;
        log.append(e);
    };
    append(EvKind::ObjNew, static_cast<uint8_t>(ObjKind::Lock), 0, lock);
    append(EvKind::ThreadNew, 0, 0, kNone);
    append(EvKind::OpDone, static_cast<uint8_t>(Op::Acquire), 10, lock);   // free: no wait
    append(EvKind::OpDone, static_cast<uint8_t>(Op::Release), 20, lock);
    append(EvKind::State, static_cast<uint8_t>(ThreadState::Blocked), 30, lock);
    append(EvKind::State, static_cast<uint8_t>(ThreadState::Running), 40, kNone);
    append(EvKind::OpDone, static_cast<uint8_t>(Op::Acquire), 40, lock);   // had to wait

    TraceIndex index;
    index.update(log);
    const auto& marks = index.markers(tid);
    REQUIRE(marks.size() == 3);
    CHECK_FALSE(marks[0].waited);
    CHECK_FALSE(marks[1].waited);
    CHECK(marks[2].waited);
    CHECK(index.describe(marks[2]) == "lock_a.acquire()");
    CHECK(index.thread_name(tid) == "T");
    CHECK(index.object_name(lock) == "lock_a");
}

TEST_CASE("timeline: axis labels use a precision that matches the tick step") {
    CHECK(format_time(2e9, 1e9) == "2 s");
    CHECK(format_time(1.5e9, 5e8) == "1.5 s");
    CHECK(format_time(1.25e9, 5e7) == "1.25 s");
    CHECK(format_time(2.4e5, 1e5) == "0.2 ms");
}

TEST_CASE("trace index: records without a thread or object are skipped, not indexed at kNone") {
    EventLog log;
    const uint32_t tid = log.add_thread(ThreadInfo{"T", kNone, false});
    LogEvent e;
    e.kind = EvKind::ThreadNew;
    e.thread = tid;
    log.append(e);
    e.kind = EvKind::State;  // a state record of no thread
    e.thread = kNone;
    e.code = static_cast<uint8_t>(ThreadState::Running);
    log.append(e);
    e.kind = EvKind::OpDone;  // an op of no thread
    log.append(e);
    TraceIndex index;
    index.update(log);
    CHECK(index.consumed() == 3);
    CHECK(index.thread_count() == 1);
    CHECK(index.thread_name(tid) == "T");
}
