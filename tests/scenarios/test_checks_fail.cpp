// The checks must be able to fail: each test builds a log in which one
// invariant is broken (by hand, or by a run that honestly breaks it) and
// expects exactly that check to fail, next to a control that passes.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "scenario.hpp"
#include "support.hpp"
#include "threadlab/runtime.hpp"

namespace {

using namespace tl;

constexpr Nanos kSecond = 1'000'000'000;

// Writes a log the way the engine would, one event at a time.
class LogBuilder {
public:
    LogBuilder() { main_ = thread("MainThread"); }

    uint32_t thread(const std::string& name) {
        const uint32_t obj = object(name, ObjKind::Thread, 0);
        const uint32_t tid = log.add_thread({name, obj, false});
        LogEvent e;
        e.kind = EvKind::ThreadNew;
        e.thread = tid;
        e.object = obj;
        e.ok = 0;
        log.append(e);
        state(0, tid, ThreadState::Running);
        return tid;
    }
    uint32_t object(const std::string& name, ObjKind kind, int64_t initial) {
        const uint32_t id = log.add_object({name, kind, initial});
        LogEvent e;
        e.kind = EvKind::ObjNew;
        e.object = id;
        e.code = static_cast<uint8_t>(kind);
        e.value = initial;
        log.append(e);
        return id;
    }
    void state(Nanos t, uint32_t tid, ThreadState s, uint32_t obj = kNone) {
        LogEvent e;
        e.t = t;
        e.kind = EvKind::State;
        e.thread = tid;
        e.code = static_cast<uint8_t>(s);
        e.object = obj;
        log.append(e);
    }
    void op(Nanos t, uint32_t tid, uint32_t obj, Op o, bool ok, int64_t value = 0, int64_t aux = 0,
            uint32_t other = kNone) {
        LogEvent e;
        e.t = t;
        e.kind = EvKind::OpDone;
        e.thread = tid;
        e.object = obj;
        e.code = static_cast<uint8_t>(o);
        e.ok = ok;
        e.value = value;
        e.aux = aux;
        e.other = other;
        log.append(e);
    }
    void raise(Nanos t, uint32_t tid, uint32_t obj, const std::string& text) {
        op(t, tid, obj, Op::Raise, false, log.intern(text));
    }
    void print(Nanos t, uint32_t tid, const std::string& text) {
        LogEvent e;
        e.t = t;
        e.kind = EvKind::Print;
        e.thread = tid;
        e.value = log.intern(text);
        log.append(e);
    }
    void start(uint32_t tid, bool daemon) { op(0, main_, log.thread(tid).object, Op::Start, true, 0, daemon, tid); }
    void end(Nanos t) {
        LogEvent e;
        e.t = t;
        e.kind = EvKind::RunEnd;
        e.ok = 1;
        log.append(e);
    }
    uint32_t main() const { return main_; }

    EventLog log;

private:
    uint32_t main_ = 0;
};

using tltest::check_named;
using tltest::scenario;

}  // namespace

TEST_CASE("producer-consumer: a lost item, a double get and an overfull queue fail their checks", "[checks]") {
    const Scenario& s = scenario("producer-consumer");
    const Params p = parse_params(s, {"items=3", "capacity=2"});
    auto build = [](bool broken) {
        auto b = std::make_unique<LogBuilder>();
        const uint32_t q = b->object("q", ObjKind::Queue, 2);
        const uint32_t prod = b->thread("producer-0");
        const uint32_t cons = b->thread("consumer-0");
        b->op(1, prod, q, Op::Put, true, 1, 0);
        b->op(2, prod, q, Op::Put, true, 2, 1);
        if (broken) {
            b->op(3, prod, q, Op::Put, true, 3, 2);  // a third item in a queue of two
            b->op(4, cons, q, Op::Get, true, 2, 0);
            b->op(5, cons, q, Op::Get, true, 1, 0);  // item 0 again, item 1 lost
        } else {
            b->op(3, cons, q, Op::Get, true, 1, 0);
            b->op(4, prod, q, Op::Put, true, 2, 2);
            b->op(5, cons, q, Op::Get, true, 1, 1);
        }
        b->op(6, cons, q, Op::Get, true, 0, 2);
        b->op(7, b->main(), q, Op::Put, true, 1, -1);
        b->op(8, cons, q, Op::Get, true, 0, -1);
        for (uint32_t tid : {prod, cons, b->main()}) b->state(9, tid, ThreadState::Done);
        b->end(9);
        return b;
    };
    const auto good = s.checks(build(false)->log, p);
    for (const CheckResult& r : good) {
        INFO(r.name << ": " << r.detail);
        CHECK(r.passed);
    }
    const auto bad = s.checks(build(true)->log, p);
    const CheckResult once = check_named(bad, "every item was consumed exactly once");
    CHECK_FALSE(once.passed);
    CHECK(once.detail.find("never consumed: 1") != std::string::npos);
    const CheckResult capacity = check_named(bad, "the queue never held more");
    CHECK_FALSE(capacity.passed);
    CHECK(capacity.detail == "largest size after a put: 3, capacity: 2");
}

TEST_CASE("producer-consumer: a run stopped early fails the exactly-once check", "[checks]") {
    const Scenario& s = scenario("producer-consumer");
    const Params p = default_params(s);
    RunConfig cfg;
    cfg.mode = Mode::Free;
    cfg.speed = kMinSpeed;  // 20 items would take minutes; the stop comes first
    Runtime rt(cfg);
    rt.start([&s, p] { s.program(p); });
    rt.stop();
    rt.wait();
    const auto results = s.checks(rt.log(), p);
    CHECK_FALSE(check_named(results, "every item was consumed exactly once").passed);
    CHECK_FALSE(check_named(results, "every consumer stopped").passed);
}

TEST_CASE("barrier-startup: passing before the last arrival, or half-broken, fails", "[checks]") {
    const Scenario& s = scenario("barrier-startup");
    const Params p = parse_params(s, {"tasks=2"});
    // Task a finishes its work at 1 s and waits; task b finishes at 2 s.
    // `pass_a` is when a is let through.
    auto build = [](Nanos pass_a, bool a_broken) {
        auto b = std::make_unique<LogBuilder>();
        const uint32_t bar = b->object("ready", ObjKind::Barrier, 2);
        const uint32_t ta = b->thread("load config");
        const uint32_t tb = b->thread("open db pool");
        b->state(0, ta, ThreadState::Sleeping);
        b->state(0, tb, ThreadState::Sleeping);
        b->state(1 * kSecond, ta, ThreadState::Running);
        b->state(1 * kSecond, ta, ThreadState::Waiting, bar);
        b->state(pass_a, ta, ThreadState::Running);
        if (a_broken)
            b->raise(pass_a, ta, bar, "threading.BrokenBarrierError");
        else
            b->op(pass_a, ta, bar, Op::Wait, true, 0, 2);
        b->state(2 * kSecond, tb, ThreadState::Running);
        b->print(2 * kSecond, tb, "all tasks ready: service starting");
        b->op(2 * kSecond, tb, bar, Op::Wait, true, 1, 2);
        for (uint32_t tid : {ta, tb, b->main()}) b->state(2 * kSecond, tid, ThreadState::Done);
        b->end(2 * kSecond);
        return b;
    };
    for (const CheckResult& r : s.checks(build(2 * kSecond, false)->log, p)) {
        INFO(r.name << ": " << r.detail);
        CHECK(r.passed);
    }
    const auto early = s.checks(build(kSecond + kSecond / 2, false)->log, p);
    CHECK_FALSE(check_named(early, "no task passed the barrier before").passed);
    CHECK(check_named(early, "all tasks passed together").passed);

    const auto half = s.checks(build(2 * kSecond, true)->log, p);
    CHECK_FALSE(check_named(half, "all tasks passed together").passed);
    CHECK_FALSE(check_named(half, "the outcome matches").passed);  // nothing should have broken it
}

TEST_CASE("connection-pool: a counter below zero and a missing ValueError fail", "[checks]") {
    const Scenario& s = scenario("connection-pool");
    const Params p = parse_params(s, {"clients=3", "connections=2"});
    LogBuilder b;
    const uint32_t pool = b.object("pool", ObjKind::BoundedSemaphore, 2);
    std::vector<uint32_t> clients;
    for (const char* name : {"client-0", "client-1", "client-2"}) clients.push_back(b.thread(name));
    b.op(1, clients[0], pool, Op::Acquire, true, 1);
    b.op(2, clients[1], pool, Op::Acquire, true, 0);
    b.op(3, clients[2], pool, Op::Acquire, true, -1);  // a third holder of two connections
    for (int i = 0; i < 3; ++i) b.op(4 + i, clients[i], pool, Op::Release, true, i);
    for (uint32_t tid : clients) b.state(7, tid, ThreadState::Done);
    b.state(7, b.main(), ThreadState::Done);
    b.end(7);
    const auto results = s.checks(b.log, p);
    const CheckResult limit = check_named(results, "never more connections");
    CHECK_FALSE(limit.passed);
    CHECK(limit.detail.find("at most 3 of 2") != std::string::npos);
    CHECK(check_named(results, "every client got a connection").passed);

    // An honest run without the buggy client, judged as if it had one.
    RunConfig cfg;
    cfg.mode = Mode::Deterministic;
    Runtime rt(cfg);
    const Params clean = default_params(s);
    rt.run([&s, clean] { s.program(clean); });
    const auto judged = s.checks(rt.log(), parse_params(s, {"over_release=true"}));
    CHECK_FALSE(check_named(judged, "the extra release raised ValueError").passed);
    CHECK(check_named(s.checks(rt.log(), clean), "no release raised an error").passed);
}

TEST_CASE("daemon-exit: a killed worker, a daemon outliving shutdown and a wrong is_alive fail", "[checks]") {
    const Scenario& s = scenario("daemon-exit");
    const Params p = default_params(s);
    // worker-0 ends at 1 s, daemon-0 at 3 s; main joins worker-0 at 2 s and
    // claims it is still alive.
    auto build = [](ThreadState worker_end, bool daemon_outlives, bool lie) {
        auto b = std::make_unique<LogBuilder>();
        const uint32_t worker = b->thread("worker-0");
        const uint32_t daemon = b->thread("daemon-0");
        b->start(worker, false);
        b->start(daemon, true);
        b->state(1 * kSecond, worker, worker_end);
        b->op(2 * kSecond, b->main(), b->log.thread(worker).object, Op::Join, true, 0, 0, worker);
        b->print(2 * kSecond, b->main(),
                 std::string("worker-0 alive after join(timeout): ") + (lie ? "True" : "False"));
        b->print(2 * kSecond, b->main(), "main returns: Python now waits for the non-daemon threads only");
        b->state(3 * kSecond, daemon, daemon_outlives ? ThreadState::Done : ThreadState::Killed);
        b->state(3 * kSecond, b->main(), ThreadState::Done);
        b->end(3 * kSecond);
        return b;
    };
    for (const CheckResult& r : s.checks(build(ThreadState::Done, false, false)->log, p)) {
        INFO(r.name << ": " << r.detail);
        CHECK(r.passed);
    }
    CHECK_FALSE(check_named(s.checks(build(ThreadState::Killed, false, false)->log, p), "every non-daemon").passed);
    CHECK_FALSE(check_named(s.checks(build(ThreadState::Done, true, false)->log, p), "daemons still working").passed);
    const CheckResult lie = check_named(s.checks(build(ThreadState::Done, false, true)->log, p), "is_alive()");
    CHECK_FALSE(lie.passed);
    CHECK(lie.detail == "worker-0: is_alive() said True; the thread had ended by then");
}
