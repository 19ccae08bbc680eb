// The lanes' key moments (issue 9): which mark an operation gets (a barrier
// tripped or broken, an exception raised or uncaught, a call that returned
// False), and the "had to wait" mark on every blocking wait, not only on
// locks: queues, conditions, events, barriers, joins and a future's result().
#include <catch2/catch.hpp>

#include "gui/event_line.hpp"
#include "gui/lane_marks.hpp"
#include "gui/timeline_view.hpp"
#include "gui/trace_index.hpp"
#include "headless.hpp"
#include "log_builder.hpp"

using namespace tl;
using namespace tl::gui;
using tl::gui::testing::LogBuilder;

TEST_CASE("lane marks: only the last arrival trips a barrier; abort and BrokenBarrierError break it") {
    LogBuilder b;
    const uint32_t gate = b.object("gate", ObjKind::Barrier, 3);
    const uint32_t lock = b.object("lock", ObjKind::Lock);
    const uint32_t t1 = b.thread("t1"), t2 = b.thread("t2"), t3 = b.thread("t3");
    b.t = 10;
    b.op(t3, gate, Op::Wait, 2, 3);  // the third arrival: index parties - 1
    b.op(t1, gate, Op::Wait, 0, 3);
    b.op(t2, gate, Op::Wait, 1, 3);
    b.t = 20;
    b.op(t1, gate, Op::Abort, 1);
    b.raise(t2, gate, "BrokenBarrierError", Op::Wait);
    b.raise(t3, lock, "RuntimeError: release unlocked lock", Op::Release);
    b.op(t3, lock, Op::Acquire, 0, 0, false);  // acquire(blocking=False) that failed
    b.excepthook(t1, "ValueError: boom");
    TraceIndex index;
    index.update(b.log);

    const auto& m1 = index.markers(t1);
    const auto& m2 = index.markers(t2);
    const auto& m3 = index.markers(t3);
    REQUIRE(m1.size() == 3);
    REQUIRE(m2.size() == 2);
    REQUIRE(m3.size() == 3);
    CHECK(lane_mark(m3[0], index) == LaneMark::BarrierTripped);
    CHECK(lane_mark(m1[0], index) == LaneMark::Tick);
    CHECK(lane_mark(m2[0], index) == LaneMark::Tick);
    CHECK(lane_mark(m1[1], index) == LaneMark::BarrierBroken);
    CHECK(lane_mark(m2[1], index) == LaneMark::BarrierBroken);
    CHECK(lane_mark(m3[1], index) == LaneMark::Raised);
    CHECK(index.describe(m3[1]) == "lock: raise RuntimeError: release unlocked lock");
    CHECK(lane_mark(m3[2], index) == LaneMark::ReturnedFalse);
    // The uncaught exception that ended t1: its type on hover.
    CHECK(lane_mark(m1[2], index) == LaneMark::Uncaught);
    CHECK(index.describe(m1[2]) == "uncaught ValueError: boom");
    // The index decides each mark once, as lane_mark() would.
    for (const auto* marks : {&m1, &m2, &m3})
        for (const OpMarker& m : *marks) CHECK(mark_of(m) == lane_mark(m, index));
}

TEST_CASE("lane marks: every blocking wait that ends in a wake-up is a finished wait with the mark") {
    LogBuilder b;
    const uint32_t main = b.thread("MainThread"), w = b.thread("worker");
    const uint32_t q = b.object("q", ObjKind::Queue, 2);
    const uint32_t cond = b.object("cond", ObjKind::Condition);
    const uint32_t ev = b.object("ev", ObjKind::Event);
    const uint32_t gate = b.object("gate", ObjKind::Barrier, 2);
    const uint32_t fut = b.object("fut", ObjKind::Future);
    const uint32_t worker_obj = b.object("worker", ObjKind::Thread);
    const uint32_t pool = b.object("pool", ObjKind::Executor, 2);
    const uint32_t mp_pool = b.object("mp_pool", ObjKind::Pool, 2);
    const uint32_t gil = b.object("GIL", ObjKind::Gil);
    const uint32_t lock = b.object("lock", ObjKind::Lock);
    auto wait_on = [&](uint32_t tid, uint32_t object, ThreadState s = ThreadState::Waiting) {
        b.state(tid, s, object);
        b.t += 100'000'000;  // 0.1 s, so that the marks stand apart on screen
        b.state(tid, ThreadState::Running);
        b.t += 10'000'000;
    };
    wait_on(main, q);
    b.op(main, q, Op::Get, 0, 7);  // the get after its wait
    wait_on(main, cond);
    wait_on(main, ev);
    wait_on(main, gate);
    wait_on(main, fut);  // result(): a Python program records no op after it
    wait_on(main, worker_obj);
    wait_on(main, lock, ThreadState::Blocked);
    wait_on(w, pool);    // an idle worker: no mark
    wait_on(w, gil, ThreadState::Blocked);  // the GIL: its hand-overs say it
    b.state(w, ThreadState::Blocked, lock);  // killed while it waits: never got it
    b.t += 50'000'000;
    b.state(w, ThreadState::Killed);

    TraceIndex index;
    index.update(b.log);
    const auto& waits = index.waits(main);
    REQUIRE(waits.size() == 7);
    const uint32_t expected[] = {q, cond, ev, gate, fut, worker_obj, lock};
    for (size_t i = 0; i < waits.size(); ++i) {
        INFO("wait " << i << " on " << index.object_name(waits[i].object));
        CHECK(waits[i].object == expected[i]);
        CHECK(waits[i].end - waits[i].start == 100'000'000);
        CHECK(index.wait_marked(waits[i]));
    }
    CHECK(waits[6].state == ThreadState::Blocked);
    const auto& worker_waits = index.waits(w);
    REQUIRE(worker_waits.size() == 2);  // the idle one and the GIL's; not the one it died in
    CHECK(index.idle_wait(pool));
    CHECK_FALSE(index.idle_wait(mp_pool));  // pool.join() waits on a process pool: waiting, not idle
    CHECK_FALSE(index.wait_marked(worker_waits[0]));
    CHECK_FALSE(index.wait_marked(worker_waits[1]));

    // The timeline draws one mark per marked wait (and the get's tick is
    // left out: its wait mark says more).
    Timeline timeline;
    timeline.update(b.log);
    TimelineInput in;
    in.lanes = &timeline.lanes();
    in.index = &index;
    in.end_time = timeline.end_time();
    TimelineViewState view;
    view.follow = TimelineFollow::Free;
    view.left = 0;
    view.span = static_cast<double>(timeline.end_time()) * 1.1;
    tl::gui::testing::Headless ui;
    ui.frame([&] { draw_timeline(in, view); });
    ui.frame([&] { draw_timeline(in, view); });
    CHECK(view.markers == 7);
}

TEST_CASE("lane marks: an engine pool's work queue is where its workers idle") {
    LogBuilder b;
    const uint32_t work = b.object("E.work_queue", ObjKind::Queue);
    const uint32_t other = b.object("jobs", ObjKind::Queue);
    const uint32_t w = b.thread("E_0");
    b.state(w, ThreadState::Waiting, work);
    b.state(w, ThreadState::Waiting, other);
    TraceIndex index;
    index.update(b.log);
    CHECK(index.idle_wait(work));
    CHECK_FALSE(index.idle_wait(other));
}

TEST_CASE("lane marks: start() waiting for its thread to begin is not a wait of the lesson's; the join is") {
    LogBuilder b;
    const uint32_t main = b.thread("MainThread");
    const uint32_t worker = b.object("worker", ObjKind::Thread);
    const uint32_t started_lock = b.object("waiter-1", ObjKind::Lock, 0, true);
    b.op(main, worker, Op::Start);
    b.op(main, started_lock, Op::Acquire);  // the _started Event's locks in between
    b.op(main, started_lock, Op::Acquire, 0, 0, false);  // a try-lock of the library's
    b.state(main, ThreadState::Waiting, worker);
    b.t += 10;
    b.state(main, ThreadState::Running);
    b.t += 10;
    b.state(main, ThreadState::Waiting, worker);  // worker.join()
    b.t += 10;
    b.state(main, ThreadState::Running);
    b.op(main, worker, Op::Join);
    TraceIndex index;
    index.update(b.log);
    const auto& waits = index.waits(main);
    REQUIRE(waits.size() == 2);
    CHECK_FALSE(index.wait_marked(waits[0]));
    CHECK(index.wait_marked(waits[1]));
    // The library's failed try-lock is a plain tick, not "returned False".
    const auto& marks = index.markers(main);
    REQUIRE(marks.size() == 4);
    CHECK(lane_mark(marks[2], index) == LaneMark::Tick);
    CHECK(lane_mark(marks[2], ObjKind::Lock, 0) == LaneMark::ReturnedFalse);
}

TEST_CASE("lane marks: a thread killed in its wait gets no wait mark and no exception from the library's unwinding") {
    LogBuilder b;
    const uint32_t w = b.thread("worker");
    const uint32_t jobs = b.object("jobs", ObjKind::Queue);
    const uint32_t mutex = b.object("jobs.mutex", ObjKind::Lock, 0, true);
    b.state(w, ThreadState::Waiting, jobs);  // get() on an empty queue
    b.t += 100;
    b.raise(w, mutex, "RuntimeError: release unlocked lock", Op::Release);  // the kill unwinding
    b.state(w, ThreadState::Killed);
    TraceIndex index;
    index.update(b.log);
    CHECK(index.waits(w).empty());
    REQUIRE(index.markers(w).size() == 1);
    CHECK(lane_mark(index.markers(w)[0], index) == LaneMark::Tick);
}

TEST_CASE("lane marks: main's end (Op::Exit) is a mark of its own, with or without an exception") {
    LogBuilder b;
    const uint32_t main = b.thread("MainThread");
    b.state(main, ThreadState::Running);
    b.t += 50;
    b.op(main, kNone, Op::Exit, 0, 0, true);
    TraceIndex index;
    index.update(b.log);
    REQUIRE(index.markers(main).size() == 1);
    CHECK(lane_mark(index.markers(main)[0], index) == LaneMark::MainReturned);
    CHECK(mark_of(index.markers(main)[0]) == LaneMark::MainReturned);
    CHECK(index.describe(index.markers(main)[0]) == "main returned: threading._shutdown()");
    OpMarker raised = index.markers(main)[0];
    raised.ok = false;  // main's code raised: shutdown begins all the same
    CHECK(lane_mark(raised, index) == LaneMark::MainReturned);
    CHECK(index.describe(raised) == "main raised: threading._shutdown()");
}

TEST_CASE("lane marks: a program's phases are bands of the index, not marks on a lane") {
    LogBuilder b;
    const uint32_t main = b.thread("MainThread");
    b.state(main, ThreadState::Running);
    b.t = 10;
    b.op(main, kNone, Op::Phase, b.log.intern("serial"));
    b.t = 90;
    b.op(main, kNone, Op::Phase, b.log.intern("parallel"));
    TraceIndex index;
    index.update(b.log);
    REQUIRE(index.phases().size() == 2);
    CHECK(index.phases()[0].t == 10);
    CHECK(index.phases()[0].name == "serial");
    CHECK(index.phases()[1].name == "parallel");
    CHECK(index.markers(main).empty());
    // The scrubber's line for it: the call as the program wrote it.
    const LogEvent& phase = b.log[b.log.size() - 1];
    CHECK(event_line(b.log, phase, index) == "MainThread: threadlab.phase(\"parallel\")");
}

TEST_CASE("lane marks: a teacher's live change is indexed on its thread's lane, with its label's text") {
    LogBuilder b;
    const uint32_t main = b.thread("MainThread");
    const uint32_t teacher = b.thread("teacher");
    b.state(main, ThreadState::Running);
    b.t = 1100;
    LogEvent e;
    e.kind = EvKind::Print;
    e.ok = 1;
    e.thread = teacher;
    e.t = b.t;
    e.value = b.log.intern("teacher: ticks 4 -> 2");
    b.log.append(e);
    e.value = b.log.intern("teacher: a later line of its call");
    b.log.append(e);
    e.thread = main;
    e.value = b.log.intern("teacher: main printing this is no change");
    b.log.append(e);
    TraceIndex index;
    index.update(b.log);
    REQUIRE(index.live_change(teacher) != nullptr);
    CHECK(index.live_change(teacher)->t == 1100);
    CHECK(index.live_change(teacher)->text == "ticks 4 -> 2");
    CHECK(index.live_change(main) == nullptr);
}
