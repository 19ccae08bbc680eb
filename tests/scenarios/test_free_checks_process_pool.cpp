// process-pool in free mode (issue 10, item 4): "apply_async() ran them side
// by side" failed in 13 of 20 reruns of a correct run at speed 20 (tasks of
// 11 ms are 0.55 ms of real time). The logs of those runs showed two ways the
// machine, not the pool, kept the tasks apart, each reproduced here by hand
// (free_log.hpp, no timing): a worker woken for a task got a CPU only after
// the other worker had done both tasks, and MainThread was kept off the CPU
// between its two apply_async() calls for longer than a task takes. Both are
// NOT SHOWN, with the log's own times; the same shapes with a lost wake-up or
// a blocking apply_async() still FAIL, and so do deterministic runs.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "free_log.hpp"
#include "scenario.hpp"
#include "support.hpp"

namespace {

using namespace tl;
using freelog::kMs;
using tltest::check_named;
using tltest::scenario;

// Listing lines the checks read (process_pool.cpp's line::).
constexpr uint16_t kMakePool = 24, kApply = 27, kApplyAsync = 31, kClose = 36, kJoin = 37;

enum class Async {
    Healthy,      // both workers woken at once: the tasks run side by side
    LateWorker,   // ForkPoolWorker-2, woken for f3, gets a CPU only after W1 did both tasks
    LostWakeUp,   // as LateWorker, but the put of f3 woke nobody while W2 sat parked
    LateMain,     // MainThread off the CPU between its two calls; f2 done before f3 is put
    BlockingCall  // as LateMain, but MainThread waited for f2 between its calls
};

class PoolLog {
public:
    PoolLog(Async how, Mode mode) : how_(how), b_(mode) {
        main_ = b_.main();
        pool_ = b_.object("Pool-0", ObjKind::Pool);
        cq_ = b_.object("Pool-0.call_queue", ObjKind::Queue);
        rq_ = b_.object("Pool-0.result_queue", ObjKind::Queue);
        handler_ = b_.thread("Pool-0.result_handler", 0, 0, true);
        w1_ = b_.thread("ForkPoolWorker-1", 1, 0, true);
        w2_ = b_.thread("ForkPoolWorker-2", 2, 0, true);
        for (uint32_t t : {handler_, w1_, w2_}) b_.state(0, t, ThreadState::Running);
        b_.state(kMs / 10, handler_, ThreadState::Waiting, rq_);
        for (uint32_t w : {w1_, w2_}) b_.state(kMs / 10, w, ThreadState::Waiting, cq_, kMakePool);
    }

    const EventLog& build() {
        Nanos t = kMs;
        // apply(): one task at a time, on ForkPoolWorker-1.
        for (int n = 0; n < 2; ++n) {
            const uint32_t f = submit(t, n, kApply, w1_);
            b_.state(t, main_, ThreadState::Waiting, f, kApply);
            const Nanos done = task(w1_, f, n, t + kMs / 20, 13 * kMs);
            b_.state(done, w1_, ThreadState::Waiting, cq_, kMakePool);
            b_.op(done, handler_, f, Op::Finished);
            b_.state(done + kMs / 20, main_, ThreadState::Running, kNone, kApply);
            b_.op(done + kMs / 20, main_, f, Op::Result, kApply);
            t = done + kMs / 10;
        }
        b_.print(t, main_, "apply: 0.03 s", 28);
        t += kMs / 10;
        Nanos end = 0;
        switch (how_) {
            case Async::Healthy: {
                const uint32_t f2 = submit(t, 2, kApplyAsync, w1_), f3 = submit(t + kMs / 50, 3, kApplyAsync, w2_);
                close(t + kMs / 25);
                const Nanos d2 = task(w1_, f2, 2, t + kMs / 20, 13 * kMs), d3 = task(w2_, f3, 3, t + kMs / 15, 13 * kMs);
                end = std::max(finish(w1_, d2), finish(w2_, d3));
                break;
            }
            case Async::LateWorker:
            case Async::LostWakeUp: {
                const uint32_t f2 = submit(t, 2, kApplyAsync, w1_);
                const uint32_t f3 = submit(t + kMs / 50, 3, kApplyAsync, how_ == Async::LateWorker ? w2_ : kNone);
                close(t + kMs / 25);
                const Nanos d2 = task(w1_, f2, 2, t + kMs / 20, 13 * kMs);
                const Nanos d3 = task(w1_, f3, 3, d2 + kMs / 100, 13 * kMs, false);
                end = std::max(finish(w1_, d3), finish(w2_, d3 + 5 * kMs));  // W2 comes back 5 ms later
                break;
            }
            case Async::LateMain:
            case Async::BlockingCall: {
                const uint32_t f2 = submit(t, 2, kApplyAsync, w1_);
                const Nanos d2 = task(w1_, f2, 2, t + kMs / 20, 13 * kMs);
                b_.state(d2, w1_, ThreadState::Waiting, cq_, kMakePool);
                if (how_ == Async::BlockingCall) {
                    b_.state(t + kMs / 40, main_, ThreadState::Waiting, f2, kApplyAsync);
                    b_.state(d2 + kMs / 10, main_, ThreadState::Running, kNone, kApplyAsync);
                }
                // MainThread's second call comes 20 ms after its first.
                const uint32_t f3 = submit(t + 20 * kMs, 3, kApplyAsync, w2_);
                close(t + 20 * kMs + kMs / 50);
                const Nanos d3 = task(w2_, f3, 3, t + 20 * kMs + kMs / 20, 13 * kMs);
                end = std::max(finish(w1_, d3 + kMs / 10, true), finish(w2_, d3));
                break;
            }
        }
        // The result handler runs the callbacks in the parent, then MainThread's join() returns.
        for (uint32_t f : async_futures_) b_.op(end + kMs / 10, handler_, f, Op::Callback, kMakePool);
        b_.state(end + kMs / 5, main_, ThreadState::Running, kNone, kJoin);
        b_.op(end + kMs / 5, main_, pool_, Op::Join, kJoin);
        b_.print(end + kMs / 4, main_, "apply_async: 0.02 s", 38);
        b_.print(end + kMs / 3, main_, "MainThread has " + std::to_string(async_futures_.size()) + " items", 42);
        return b_.end(end + kMs);
    }

private:
    // MainThread puts task `n` on the call queue (waking `woken`) and submits it.
    uint32_t submit(Nanos t, int64_t n, uint16_t line, uint32_t woken) {
        const uint32_t f = b_.object("f" + std::to_string(n), ObjKind::Future);
        b_.op(t, main_, f, Op::Pending, line);
        b_.op(t, main_, cq_, Op::Put, line, 1, n, woken);
        b_.op(t, main_, pool_, Op::Submit, line, 0, f);
        if (line == kApplyAsync) async_futures_.push_back(f);
        return f;
    }
    void close(Nanos t) {
        b_.op(t, main_, pool_, Op::Close, kClose);
        b_.op(t, main_, cq_, Op::Put, kClose, 3, -1);
        b_.op(t, main_, cq_, Op::Put, kClose, 4, -1);
        b_.state(t + kMs / 100, main_, ThreadState::Waiting, b_.log.thread(w1_).object, kJoin);
    }
    // `worker` takes task `n` at `from` and works `work`; returns when it sent the result back.
    Nanos task(uint32_t worker, uint32_t f, int64_t n, Nanos from, Nanos work, bool was_parked = true) {
        if (was_parked) b_.state(from, worker, ThreadState::Running, kNone, kMakePool);
        b_.op(from, worker, cq_, Op::Get, kMakePool, 0, n);
        b_.op(from, worker, f, Op::Running, kMakePool);
        for (Nanos c = 0; c < work; c += kMs) b_.op(from + c, worker, kNone, Op::Cpu, 16, kMs);
        const Nanos done = from + work;
        b_.print(done, worker, b_.log.thread(worker).name + " has " + std::to_string(++items_[worker]) + " items", 17);
        b_.op(done, worker, rq_, Op::Put, kMakePool, 1, n, handler_);
        return done;
    }
    // `worker` comes back to the queue at `t`, takes the end sentinel and exits.
    Nanos finish(uint32_t worker, Nanos t, bool was_parked = false) {
        if (was_parked || worker == w2_) b_.state(t, worker, ThreadState::Running, kNone, kMakePool);
        b_.op(t, worker, cq_, Op::Get, kMakePool, 0, -1);
        b_.state(t + kMs / 100, worker, ThreadState::Done, kNone, kMakePool);
        return t + kMs / 100;
    }

    Async how_;
    freelog::Builder b_;
    uint32_t main_ = 0, pool_ = 0, cq_ = 0, rq_ = 0, handler_ = 0, w1_ = 0, w2_ = 0;
    std::vector<uint32_t> async_futures_;
    std::map<uint32_t, int> items_;
};

const Params& params() {
    static const Params p =
        parse_params(scenario("process-pool"), {"cores=2", "work_ms=11", "processes=2", "tasks=2"});
    return p;
}

std::vector<CheckResult> checks_of(Async how, Mode mode = Mode::Free) {
    PoolLog pl(how, mode);
    return scenario("process-pool").checks(pl.build(), params());
}

const char* const kAsync = "apply_async() queued every task at once";

// Every check but apply_async()'s passes: the hand-built logs are whole runs.
void require_others_pass(const std::vector<CheckResult>& results) {
    for (const CheckResult& r : results) {
        if (r.name.rfind(kAsync, 0) == 0) continue;
        INFO(r.name << " -- " << r.detail);
        CHECK(r.passed);
    }
}

}  // namespace

TEST_CASE("process-pool free: a hand-built run with both workers woken in time passes", "[free-checks][process]") {
    const auto results = checks_of(Async::Healthy);
    require_others_pass(results);
    const CheckResult& r = check_named(results, kAsync);
    INFO(r.detail);
    CHECK(r.passed);
    CHECK(r.detail.find("at most 2 running at once") != std::string::npos);
}

TEST_CASE("process-pool free: a worker woken too late to take a task is NOT SHOWN, not FAIL",
          "[free-checks][process]") {
    const auto results = checks_of(Async::LateWorker);
    require_others_pass(results);
    const CheckResult& r = check_named(results, kAsync);
    INFO(r.detail);
    CHECK_FALSE(r.passed);
    CHECK(r.not_shown);
    CHECK(std::string(check_verdict(r)) == "NOT SHOWN");
    CHECK(r.detail.find("ForkPoolWorker-2, woken for a task at") != std::string::npos);
    CHECK(r.detail.find("the longest task ran 13.00 ms") != std::string::npos);
}

TEST_CASE("process-pool free: a lost wake-up still FAILs side by side", "[free-checks][process]") {
    const CheckResult r = check_named(checks_of(Async::LostWakeUp), kAsync);
    INFO(r.detail);
    CHECK_FALSE(r.passed);
    CHECK_FALSE(r.not_shown);
}

TEST_CASE("process-pool free: MainThread kept off the CPU between its calls is NOT SHOWN, not FAIL",
          "[free-checks][process]") {
    const auto results = checks_of(Async::LateMain);
    require_others_pass(results);
    const CheckResult& r = check_named(results, kAsync);
    INFO(r.detail);
    CHECK(r.not_shown);
    CHECK(r.detail.find("some only after the first was done") != std::string::npos);
    CHECK(r.detail.find("MainThread waited for nothing between its first and last apply_async() call, yet they "
                        "were 20.00 ms apart, longer than the first task ran (13.00 ms)") != std::string::npos);
}

TEST_CASE("process-pool free: an apply_async() that waited for its task still FAILs", "[free-checks][process]") {
    const CheckResult r = check_named(checks_of(Async::BlockingCall), kAsync);
    INFO(r.detail);
    CHECK_FALSE(r.passed);
    CHECK_FALSE(r.not_shown);
}

TEST_CASE("process-pool free: deterministic runs are never excused", "[free-checks][process]") {
    for (Async how : {Async::LateWorker, Async::LateMain}) {
        const CheckResult r = check_named(checks_of(how, Mode::Deterministic), kAsync);
        INFO(r.detail);
        CHECK_FALSE(r.passed);
        CHECK_FALSE(r.not_shown);
    }
}
