#include <catch2/catch.hpp>

#include "support.hpp"

using namespace tl;
using namespace tltest;

namespace {
// The trace names of every transition of one future, in order.
std::vector<std::string> transitions(const EventLog& log, const std::string& future) {
    std::vector<std::string> out;
    for (size_t i = 0; i < log.size(); ++i) {
        const LogEvent& e = log[i];
        if (e.kind != EvKind::OpDone || e.object == kNone || log.object(e.object).name != future) continue;
        Op op = static_cast<Op>(e.code);
        if (op == Op::Pending || op == Op::Running || op == Op::Finished || op == Op::Cancelled)
            out.push_back(std::string(to_string(op)) + (e.ok ? "" : "!"));
    }
    return out;
}
}  // namespace

TEST_CASE("Future: PENDING -> RUNNING -> FINISHED, and result()", "[futures]") {
    Runtime rt(det());
    int64_t r = 0;
    FutureState before = FutureState::Finished, after = FutureState::Pending;
    rt.run([&] {
        ThreadPoolExecutor& ex = make<ThreadPoolExecutor>(2);
        Future& f = ex.submit([] {
            sleep(0.1);
            return int64_t(42);
        });
        before = f.state();
        r = f.result();
        after = f.state();
        ex.shutdown();
    });
    CHECK(r == 42);
    CHECK(before == FutureState::Pending);
    CHECK(after == FutureState::Finished);
    CHECK(transitions(rt.log(), "f0") == std::vector<std::string>{"pending", "running", "finished"});
}

TEST_CASE("Future: cancel only while pending; CancelledError; InvalidStateError", "[futures][errors]") {
    Runtime rt(det());
    bool cancel_pending = false, cancel_running = true, cancel_again = false;
    std::string cancelled_result, twice;
    rt.run([&] {
        ThreadPoolExecutor& ex = make<ThreadPoolExecutor>(1);
        Future& running = ex.submit([] {
            sleep(1.0);
            return int64_t(1);
        });
        Future& queued = ex.submit([] { return int64_t(2); });
        sleep(0.1);  // the single worker is busy with `running`
        cancel_running = running.cancel();
        cancel_pending = queued.cancel();
        cancel_again = queued.cancel();
        cancelled_result = error_of([&] { queued.result(); });
        running.result();
        twice = error_of([&] { running.set_result(3); });
        ex.shutdown();
    });
    CHECK_FALSE(cancel_running);
    CHECK(cancel_pending);
    CHECK(cancel_again);
    CHECK(cancelled_result == "concurrent.futures.CancelledError");
    CHECK(twice == "concurrent.futures.InvalidStateError: FINISHED: f0");
    CHECK(transitions(rt.log(), "f1") == std::vector<std::string>{"pending", "cancelled"});
}

TEST_CASE("Future: an exception in the task surfaces only at result()", "[futures]") {
    Runtime rt(det());
    std::string at_result, text;
    bool exception_present = false;
    rt.run([&] {
        ThreadPoolExecutor& ex = make<ThreadPoolExecutor>(2);
        Future& f = ex.submit([]() -> int64_t { throw ValueError("bad input"); });
        exception_present = f.exception() != nullptr;
        at_result = error_of([&] { f.result(); });
        text = f.exception_text();
        ex.shutdown();
    });
    CHECK(exception_present);
    CHECK(at_result == "ValueError: bad input");
    CHECK(text == "ValueError: bad input");
    CHECK(world_at(rt.log()).exceptions.empty());  // not an excepthook: the future holds it
}

TEST_CASE("Future: result(timeout) raises TimeoutError", "[futures][errors]") {
    Runtime rt(det());
    std::string err;
    double waited = 0;
    rt.run([&] {
        ThreadPoolExecutor& ex = make<ThreadPoolExecutor>(1);
        Future& f = ex.submit([] {
            sleep(2.0);
            return int64_t(0);
        });
        double t0 = monotonic();
        err = error_of([&] { f.result(0.5); });
        waited = monotonic() - t0;
        ex.shutdown();
    });
    CHECK(err == "TimeoutError");
    CHECK(waited == Approx(0.5));
}

TEST_CASE("Future: callbacks run in the completing thread, at once when done, and survive a raising one",
          "[futures]") {
    Runtime rt(det());
    std::vector<std::string> ran;
    rt.run([&] {
        ThreadPoolExecutor& ex = make<ThreadPoolExecutor>(1, "pool");
        Future& f = ex.submit([] {
            sleep(0.2);
            return int64_t(5);
        });
        f.add_done_callback([&](Future&) { ran.push_back("first@" + current_thread_name()); });
        f.add_done_callback([&](Future&) -> void { throw RuntimeError("callback fails"); });
        f.add_done_callback([&](Future& g) { ran.push_back("third=" + std::to_string(g.result())); });
        f.result();
        f.add_done_callback([&](Future&) { ran.push_back("late@" + current_thread_name()); });
        ex.shutdown();
    });
    // The worker's callbacks run in order; main's late one runs at once in
    // main, which may be scheduled between the worker's second and third.
    std::vector<std::string> worker, late;
    for (const auto& r : ran) (r.rfind("late", 0) == 0 ? late : worker).push_back(r);
    CHECK(worker == std::vector<std::string>{"first@pool_0", "third=5"});
    CHECK(late == std::vector<std::string>{"late@MainThread"});
    CHECK(count_ops(rt.log(), Op::Callback) == 4);
}

TEST_CASE("ThreadPoolExecutor: workers on demand, reused when idle, never more than max", "[executor]") {
    Runtime rt(det(3));
    size_t after_serial = 0, after_burst = 0;
    int running = 0, max_running = 0;
    rt.run([&] {
        ThreadPoolExecutor& ex = make<ThreadPoolExecutor>(3);
        for (int i = 0; i < 4; ++i) ex.submit([] { return int64_t(1); }).result();  // one at a time
        after_serial = ex.worker_count();
        std::vector<Future*> fs;
        for (int i = 0; i < 10; ++i)
            fs.push_back(&ex.submit([&] {
                max_running = std::max(max_running, ++running);
                sleep(0.1);
                --running;
                return int64_t(0);
            }));
        wait(fs);
        after_burst = ex.worker_count();
        ex.shutdown();
    });
    CHECK(after_serial == 1);  // an idle worker is reused
    CHECK(after_burst == 3);
    CHECK(max_running == 3);
}

TEST_CASE("ThreadPoolExecutor: errors for bad max_workers and submit after shutdown", "[executor][errors]") {
    Runtime rt(det());
    std::string zero, after;
    rt.run([&] {
        zero = error_of([&] { make<ThreadPoolExecutor>(0); });
        ThreadPoolExecutor& ex = make<ThreadPoolExecutor>(2);
        ex.shutdown();
        after = error_of([&] { ex.submit([] { return int64_t(0); }); });
    });
    CHECK(zero == "ValueError: max_workers must be greater than 0");
    CHECK(after == "RuntimeError: cannot schedule new futures after shutdown");
}

TEST_CASE("ThreadPoolExecutor: shutdown(cancel_futures) cancels the queue, running work finishes", "[executor]") {
    for (bool wait_flag : {true, false}) {
        Runtime rt(det());
        std::vector<FutureState> states;
        bool first_done_at_return = false;
        rt.run([&] {
            ThreadPoolExecutor& ex = make<ThreadPoolExecutor>(1);
            std::vector<Future*> fs;
            for (int i = 0; i < 4; ++i)
                fs.push_back(&ex.submit([] {
                    sleep(0.5);
                    return int64_t(0);
                }));
            sleep(0.1);
            ex.shutdown(wait_flag, true);
            first_done_at_return = fs[0]->done();
            fs[0]->result();
            for (Future* f : fs) states.push_back(f->state());
        });
        CHECK(first_done_at_return == wait_flag);
        CHECK(states == std::vector<FutureState>{FutureState::Finished, FutureState::Cancelled,
                                                 FutureState::Cancelled, FutureState::Cancelled});
    }
}

TEST_CASE("ThreadPoolExecutor: queued work still runs when main returns without shutdown", "[executor]") {
    Runtime rt(det());
    int done = 0;
    rt.run([&] {
        ThreadPoolExecutor& ex = make<ThreadPoolExecutor>(2);
        for (int i = 0; i < 5; ++i)
            ex.submit([&] {
                sleep(0.2);
                return int64_t(++done);
            });
    });
    CHECK(done == 5);
    CHECK_FALSE(rt.deadlock().has_value());
}

TEST_CASE("ThreadPoolExecutor.map: input order, the timeout counts from the call, errors at their item",
          "[executor]") {
    Runtime rt(det(8));
    std::vector<int64_t> results;
    std::string timeout_err, item_err;
    rt.run([&] {
        ThreadPoolExecutor& ex = make<ThreadPoolExecutor>(4);
        // Later inputs finish first; results still come in input order.
        for (int64_t r : ex.map([](int64_t x) { return sleep(0.1 * (5 - x)), x * x; }, {1, 2, 3, 4}))
            results.push_back(r);
        {
            auto slow = ex.map([](int64_t x) { return sleep(1.0 * x), x; }, {1, 2, 3}, 1.5);
            auto it = slow.begin();
            *it;
            timeout_err = error_of([&] { *++it; });
        }
        {
            auto failing = ex.map([](int64_t x) -> int64_t { if (x == 2) throw ValueError("two"); return x; },
                                  {1, 2, 3});
            auto it = failing.begin();
            CHECK(*it == 1);
            item_err = error_of([&] { *++it; });
        }
        ex.shutdown();
    });
    CHECK(results == std::vector<int64_t>{1, 4, 9, 16});
    CHECK(timeout_err == "TimeoutError");
    CHECK(item_err == "ValueError: two");
}

TEST_CASE("wait: FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED and timeout", "[wait]") {
    Runtime rt(det(2));
    size_t first_done = 0, exc_done = 0, all_done = 0, timed_not_done = 0;
    double first_at = 0, exc_at = 0;
    rt.run([&] {
        ThreadPoolExecutor& ex = make<ThreadPoolExecutor>(4);
        auto job = [&](double s, bool fail) {
            return &ex.submit([s, fail]() -> int64_t {
                sleep(s);
                if (fail) throw ValueError("x");
                return 0;
            });
        };
        double t0 = monotonic();
        std::vector<Future*> fs{job(0.3, false), job(0.1, false), job(0.5, false)};
        first_done = wait(fs, std::nullopt, ReturnWhen::FirstCompleted).done.size();
        first_at = monotonic() - t0;
        t0 = monotonic();
        std::vector<Future*> gs{job(0.2, true), job(0.9, false)};
        exc_done = wait(gs, std::nullopt, ReturnWhen::FirstException).done.size();
        exc_at = monotonic() - t0;
        all_done = wait(fs).done.size();
        timed_not_done = wait({job(5.0, false)}, 0.1).not_done.size();
        ex.shutdown(false, true);
    });
    CHECK(first_done == 1);
    CHECK(first_at == Approx(0.1));
    CHECK(exc_done == 1);
    CHECK(exc_at == Approx(0.2));
    CHECK(all_done == 3);
    CHECK(timed_not_done == 1);
}

TEST_CASE("wait: futures already done count at once, an exception included", "[wait]") {
    Runtime rt(det(3));
    size_t exc_done = 0, exc_not_done = 0, first_done = 0, timed_done = 0, timed_not_done = 0;
    double exc_at = -1, first_at = -1;
    rt.run([&] {
        ThreadPoolExecutor& ex = make<ThreadPoolExecutor>(3);
        Future& failed = ex.submit([]() -> int64_t { throw ValueError("x"); });
        Future& ok = ex.submit([]() -> int64_t { return 1; });
        Future& slow = ex.submit([]() -> int64_t {
            sleep(5);
            return 2;
        });
        wait({&failed, &ok});  // both done before the waits below begin
        double t0 = monotonic();
        DoneAndNotDone exc = wait({&slow, &failed}, std::nullopt, ReturnWhen::FirstException);
        exc_at = monotonic() - t0;
        exc_done = exc.done.size();
        exc_not_done = exc.not_done.size();
        t0 = monotonic();
        first_done = wait({&slow, &ok}, std::nullopt, ReturnWhen::FirstCompleted).done.size();
        first_at = monotonic() - t0;
        DoneAndNotDone timed = wait({&ok, &slow, &failed}, 0.0);
        timed_done = timed.done.size();
        timed_not_done = timed.not_done.size();
        ex.shutdown(false, true);
    });
    CHECK(exc_at == Approx(0.0));  // the exception was already there: no waiting for the slow one
    CHECK(exc_done == 1);
    CHECK(exc_not_done == 1);
    CHECK(first_at == Approx(0.0));
    CHECK(first_done == 1);
    CHECK(timed_done == 2);
    CHECK(timed_not_done == 1);
}

TEST_CASE("as_completed: finished first, then in completion order; TimeoutError counts", "[wait]") {
    Runtime rt(det(4));
    std::vector<std::string> order;
    std::string err;
    rt.run([&] {
        ThreadPoolExecutor& ex = make<ThreadPoolExecutor>(4);
        Future& quick = ex.submit([] { return int64_t(0); });
        quick.result();
        Future& slow = ex.submit([] { return sleep(0.3), int64_t(0); });
        Future& mid = ex.submit([] { return sleep(0.2), int64_t(0); });
        for (Future* f : AsCompleted({&slow, &mid, &quick})) order.push_back(f->name());
        Future& never = ex.submit([] { return sleep(10.0), int64_t(0); });
        Future& soon = ex.submit([] { return sleep(0.1), int64_t(0); });
        err = error_of([&] {
            AsCompleted ac({&never, &soon}, 0.5);
            while (ac.next()) {
            }
        });
        ex.shutdown(false, true);
    });
    CHECK(order == std::vector<std::string>{"f0", "f2", "f1"});
    CHECK(err == "TimeoutError: 1 (of 2) futures unfinished");
}

TEST_CASE("Timer fires after its interval unless cancelled; threading.local is per thread", "[timer][local]") {
    Runtime rt(det());
    bool fired = false, cancelled_fired = true;
    double fired_at = 0;
    std::string child_sees;
    int main_value = 0, child_value = 0;
    rt.run([&] {
        Timer& t = make<Timer>("alarm", 0.5, [&] { fired_at = monotonic(); });
        Timer& c = make<Timer>("cancelled", 0.5, [] {});
        t.start();
        c.start();
        c.cancel();
        t.join();
        c.join();
        fired = t.fired();
        cancelled_fired = c.fired();
        Local<int> local("counter");
        local.set(1);
        auto& child = make<Thread>("child", [&] {
            child_sees = error_of([&] { local.get(); });
            local.set(2);
            child_value = local.get();
        });
        child.start();
        child.join();
        main_value = local.get();
    });
    CHECK(fired);
    CHECK(fired_at == Approx(0.5));
    CHECK_FALSE(cancelled_fired);
    CHECK(child_sees == "AttributeError: '_thread._local' object has no attribute 'counter'");
    CHECK(child_value == 2);
    CHECK(main_value == 1);
}

TEST_CASE("Executor: free mode, many tasks, every future finishes once", "[executor][free]") {
    Runtime rt(free_fast());
    int64_t sum = 0;
    rt.run([&] {
        ThreadPoolExecutor& ex = make<ThreadPoolExecutor>(4);
        std::vector<Future*> fs;
        for (int i = 1; i <= 200; ++i) fs.push_back(&ex.submit([i] { return int64_t(i); }));
        for (Future* f : AsCompleted(fs)) sum += f->result();
        ex.shutdown();
    });
    CHECK(sum == 200 * 201 / 2);
}

TEST_CASE("World: future cards and the GIL are rebuilt from the log", "[futures][reduce]") {
    Runtime rt(det());
    rt.run([] {
        ThreadPoolExecutor& ex = make<ThreadPoolExecutor>(1, "pool");
        Future& ok = ex.submit([] { return cpu(0.02), int64_t(7); });
        Future& bad = ex.submit([]() -> int64_t { throw ValueError("nope"); });
        Future& cancelled = ex.submit([] { return int64_t(0); });
        cancelled.cancel();
        ok.add_done_callback([](Future&) {});
        ok.result();
        bad.exception();
        auto& hog = make<Thread>("hog", [] { cpu(0.02); });
        hog.start();
        cpu(0.02);
        hog.join();
        ex.shutdown();
    });
    World w = world_at(rt.log());
    auto find = [&](const std::string& name) -> const ObjectView& {
        for (const auto& o : w.objects)
            if (rt.log().object(o.id).name == name) return o;
        FAIL("no object " << name);
        return w.objects.front();
    };
    CHECK(find("f0").future_state == 4);
    CHECK(find("f0").result == 7);
    CHECK(find("f0").callbacks == 1);
    CHECK(rt.log().thread(find("f0").worker).name == "pool_0");
    CHECK(find("f1").error == "ValueError: nope");
    CHECK(find("f2").future_state == 2);
    CHECK(find("GIL").switches >= 2);
    CHECK(find("GIL").drop_requests >= 2);
    CHECK(find("GIL").owner == kNone);
}

TEST_CASE("wait: never misses futures that finish while it installs its watchers", "[wait][free]") {
    // A lost wake-up here once left MainThread waiting forever; free mode's
    // deadlock detection turns such a bug into a failed run, not a hang.
    Runtime rt(free_fast());
    int rounds = 0;
    rt.run([&] {
        ThreadPoolExecutor& ex = make<ThreadPoolExecutor>(4);
        for (int k = 0; k < 30; ++k) {
            std::vector<Future*> fs;
            for (int i = 0; i < 200; ++i) fs.push_back(&ex.submit([] { return int64_t(1); }));
            if (wait(fs).not_done.empty()) ++rounds;
        }
        ex.shutdown();
    });
    CHECK_FALSE(rt.deadlock().has_value());
    CHECK(rounds == 30);
}

TEST_CASE("wait and as_completed: returning early while other futures still complete is safe", "[wait][free]") {
    // wait(FIRST_COMPLETED) and an abandoned as_completed() return while the
    // workers are still finishing the other futures, whose completing threads
    // may be running the waiter's watchers at that very moment. The watchers
    // must outlive the call until those threads are done with them (under
    // ThreadSanitizer, a freed watcher would be reported here).
    Runtime rt(free_fast());
    int early = 0, yielded = 0;
    rt.run([&] {
        ThreadPoolExecutor& ex = make<ThreadPoolExecutor>(4);
        for (int k = 0; k < 200; ++k) {
            std::vector<Future*> fs;
            for (int i = 0; i < 8; ++i) fs.push_back(&ex.submit([] { return int64_t(1); }));
            DoneAndNotDone r = wait(fs, std::nullopt, ReturnWhen::FirstCompleted);
            if (!r.done.empty()) ++early;
            {
                AsCompleted it(fs);
                if (it.next()) ++yielded;  // then abandoned with futures pending
            }
        }
        ex.shutdown();
    });
    CHECK_FALSE(rt.deadlock().has_value());
    CHECK(early == 200);
    CHECK(yielded == 200);
}
