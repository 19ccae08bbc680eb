#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "support.hpp"
#include "threadlab/process.hpp"

using namespace tl;
using namespace tltest;

namespace {

RunConfig det_cores(int cores, GilMode gil = GilMode::Modern) {
    RunConfig c = det();
    c.cores = cores;
    c.gil = gil;
    c.process_start = 0.01;
    return c;
}

// Scenario seconds that `body` takes when run as MainThread.
template <class F>
double timed(RunConfig cfg, F body) {
    Runtime rt(cfg);
    double took = 0;
    rt.run([&] {
        double t0 = monotonic();
        body();
        took = monotonic() - t0;
    });
    return took;
}

void two_threads(double work) {
    auto& a = make<Thread>("a", [work] { cpu(work); });
    auto& b = make<Thread>("b", [work] { cpu(work); });
    a.start(), b.start();
    a.join(), b.join();
}

void two_processes(double work) {
    auto& a = make<Process>("pa", [work] { cpu(work); });
    auto& b = make<Process>("pb", [work] { cpu(work); });
    a.start(), b.start();
    a.join(), b.join();
}

// Largest number of threads holding one GIL at once, rebuilt from the log.
int max_gil_holders(const EventLog& log) {
    std::map<uint32_t, int> holders;
    int most = 0;
    for (size_t i = 0; i < log.size(); ++i) {
        const LogEvent& e = log[i];
        if (e.kind != EvKind::OpDone || e.object == kNone || log.object(e.object).kind != ObjKind::Gil) continue;
        Op op = static_cast<Op>(e.code);
        if (op == Op::Acquire) most = std::max(most, ++holders[e.object]);
        if (op == Op::Release) --holders[e.object];
    }
    return most;
}

}  // namespace

TEST_CASE("GIL: two CPU-bound threads take as long as running them one after the other", "[gil]") {
    for (int cores : {1, 2, 4}) {
        double sequential = timed(det_cores(cores), [] { cpu(1.0), cpu(1.0); });
        double threads = timed(det_cores(cores), [] { two_threads(1.0); });
        CHECK(sequential == Approx(2.0).epsilon(0.001));
        CHECK(threads / sequential == Approx(1.0).epsilon(0.01));
    }
}

TEST_CASE("GIL: processes each have their own, so CPU work overlaps on min(n, cores) cores", "[gil][process]") {
    for (int cores : {1, 2, 4}) {
        double sequential = timed(det_cores(cores), [] { cpu(1.0), cpu(1.0); });
        double processes = timed(det_cores(cores), [] { two_processes(1.0); });
        double expected = (2.0 / std::min(2, cores) + 0.01 * 2 / std::min(2, cores)) / 2.0;
        CHECK(processes / sequential == Approx(expected).epsilon(0.02));
    }
}

TEST_CASE("GIL off: threads overlap like processes", "[gil]") {
    double sequential = timed(det_cores(2, GilMode::Off), [] { cpu(1.0), cpu(1.0); });
    double threads = timed(det_cores(2, GilMode::Off), [] { two_threads(1.0); });
    CHECK(threads / sequential == Approx(0.5).epsilon(0.01));
}

TEST_CASE("GIL: never two holders; hand-off after the switch interval", "[gil]") {
    RunConfig cfg = det_cores(2);
    cfg.switch_interval = 0.005;
    Runtime rt(cfg);
    rt.run([] { two_threads(0.1); });
    CHECK(max_gil_holders(rt.log()) == 1);
    // Every drop request comes one interval after the requester began waiting,
    // and the holder hands the GIL to a waiter right away.
    std::vector<Nanos> handoffs;
    size_t requests = 0;
    for (size_t i = 0; i < rt.log().size(); ++i) {
        const LogEvent& e = rt.log()[i];
        if (e.kind != EvKind::OpDone || e.object == kNone || rt.log().object(e.object).kind != ObjKind::Gil) continue;
        if (static_cast<Op>(e.code) == Op::DropRequest) ++requests;
        if (static_cast<Op>(e.code) == Op::Release && e.other != kNone) handoffs.push_back(e.t);
    }
    REQUIRE(handoffs.size() >= 30);  // 0.2 s of work switched every 5 ms
    CHECK(requests >= handoffs.size() - 1);
    for (size_t i = 1; i + 1 < handoffs.size(); ++i) CHECK(handoffs[i] - handoffs[i - 1] == 5'000'000);
}

TEST_CASE("GIL: the switch interval can change while running", "[gil]") {
    RunConfig cfg = det_cores(2);
    cfg.switch_interval = 0.05;
    Runtime rt(cfg);
    rt.set_switch_interval(0.001);
    CHECK(rt.switch_interval() == Approx(0.001));
    rt.set_switch_interval(99);
    CHECK(rt.switch_interval() == Approx(kMaxSwitchInterval));
}

TEST_CASE("Convoy: an I/O thread waits for the GIL behind a CPU thread, not behind a CPU process", "[gil]") {
    // The I/O thread: 20 rounds of 1 ms I/O then 0.1 ms of CPU; its response
    // time is how long a round takes.
    auto io_rounds = [] {
        double t0 = monotonic();
        for (int i = 0; i < 20; ++i) {
            io(0.001);
            cpu(0.0001);
        }
        return (monotonic() - t0) / 20;
    };
    // 0: alone, 1: next to a CPU-bound thread, 2: next to a CPU-bound process.
    auto response_started = [&](int neighbour) {
        Runtime rt(det_cores(2));
        double r = 0;
        rt.run([&] {
            Thread* cpu_side = nullptr;
            if (neighbour == 1) cpu_side = &make<Thread>("cpu", [] { cpu(1.0); });
            if (neighbour == 2) cpu_side = &make<Process>("cpu-proc", [] { cpu(1.0); });
            if (cpu_side) cpu_side->set_daemon(true), cpu_side->start();
            auto& io_thread = make<Thread>("io", [&] { r = io_rounds(); });
            io_thread.start();
            io_thread.join();
        });
        return r;
    };
    double alone = response_started(0), with_thread = response_started(1), with_process = response_started(2);
    CHECK(alone == Approx(0.0011).epsilon(0.01));
    CHECK(with_thread > 4 * alone);                          // waits out the 5 ms switch interval
    CHECK(with_process == Approx(alone).epsilon(0.01));      // its own GIL: no waiting
}

TEST_CASE("GIL ticks mode: CPU-bound threads fight over it, slower than one thread alone", "[gil]") {
    // The old GIL's model (OldGil): every check while another thread waits
    // costs the holder, and now and then the waiter wins.
    const auto two_threads = [](int seed) {
        RunConfig cfg = det_cores(2, GilMode::Ticks);
        cfg.seed = static_cast<uint64_t>(seed);
        Runtime rt(cfg);
        double took = 0;
        rt.run([&] {
            const double start = monotonic();
            auto& a = make<Thread>("a", [] { cpu(0.1); });
            auto& b = make<Thread>("b", [] { cpu(0.1); });
            a.start(), b.start();
            a.join(), b.join();
            took = monotonic() - start;
        });
        size_t handovers = 0;
        for (size_t i = 0; i < rt.log().size(); ++i) {
            const LogEvent& e = rt.log()[i];
            if (e.kind == EvKind::OpDone && static_cast<Op>(e.code) == Op::Release && e.other != kNone) ++handovers;
        }
        return std::pair{took, static_cast<double>(handovers) / took};
    };
    for (int seed : {1, 2}) {
        INFO("seed " << seed);
        const auto [took, per_second] = two_threads(seed);
        CHECK(took / 0.2 == Approx(OldGil::slowdown).epsilon(0.02));  // CPython 2.7 here: 1.64-1.76x
        CHECK(per_second > 3000);                                     // 2.7: 3,800-4,300 a second
        CHECK(per_second < 5000);
    }
}

TEST_CASE("GIL ticks mode: an I/O thread next to a CPU-bound one gets in at a check, well before a switch interval",
          "[gil]") {
    Runtime rt(det_cores(2, GilMode::Ticks));
    double io_done_at = 0, cpu_done_at = 0, asked_at = 0;
    rt.run([&] {
        auto& hog = make<Thread>("hog", [&] {
            cpu(0.5);
            cpu_done_at = monotonic();
        });
        auto& io_thread = make<Thread>("io", [&] {
            io(0.01);
            asked_at = monotonic();
            cpu(0.0001);
            io_done_at = monotonic();
        });
        hog.start(), io_thread.start();
    });
    CHECK(io_done_at < cpu_done_at);            // it did not wait for the hog to end
    CHECK(io_done_at - asked_at < 0.005);       // nor for a 3.2+ switch interval
    CHECK(io_done_at - asked_at > 0.0001);      // but it waited for the GIL
    size_t drop_requests = 0;
    for (size_t i = 0; i < rt.log().size(); ++i)
        if (rt.log()[i].kind == EvKind::OpDone && static_cast<Op>(rt.log()[i].code) == Op::DropRequest) ++drop_requests;
    CHECK(drop_requests == 0);  // no drop requests before 3.2
}

TEST_CASE("Process: own copy of the data; only results and callbacks reach the parent", "[process]") {
    Runtime rt(det_cores(2));
    size_t main_len = 0, child_len = 0, callbacks_in_main = 0;
    std::vector<uint32_t> callback_pids;
    rt.run([&] {
        auto& data = global<std::vector<int64_t>>("data", {1, 2, 3});
        auto& child = make<Process>("child", [&] {
            data.get().push_back(4);
            child_len = data.get().size();
        });
        child.start();
        child.join();
        main_len = data.get().size();

        Pool& pool = make<Pool>(2);
        std::vector<AsyncResult> rs;
        for (int i = 0; i < 4; ++i)
            rs.push_back(pool.apply_async(
                [&](int64_t x) {
                    data.get().push_back(x);  // the worker's copy
                    return x * 10;
                },
                i, [&](int64_t r) {
                    data.get().push_back(r);  // runs in the parent
                    callback_pids.push_back(current_pid());
                }));
        for (auto& r : rs) r.get();
        pool.close();
        pool.join();
        callbacks_in_main = data.get().size() - main_len;
    });
    CHECK(child_len == 4);
    CHECK(main_len == 3);
    CHECK(callbacks_in_main == 4);
    CHECK(callback_pids == std::vector<uint32_t>(4, 0));
}

TEST_CASE("Pool: apply is serial, apply_async overlaps; join before close is an error; terminate", "[process]") {
    Runtime rt(det_cores(4));
    double serial = 0, parallel = 0;
    std::string early_join, after_close;
    bool terminated_alive = true;
    rt.run([&] {
        Pool& pool = make<Pool>(4);
        auto work = [](int64_t x) { return cpu(0.1), x; };
        double t0 = monotonic();
        for (int i = 0; i < 4; ++i) pool.apply(work, i);
        serial = monotonic() - t0;
        t0 = monotonic();
        std::vector<AsyncResult> rs;
        for (int i = 0; i < 4; ++i) rs.push_back(pool.apply_async(work, i));
        for (auto& r : rs) r.get();
        parallel = monotonic() - t0;
        early_join = error_of([&] { pool.join(); });
        pool.close();
        after_close = error_of([&] { pool.apply_async(work, 1); });
        pool.join();

        Pool& doomed = make<Pool>(1, "doomed");
        doomed.apply_async([](int64_t) { return cpu(100.0), int64_t(0); }, 0);
        sleep(0.1);
        doomed.terminate();
        doomed.join();
        terminated_alive = false;
    });
    CHECK(serial == Approx(0.41).epsilon(0.001));  // 4 x 0.1 s, plus the workers starting up (0.01 s)
    CHECK(parallel == Approx(0.1).epsilon(0.01));
    CHECK(early_join == "ValueError: Pool is still running");
    CHECK(after_close == "ValueError: Pool not running");
    CHECK_FALSE(terminated_alive);
}

TEST_CASE("ProcessPoolExecutor: results, callbacks in the parent, shutdown", "[process]") {
    Runtime rt(det_cores(2));
    int64_t sum = 0;
    std::vector<uint32_t> pids;
    std::string after;
    rt.run([&] {
        ProcessPoolExecutor& ex = make<ProcessPoolExecutor>(2);
        std::vector<Future*> fs = ex.map_submit([](int64_t x) { return cpu(0.01), x * x; }, {1, 2, 3, 4});
        for (Future* f : fs) f->add_done_callback([&](Future&) { pids.push_back(current_pid()); });
        for (Future* f : fs) sum += f->result();
        ex.shutdown();
        after = error_of([&] { ex.submit([](int64_t x) { return x; }, 1); });
    });
    CHECK(sum == 30);
    CHECK(pids == std::vector<uint32_t>(4, 0));
    CHECK(after == "RuntimeError: cannot schedule new futures after shutdown");
}

TEST_CASE("Process: exitcode and terminate", "[process]") {
    Runtime rt(det_cores(2));
    std::optional<int> ok, failed, killed, running;
    rt.run([&] {
        auto& a = make<Process>("ok", [] {});
        auto& b = make<Process>("fails", [] { throw ValueError("no"); });
        auto& c = make<Process>("forever", [] { cpu(100.0); });
        a.start(), b.start(), c.start();
        a.join(), b.join();
        running = c.exitcode();
        c.terminate();
        c.join();
        ok = a.exitcode(), failed = b.exitcode(), killed = c.exitcode();
    });
    CHECK(ok == 0);
    CHECK(failed == 1);
    CHECK(killed == -15);
    CHECK_FALSE(running.has_value());
}

TEST_CASE("GIL: exclusivity holds in free mode", "[gil][free]") {
    RunConfig cfg = free_fast();
    cfg.switch_interval = 0.001;
    Runtime rt(cfg);
    rt.run([] {
        for (int i = 0; i < 3; ++i) make<Thread>("t" + std::to_string(i), [] { cpu(0.05); }).start();
    });
    CHECK(max_gil_holders(rt.log()) == 1);
}

TEST_CASE("Process pools: workers numbered across the run, each pool's named by its spawn ops", "[process]") {
    Runtime rt(det_cores(2));
    rt.run([&] {
        Pool& a = make<Pool>(2);
        ProcessPoolExecutor& b = make<ProcessPoolExecutor>(2);
        Pool& c = make<Pool>(1);
        b.shutdown();
        for (Pool* p : {&a, &c}) {
            p->close();
            p->join();
        }
    });
    const EventLog& log = rt.log();
    // pool object name -> names of the worker threads its spawn ops name
    std::map<std::string, std::vector<std::string>> workers;
    std::set<std::string> objects;
    for (size_t i = 0; i < log.object_count(); ++i) objects.insert(log.object(uint32_t(i)).name);
    for (const LogEvent& e : log.copy())
        if (e.kind == EvKind::OpDone && Op(e.code) == Op::Spawn) {
            CHECK(log.thread(e.other).pid == uint32_t(e.value));
            workers[log.object(e.object).name].push_back(log.thread(e.other).name);
        }
    using V = std::vector<std::string>;
    CHECK(workers["Pool-0"] == V{"ForkPoolWorker-1", "ForkPoolWorker-2"});
    CHECK(workers["ProcessPoolExecutor-0"] == V{"ForkProcess-3", "ForkProcess-4"});
    CHECK(workers["Pool-1"] == V{"ForkPoolWorker-5"});
    for (const char* part : {"Pool-0.call_queue", "Pool-0.result_queue", "ProcessPoolExecutor-0.call_queue",
                             "Pool-1.result_queue"})
        CHECK(objects.count(part) == 1);
}
