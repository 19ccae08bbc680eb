// The run statistics reducer (reduce_stats.hpp) over hand-written logs,
// where every wait, depth and count is known, and over real runs, where its
// counts must be tl::summarize's (what `threadlab run` prints).
#include <catch2/catch.hpp>

#include "support.hpp"
#include "threadlab/executor.hpp"
#include "threadlab/reduce_stats.hpp"

using namespace tl;
using namespace tltest;

namespace {

constexpr Nanos kMs = 1'000'000;

struct Builder {
    EventLog log;
    Nanos t = 0;
    uint32_t thread(const std::string& name, uint32_t os_thread = kNone) {
        const uint32_t tid = log.add_thread(ThreadInfo{name, kNone, false, 0});
        LogEvent e;
        e.kind = EvKind::ThreadNew;
        e.thread = tid;
        e.other = os_thread;
        e.t = t;
        log.append(e);
        return tid;
    }
    uint32_t object(const std::string& name, ObjKind kind, int64_t initial = 0, bool internal = false) {
        const uint32_t id = log.add_object(ObjectInfo{name, kind, initial, kNone, internal});
        LogEvent e;
        e.kind = EvKind::ObjNew;
        e.object = id;
        e.code = uint8_t(kind);
        e.value = initial;
        e.ok = !internal;
        e.t = t;
        log.append(e);
        return id;
    }
    void state(uint32_t tid, ThreadState s, uint32_t object = kNone) {
        LogEvent e;
        e.kind = EvKind::State;
        e.thread = tid;
        e.code = uint8_t(s);
        e.object = object;
        e.t = t;
        log.append(e);
    }
    void op(uint32_t tid, uint32_t object, Op o, int64_t value = 0, bool ok = true) {
        LogEvent e;
        e.kind = EvKind::OpDone;
        e.thread = tid;
        e.object = object;
        e.code = uint8_t(o);
        e.value = value;
        e.ok = ok;
        e.t = t;
        log.append(e);
    }
};

}  // namespace

TEST_CASE("run statistics: waits per object, their lengths, the most waiters at once", "[reduce][stats]") {
    Builder b;
    const uint32_t a = b.thread("a"), c = b.thread("c"), d = b.thread("d");
    const uint32_t lock = b.object("lock", ObjKind::Lock);
    const uint32_t ev = b.object("ready", ObjKind::Event);
    for (uint32_t tid : {a, c, d}) b.state(tid, ThreadState::Running);
    b.op(a, lock, Op::Acquire, 1);
    b.state(c, ThreadState::Blocked, lock);   // c waits 0 .. 3 ms
    b.t = 1 * kMs;
    b.state(d, ThreadState::Blocked, lock);   // d waits 1 .. 9 ms: two waiters at once
    b.t = 3 * kMs;
    b.op(a, lock, Op::Release);
    b.state(c, ThreadState::Running);
    b.op(c, lock, Op::Acquire, 1);
    b.op(c, lock, Op::Acquire, 0, false);     // a failed try
    b.state(c, ThreadState::Waiting, ev);     // still waiting at the end
    b.t = 9 * kMs;
    b.state(d, ThreadState::Running);
    b.t = 10 * kMs;
    b.state(a, ThreadState::Done);

    const RunStatistics s = run_statistics(b.log);
    CHECK(s.duration == 10 * kMs);
    const ObjectWaits& l = s.objects[lock];
    CHECK(l.waits == 2);
    CHECK(l.waiting_now == 0);
    CHECK(l.lengths == std::vector<Nanos>{3 * kMs, 8 * kMs});
    CHECK(l.total == 11 * kMs);
    CHECK(l.mean() == 11 * kMs / 2);
    CHECK(l.longest == 8 * kMs);
    CHECK(l.max_waiters == 2);
    CHECK(l.ops == 4);  // acquire, release, acquire, the failed try
    CHECK(l.failures == 1);
    // The event's wait has not ended: counted, but no length yet.
    const ObjectWaits& e = s.objects[ev];
    CHECK(e.waits == 1);
    CHECK(e.waiting_now == 1);
    CHECK(e.lengths.empty());
    CHECK(e.mean() == 0);
    CHECK(e.max_waiters == 1);
    // A prefix: the first 10 events (3 threads, 2 objects, 3 running, an
    // acquire, c's wait) stop before d's wait began.
    const RunStatistics early = run_statistics(b.log, 10);
    CHECK(early.objects[lock].waits == 1);
    CHECK(early.objects[lock].waiting_now == 1);
}

TEST_CASE("run statistics: a listed queue's depth over time, the threads alive", "[reduce][stats]") {
    Builder b;
    const uint32_t main = b.thread("MainThread");
    const uint32_t q = b.object("q", ObjKind::Queue, 2);
    b.object("work", ObjKind::Queue, 0, true);  // an executor's: internal, no curve
    b.state(main, ThreadState::Running);
    b.t = 1 * kMs;
    const uint32_t w = b.thread("worker");
    const uint32_t g = b.thread("greenlet g @worker", w);  // a lane: not a thread of its own
    b.state(w, ThreadState::Running);
    b.state(g, ThreadState::Running);
    b.t = 2 * kMs;
    b.op(main, q, Op::Put, 1);
    b.t = 3 * kMs;
    b.op(main, q, Op::Put, 2);
    b.op(w, q, Op::Get, 1);  // the same moment: one point, the result
    b.t = 5 * kMs;
    b.op(w, q, Op::Get, 0);
    b.state(w, ThreadState::Failed);
    b.state(w, ThreadState::Failed);  // said twice: ends once
    b.t = 6 * kMs;
    b.state(main, ThreadState::Done);

    const RunStatistics s = run_statistics(b.log);
    REQUIRE(s.queues.size() == 1);
    CHECK(s.queues[0].queue == q);
    CHECK(s.queues[0].max_depth == 2);
    const std::vector<std::pair<Nanos, int64_t>> want_depth = {{0, 0}, {2 * kMs, 1}, {5 * kMs, 0}};
    std::vector<std::pair<Nanos, int64_t>> depth;
    for (const StepPoint& p : s.queues[0].points) depth.emplace_back(p.t, p.value);
    CHECK(depth == want_depth);
    const std::vector<std::pair<Nanos, int64_t>> want_alive = {{0, 1}, {1 * kMs, 2}, {5 * kMs, 1}, {6 * kMs, 0}};
    std::vector<std::pair<Nanos, int64_t>> alive;
    for (const StepPoint& p : s.alive) alive.emplace_back(p.t, p.value);
    CHECK(alive == want_alive);
    CHECK(s.max_alive == 2);
}

TEST_CASE("run statistics: operations and finished futures per round time bin", "[reduce][stats]") {
    Builder b;
    const uint32_t main = b.thread("MainThread");
    const uint32_t sem = b.object("pool", ObjKind::Semaphore, 2);
    const uint32_t f = b.object("f", ObjKind::Future);
    const uint32_t gil = b.object("GIL", ObjKind::Gil);
    b.state(main, ThreadState::Running);
    for (int i = 0; i < 10; ++i) {  // one acquire a millisecond, from 0 to 9 ms
        b.t = i * kMs;
        b.op(main, sem, Op::Acquire, 1);
        b.op(main, gil, Op::Acquire);  // not the program's work: not counted
    }
    b.op(main, f, Op::Running);
    b.op(main, f, Op::Finished, 7);
    b.t = 95 * kMs / 10;  // 9.5 ms
    b.state(main, ThreadState::Done);

    const RunStatistics s = run_statistics(b.log, SIZE_MAX, 5);
    // 9.5 ms in about 5 bins: 2 ms each (1.9 rounds up to 2), the last cut at 9.5.
    CHECK(s.operations.width == 2 * kMs);
    CHECK(s.operations.counts == std::vector<int64_t>{2, 2, 2, 2, 2});
    CHECK(s.operations.per_second(0) == Approx(1000));
    CHECK(s.operations.per_second(4) == Approx(2 / 0.0015));  // 2 in [8, 9.5) ms
    CHECK(s.operations.per_second(5) == 0);
    CHECK(s.futures_finished.counts == std::vector<int64_t>{0, 0, 0, 0, 1});
}

TEST_CASE("run statistics: round widths and the wait histogram", "[reduce][stats]") {
    CHECK(nice_width(0) == 1);
    CHECK(nice_width(3) == 5);
    CHECK(nice_width(10) == 10);
    CHECK(nice_width(11) == 20);
    CHECK(nice_width(1'900'000) == 2'000'000);
    CHECK(nice_width(5'000'001) == 10'000'000);
    CHECK(histogram({}).empty());
    // Waits of 0.5 .. 9 ms in at most 10 bins: 1 ms each, 9 ms in the last.
    const Histogram h = histogram({kMs / 2, kMs / 2, 3 * kMs / 2, 9 * kMs}, 10);
    CHECK(h.width == kMs);
    CHECK(h.counts == std::vector<int64_t>{2, 1, 0, 0, 0, 0, 0, 0, 0, 1});
    CHECK(h.max_count == 2);
    const Histogram zero = histogram({0, 0, 0});  // waits of no time (virtual time): one bin
    CHECK(zero.counts == std::vector<int64_t>{3});
}

TEST_CASE("run statistics: the counts are summarize's, on real runs", "[reduce][stats]") {
    auto check_against_summary = [](const EventLog& log) {
        const Summary sum = summarize(log);
        const RunStatistics s = run_statistics(log);
        REQUIRE(s.objects.size() == sum.objects.size());
        int64_t waits = 0;
        for (size_t i = 0; i < s.objects.size(); ++i) {
            INFO(log.object(uint32_t(i)).name);
            CHECK(s.objects[i].ops == sum.objects[i].ops);
            CHECK(s.objects[i].waits == sum.objects[i].waits);
            CHECK(s.objects[i].total == sum.objects[i].wait_time);
            CHECK(s.objects[i].max_waiters == sum.objects[i].max_waiters);
            CHECK(s.objects[i].failures == sum.objects[i].failures);
            CHECK(s.objects[i].waits == int64_t(s.objects[i].lengths.size()) + s.objects[i].waiting_now);
            waits += s.objects[i].waits;
        }
        CHECK(waits > 0);  // the runs below do wait
        CHECK(s.duration == sum.duration);
    };
    SECTION("producers and consumers on a bounded queue") {
        Runtime rt(det(3));
        rt.run([] {
            auto& q = make<Queue>("q", 2);
            auto& lock = make<Lock>("lock");
            for (int p = 0; p < 2; ++p)
                make<Thread>("producer-" + std::to_string(p), [&q, &lock] {
                    for (int i = 0; i < 6; ++i) {
                        sleep(0.001);
                        With<Lock> held(lock);
                        q.put(i);
                    }
                }).start();
            for (int i = 0; i < 12; ++i) {
                q.get();
                sleep(0.003);
            }
        });
        check_against_summary(rt.log());
        const RunStatistics s = run_statistics(rt.log());
        REQUIRE(s.queues.size() == 1);
        CHECK(s.queues[0].max_depth == 2);  // bounded at 2, and the producers are faster
        CHECK(s.max_alive == 3);
        CHECK(s.alive.back().value == 0);
    }
    SECTION("a thread pool's futures") {
        Runtime rt(det(5));
        rt.run([] {
            ThreadPoolExecutor& ex = make<ThreadPoolExecutor>(2);
            std::vector<Future*> fs;
            for (int i = 0; i < 8; ++i) fs.push_back(&ex.submit([] { sleep(0.002); return Future::Value(1); }));
            for (Future* f : fs) f->result();
            ex.shutdown();
        });
        check_against_summary(rt.log());
        const RunStatistics s = run_statistics(rt.log());
        int64_t finished = 0;
        for (int64_t c : s.futures_finished.counts) finished += c;
        CHECK(finished == 8);
    }
}
