// Steps as the timeline's axis (step_log.hpp): a deterministic run's log
// re-timed by turn, so turns taken while virtual time stands still each
// take one unit of the axis, one thread green at a time.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "gui/i18n.hpp"
#include "gui/session.hpp"
#include "gui/step_log.hpp"
#include "gui/timeline_view.hpp"
#include "headless.hpp"
#include "log_builder.hpp"
#include "poll_until.hpp"
#include "threadlab/reduce.hpp"

using namespace tl;
using namespace tl::gui;

namespace {

constexpr Nanos kS = StepLog::kStep;

// The running segments of a lane, as [start, end) pairs.
std::vector<std::pair<Nanos, Nanos>> running(const Lane& lane, Nanos end_time) {
    std::vector<std::pair<Nanos, Nanos>> out;
    for (size_t i = 0; i < lane.segments.size(); ++i) {
        const Segment& s = lane.segments[i];
        if (s.state != ThreadState::Running) continue;
        const Nanos end = i + 1 < lane.segments.size() ? lane.segments[i + 1].start : end_time;
        out.push_back({s.start, end});
    }
    return out;
}

}  // namespace

TEST_CASE("step log: each turn is one unit of the axis, whatever time it took", "[gui][steps]") {
    testing::LogBuilder b;
    const uint32_t a = b.thread("A");
    const uint32_t c = b.thread("C");
    const uint32_t lock = b.object("lock", ObjKind::Lock);
    b.t = 5;  // three turns at one moment of virtual time ...
    b.state(a, ThreadState::Running);
    b.op(a, lock, Op::Acquire);
    b.state(a, ThreadState::Ready);
    b.state(c, ThreadState::Running);
    b.state(c, ThreadState::Blocked, lock);
    b.state(a, ThreadState::Running);
    b.t = 2'000'000'000;  // ... and one that computed for two seconds
    b.op(a, lock, Op::Release);
    b.state(a, ThreadState::Done);
    b.state(c, ThreadState::Running);
    b.state(c, ThreadState::Done);

    StepLog steps;
    steps.update(b.log);
    CHECK(steps.turns() == 4);
    REQUIRE(steps.copied() == b.log.size());
    REQUIRE(steps.log().size() == b.log.size());
    // The same threads, objects and strings, under the same ids; the events in their order.
    CHECK(steps.log().thread(a).name == "A");
    CHECK(steps.log().object(lock).name == "lock");
    for (size_t i = 0; i + 1 < steps.log().size(); ++i) {
        CHECK(steps.log()[i].kind == b.log[i].kind);
        CHECK(steps.at(i) < steps.at(i + 1));
    }
    Timeline t;
    t.update(steps.log());
    const auto ra = running(t.lanes()[a], t.end_time());
    const auto rc = running(t.lanes()[c], t.end_time());
    REQUIRE(ra.size() == 2);
    REQUIRE(rc.size() == 2);
    // A's first turn, C's, A's second (its two seconds of work: one unit), C's last. A turn is
    // one unit but for the nanoseconds its first events take (they keep their order).
    auto one_unit = [](std::pair<Nanos, Nanos> r) { return r.second - r.first > kS - 10 && r.second - r.first <= kS; };
    CHECK(one_unit(ra[0]));
    CHECK(rc[0].first >= ra[0].second);
    CHECK(one_unit(rc[0]));
    CHECK(ra[1].first >= rc[0].second);
    CHECK(one_unit(ra[1]));
    CHECK(rc[1].first >= ra[1].second);
    CHECK(format_turn(double(3 * kS)) == "3");

    // Folded on as the log grows: the same as all at once.
    testing::LogBuilder more;
    StepLog part;
    const uint32_t x = more.thread("X");
    more.state(x, ThreadState::Running);
    part.update(more.log);
    more.state(x, ThreadState::Ready);
    more.state(x, ThreadState::Running);
    part.update(more.log);
    CHECK(part.turns() == 2);
    // (Event 0 is X's ThreadNew.) Its turn ended one unit on; it ran again right there.
    CHECK(part.at(2) == kS);
    CHECK(part.at(3) == kS + 1);
}

TEST_CASE("step log: a deterministic race by bytecode, drawn by turn, has one thread running at a time",
          "[gui][steps]") {
    const std::string path = (std::filesystem::temp_directory_path() / "threadlab-tiny-race.py").string();
    std::ofstream(path) << "import threading\n\ncounter = 0\n\n\ndef work():\n    global counter\n"
                           "    for _ in range(3):\n        counter += 1\n\n\n"
                           "ts = [threading.Thread(target=work, name=f'T{i}') for i in range(2)]\n"
                           "for t in ts:\n    t.start()\nfor t in ts:\n    t.join()\nprint('counter', counter)\n";
    Session s;
    s.set_child_program(THREADLAB_BINARY);
    s.config().mode = Mode::Deterministic;
    s.set_speed(kMaxSpeed);
    s.granularity() = py::Granularity::Bytecode;
    s.open_file(path);
    s.set_steps_axis(true);
    s.start();
    REQUIRE(testing::poll_until(s, [&] { return s.status() == RunStatus::Finished && s.outcome(); }));
    REQUIRE(s.steps_axis());
    const Timeline& t = s.steps_timeline();
    REQUIRE(t.lanes().size() == 3);  // MainThread, T0, T1
    // Virtual time hardly moved; the turns did, dozens of them.
    CHECK(s.steps().turns() > 20);
    CHECK(t.end_time() > Nanos(20) * StepLog::kStep);
    // One green at a time: no two threads' running segments overlap.
    std::vector<std::pair<Nanos, Nanos>> all;
    for (const Lane& lane : t.lanes())
        for (const auto& r : running(lane, t.end_time())) all.push_back(r);
    std::sort(all.begin(), all.end());
    for (size_t i = 0; i + 1 < all.size(); ++i) CHECK(all[i].second <= all[i + 1].first);
    // Each of the workers had several turns.
    CHECK(running(t.lanes()[1], t.end_time()).size() >= 3);
    CHECK(running(t.lanes()[2], t.end_time()).size() >= 3);
    // Scrubbed, the cursor stands on the steps axis.
    s.scrub_to(s.log_events() / 2);
    REQUIRE(s.steps_cursor());
    CHECK(*s.steps_cursor() == s.steps().at(s.log_events() / 2 - 1));
    // Drawn by turn, in both languages and at a projector's scale: no crash.
    testing::Headless ui;
    TimelineViewState view;
    TimelineInput in;
    in.steps = true;
    in.lanes = &t.lanes();
    in.index = &s.steps_index();
    in.end_time = t.end_time();
    in.cursor = s.steps_cursor();
    for (const char* lang : {"en", "zh"}) {
        set_language(lang);
        ui.frame([&] { draw_timeline(in, view); });
    }
    set_language("en");
    CHECK(view.rects > 20);
    // Off again: the time axis's own reductions.
    s.set_steps_axis(false);
    CHECK_FALSE(s.steps_axis());
    std::filesystem::remove(path);
}
