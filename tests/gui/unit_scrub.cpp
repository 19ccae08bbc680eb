// Going back in time (issue 9): the view position, the prefix every pane
// reads, the scrubber's keys and its one-line events. The world at position
// k must be exactly world_at(log, k), however the position got there.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "gui/event_line.hpp"
#include "gui/i18n.hpp"
#include "gui/scrubber_view.hpp"
#include "gui/session.hpp"
#include "poll_until.hpp"
#include "gui/view_position.hpp"
#include "headless.hpp"
#include "log_builder.hpp"
#include "threadlab/threading.hpp"

using namespace tl;
using namespace tl::gui;
using tl::gui::testing::LogBuilder;

namespace {

// worker-1 takes the lock at 10 ms and lets it go at 20 ms; worker-2
// blocks on it in between and gets it afterwards.
struct LockLog {
    LogBuilder b;
    uint32_t w1 = 0, w2 = 0, lock = 0;
    size_t acquired = 0;  // events up to worker-1's acquire
    size_t released = 0;  // events up to its release
    LockLog() {
        w1 = b.thread("worker-1");
        w2 = b.thread("worker-2");
        lock = b.object("lock", ObjKind::Lock);
        b.state(w1, ThreadState::Running);
        b.state(w2, ThreadState::Running);
        b.t = 10'000'000;
        b.op(w1, lock, Op::Acquire);
        acquired = b.log.size();
        b.state(w2, ThreadState::Blocked, lock);
        b.t = 20'000'000;
        b.op(w1, lock, Op::Release);
        released = b.log.size();
        b.state(w2, ThreadState::Running);
        b.op(w2, lock, Op::Acquire);
        b.op(w2, lock, Op::Release);
        b.state(w1, ThreadState::Done);
        b.state(w2, ThreadState::Done);
    }
};

// The parts of a world the panes show, compared field by field.
void same_world(const World& a, const World& b) {
    REQUIRE(a.events == b.events);
    CHECK(a.time == b.time);
    REQUIRE(a.threads.size() == b.threads.size());
    for (size_t i = 0; i < a.threads.size(); ++i) {
        CHECK(a.threads[i].state == b.threads[i].state);
        CHECK(a.threads[i].object == b.threads[i].object);
    }
    REQUIRE(a.objects.size() == b.objects.size());
    for (size_t i = 0; i < a.objects.size(); ++i) {
        CHECK(a.objects[i].owner == b.objects[i].owner);
        CHECK(a.objects[i].waiters == b.objects[i].waiters);
    }
    CHECK(a.output.size() == b.output.size());
}

// Two workers take one lock in turn, each printing while it holds it.
void open_two_workers(Session& s) {
    s.set_child_program(THREADLAB_BINARY);
    s.open_file(THREADLAB_PY_PROGRAMS "/two_workers.py");
}

void run_to_end(Session& s) {
    s.start();
    s.wait();
    s.poll();
    REQUIRE(s.status() == RunStatus::Finished);
}

// The number of events after which the session's own log has the lock held
// (its first successful acquire).
size_t first_acquire(const EventLog& log, uint32_t lock) {
    for (size_t i = 0; i < log.size(); ++i)
        if (log[i].kind == EvKind::OpDone && log[i].object == lock && static_cast<Op>(log[i].code) == Op::Acquire &&
            log[i].ok)
            return i + 1;
    return 0;
}

uint32_t lock_of(const World& w) {
    for (const ObjectView& o : w.objects)
        if (o.kind == ObjKind::Lock && !o.internal) return o.id;
    return kNone;
}

}  // namespace

TEST_CASE("scrub: the position is live or 1..n, and moving onto n is live again") {
    ViewPosition p;
    CHECK(p.live());
    CHECK(p.events(40) == 40);
    p.go_to(12, 40);
    CHECK_FALSE(p.live());
    CHECK(p.events(40) == 12);
    CHECK(p.events(50) == 12);  // the log grows (a paused run's last events): the view stays put
    p.move(-1, 40);
    CHECK(p.events(40) == 11);
    p.move(+1, 40);
    CHECK(p.events(40) == 12);
    p.go_to(0, 40);  // before the first event: clamped to it
    CHECK(p.events(40) == 1);
    p.move(-1, 40);
    CHECK(p.events(40) == 1);
    p.go_to(39, 40);
    p.move(+1, 40);  // onto the end: live
    CHECK(p.live());
    p.move(-1, 40);  // from live: one back from the end
    CHECK(p.events(40) == 39);
    p.go_to(500, 40);
    CHECK(p.live());
    p.go_to(3, 0);  // nothing to look back at
    CHECK(p.live());
}

TEST_CASE("scrub: the prefix at k is the world of the first k events, a released lock held before its release") {
    LockLog l;
    PrefixCache cache;
    const Reductions& at = cache.at(l.b.log, l.acquired);
    CHECK(at.world.objects[l.lock].owner == l.w1);
    CHECK(world_at(l.b.log).objects[l.lock].owner == kNone);  // released by the end
    CHECK(cache.at(l.b.log, l.acquired + 1).world.threads[l.w2].state == ThreadState::Blocked);
    CHECK(cache.at(l.b.log, l.released).world.objects[l.lock].owner == kNone);
    // Every k, in either direction, as world_at folds it.
    for (size_t k = 1; k <= l.b.log.size(); ++k) same_world(cache.at(l.b.log, k).world, world_at(l.b.log, k));
    for (size_t k = l.b.log.size(); k >= 1; --k) same_world(cache.at(l.b.log, k).world, world_at(l.b.log, k));
    // The timeline of the prefix ends at its last event; its index knows who waited.
    CHECK(cache.at(l.b.log, l.acquired).timeline.end_time() == 10'000'000);
    CHECK(cache.at(l.b.log, l.b.log.size()).index.waits(l.w2).size() == 1);
    CHECK(cache.at(l.b.log, l.acquired).index.waits(l.w2).empty());
}

TEST_CASE("scrub: a long log is refolded from the nearest checkpoint, never from the start") {
    LogBuilder b;
    const uint32_t w = b.thread("worker");
    const uint32_t lock = b.object("lock", ObjKind::Lock);
    b.state(w, ThreadState::Running);
    for (int i = 0; b.log.size() < 100'000; ++i) {
        b.t += 1000;
        b.op(w, lock, i % 2 ? Op::Release : Op::Acquire);
    }
    const size_t n = b.log.size();
    PrefixCache cache;
    const auto t0 = std::chrono::steady_clock::now();
    cache.at(b.log, n);
    const double whole_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    CHECK(cache.folded() == n);
    UNSCOPED_INFO("folding " << n << " events took " << whole_ms << " ms");
    // A few copies kept, never more than kMaxCheckpoints, however long the log.
    CHECK(cache.checkpoints() <= PrefixCache::kMaxCheckpoints);
    CHECK(cache.checkpoints() >= 2);
    CHECK(cache.spacing() * (cache.checkpoints() + 1) > n);
    // Dragging back over the whole run, a frame at a time: each move folds
    // at most one checkpoint's stretch.
    size_t before = cache.folded();
    for (size_t k = n; k > 1000; k -= 997) {
        const Reductions& r = cache.at(b.log, k);
        CHECK(r.events == k);
        CHECK(cache.folded() - before <= cache.spacing());
        before = cache.folded();
    }
    // And forward again in jumps: from a checkpoint, not from where it stood.
    cache.at(b.log, 10);
    before = cache.folded();
    cache.at(b.log, n - 5);
    CHECK(cache.folded() - before <= cache.spacing());
    // Jumps land on the same worlds as folding from scratch (odd k: the lock is held).
    for (size_t k : {n - 1, size_t{16385}, size_t{16383}, size_t{32769}, size_t{3}, n}) {
        same_world(cache.at(b.log, k).world, world_at(b.log, k));
        CHECK(cache.at(b.log, k).world.objects[lock].owner == (k % 2 == 0 ? w : kNone));
    }
    // One step forward folds one event.
    cache.at(b.log, 50'000);
    before = cache.folded();
    cache.at(b.log, 50'001);
    CHECK(cache.folded() - before == 1);
}

TEST_CASE("scrub: a finished run is looked at as of any event, and step back and on move by one and clamp") {
    Session s;
    s.config().mode = Mode::Deterministic;
    s.set_speed(20);
    open_two_workers(s);
    CHECK_FALSE(s.can_scrub());  // no run yet
    run_to_end(s);
    const size_t n = s.log_events();
    REQUIRE(n > 10);
    REQUIRE(s.can_scrub());
    CHECK_FALSE(s.scrubbing());
    CHECK(s.view_events() == n);
    CHECK_FALSE(s.view_cursor());  // live: no cursor on the timeline

    const uint32_t lock = lock_of(s.world());
    REQUIRE(lock != kNone);
    const size_t k = first_acquire(*s.log(), lock);
    REQUIRE(k > 0);
    CHECK(s.world().objects[lock].owner == kNone);  // released by the end
    s.scrub_to(k);
    CHECK(s.scrubbing());
    CHECK(s.view_events() == k);
    const uint32_t owner = s.view_world().objects[lock].owner;
    CHECK(owner != kNone);
    CHECK(s.view_index().thread_name(owner).rfind("worker-", 0) == 0);
    same_world(s.view_world(), world_at(*s.log(), k));
    CHECK(s.view_output().output.size() <= 1);  // at most the holder's print has happened
    REQUIRE(s.view_cursor());
    CHECK(*s.view_cursor() == (*s.log())[k - 1].t);
    CHECK(s.view_event() == &(*s.log())[k - 1]);

    s.scrub_by(-1);
    CHECK(s.view_events() == k - 1);
    same_world(s.view_world(), world_at(*s.log(), k - 1));
    press(s, ScrubKey::On);
    CHECK(s.view_events() == k);
    press(s, ScrubKey::First);
    CHECK(s.view_events() == 1);
    press(s, ScrubKey::Back);  // clamps at the first event
    CHECK(s.view_events() == 1);
    CHECK(s.scrubbing());
    s.scrub_to(n - 1);
    press(s, ScrubKey::On);  // onto the end: live
    CHECK_FALSE(s.scrubbing());
    CHECK(s.view_events() == n);
    CHECK(s.view_world().objects[lock].owner == kNone);
    press(s, ScrubKey::Back);
    CHECK(s.view_events() == n - 1);
    press(s, ScrubKey::Live);
    CHECK_FALSE(s.scrubbing());
}

TEST_CASE("scrub: a new run, Run on a paused one and Right at the live end go back to watching live") {
    Session s;
    s.config().mode = Mode::Deterministic;
    s.set_speed(20);
    open_two_workers(s);
    run_to_end(s);
    s.scrub_to(3);
    REQUIRE(s.scrubbing());
    run_to_end(s);  // a new run
    CHECK_FALSE(s.scrubbing());
    CHECK(s.view_events() == s.log_events());

    // Right while live is Step: on a finished run that starts it again, paused.
    const uint64_t runs = s.run_number();
    press(s, ScrubKey::On);
    CHECK(s.run_number() == runs + 1);
    CHECK(s.status() == RunStatus::Paused);
    // Paused before its first step, with its RunStart in the log (from the child, a moment later).
    REQUIRE(testing::poll_until(s, [&] { return s.can_scrub(); }));
    s.scrub_to(1);
    CHECK(s.scrubbing());
    s.toggle_run();  // Run: it goes on, and is watched live
    CHECK_FALSE(s.scrubbing());
    s.scrub_to(1);  // not while it runs
    if (s.status() == RunStatus::Running) CHECK_FALSE(s.scrubbing());
    s.wait();
    s.poll();
    CHECK_FALSE(s.scrubbing());
}

TEST_CASE("scrub: the label says what the event was, in English and Chinese") {
    LockLog l;
    l.b.t = 30'000'000;
    l.b.log.append([&] {
        LogEvent e;
        e.kind = EvKind::Print;
        e.thread = l.w2;
        e.value = l.b.log.intern("done");
        e.t = l.b.t;
        return e;
    }());
    TraceIndex index;
    index.update(l.b.log);
    const EventLog& log = l.b.log;
    set_language("en");
    CHECK(event_line(log, log[l.acquired - 1], index) == "worker-1: lock.acquire()");
    CHECK(event_line(log, log[l.acquired], index) == "worker-2 is blocked on lock");
    CHECK(event_line(log, log[0], index) == "new thread worker-1");
    CHECK(event_line(log, log[2], index) == "new Lock lock");
    CHECK(event_line(log, log[log.size() - 1], index) == "worker-2 prints: done");
    set_language("zh");
    CHECK(event_line(log, log[l.acquired], index) == "worker-2 变为阻塞（lock）");
    CHECK(event_line(log, log[0], index) == "新线程 worker-1");
    CHECK(event_line(log, log[log.size() - 1], index) == "worker-2 打印：done");
    set_language("en");
}

TEST_CASE("scrub: the scrubber takes one row when wide, two when narrow, one again in a short pane") {
    testing::Headless h;
    Session s;
    s.config().mode = Mode::Deterministic;
    s.set_speed(20);
    open_two_workers(s);
    float none = -1, wide = 0, narrow = 0, short_pane = 0, row = 0;
    h.frame([&] { none = scrubber_height(s, ImVec2(1600, 400)); });
    CHECK(none == 0);  // no run yet
    run_to_end(s);
    s.scrub_to(4);
    h.frame([&] {
        const float font = ImGui::GetFontSize();
        row = ImGui::GetFrameHeightWithSpacing();
        wide = scrubber_height(s, ImVec2(font * 60, font * 20));
        narrow = scrubber_height(s, ImVec2(font * 30, font * 20));
        short_pane = scrubber_height(s, ImVec2(font * 30, font * 6));
        // Drawn in each shape (a narrow, short one: the label in the slider).
        for (ImVec2 size : {ImVec2(font * 60, font * 20), ImVec2(font * 30, font * 20), ImVec2(font * 30, font * 6)}) {
            ImGui::BeginChild(static_cast<ImGuiID>(size.x + size.y * 1000), size);
            draw_scrubber(s, ImGui::GetContentRegionAvail());
            ImGui::EndChild();
        }
    });
    CHECK(wide > row);
    CHECK(wide < 2 * row);
    CHECK(narrow > 2 * row);
    CHECK(short_pane == wide);
    CHECK(s.view_events() == 4);  // drawing moved nothing
}
