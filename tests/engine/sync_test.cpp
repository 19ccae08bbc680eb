#include <catch2/catch.hpp>

#include "support.hpp"

using namespace tl;
using namespace tltest;

TEST_CASE("Condition: wait/notify, timeout, wait_for, and misuse", "[condition]") {
    Runtime rt(det(3));
    bool timed_out_result = true, notified = false, pred_result = false;
    std::string wait_unlocked, notify_unlocked;
    rt.run([&] {
        auto& c = make<Condition>("cv");
        int ready = 0;
        wait_unlocked = error_of([&] { c.wait(); });
        notify_unlocked = error_of([&] { c.notify(); });
        {
            With<Condition> g(c);
            timed_out_result = c.wait(0.5);
        }
        auto& t = make<Thread>("waiter", [&] {
            With<Condition> g(c);
            notified = c.wait();
            pred_result = c.wait_for([&] { return ready == 2; });
        });
        t.start();
        sleep(0.1);
        for (int i = 0; i < 2; ++i) {
            With<Condition> g(c);
            ++ready;
            c.notify();
            sleep(0.1);
        }
        t.join();
    });
    CHECK_FALSE(timed_out_result);
    CHECK(notified);
    CHECK(pred_result);
    CHECK(wait_unlocked == "RuntimeError: cannot wait on un-acquired lock");
    CHECK(notify_unlocked == "RuntimeError: cannot notify on un-acquired lock");
}

TEST_CASE("Condition: notify(n) wakes n, notify_all wakes the rest", "[condition]") {
    Runtime rt(det(5));
    int woken = 0, after_two = -1;
    rt.run([&] {
        auto& c = make<Condition>("cv");
        for (int i = 0; i < 5; ++i)
            make<Thread>("w" + std::to_string(i), [&] {
                With<Condition> g(c);
                c.wait();
                ++woken;
            }).start();
        sleep(1);
        {
            With<Condition> g(c);
            c.notify(2);
        }
        sleep(1);
        after_two = woken;
        {
            With<Condition> g(c);
            c.notify_all();
        }
    });
    CHECK(after_two == 2);
    CHECK(woken == 5);
}

TEST_CASE("Condition.wait_for: the timeout covers the whole call", "[condition]") {
    Runtime rt(det());
    double elapsed = 0;
    bool result = true;
    rt.run([&] {
        auto& c = make<Condition>("cv");
        auto& t = make<Thread>("nudger", [&] {
            for (int i = 0; i < 5; ++i) {
                sleep(0.3);
                With<Condition> g(c);
                c.notify();
            }
        });
        t.start();
        With<Condition> g(c);
        double t0 = monotonic();
        result = c.wait_for([] { return false; }, 1.0);
        elapsed = monotonic() - t0;
    });
    CHECK_FALSE(result);
    CHECK(elapsed == Approx(1.0));
}

TEST_CASE("Semaphore and BoundedSemaphore", "[semaphore][errors]") {
    Runtime rt(det(11));
    std::string over, bad_n, negative;
    bool nonblocking = true, timed = true;
    int max_holders = 0, holders = 0;
    rt.run([&] {
        negative = error_of([&] { make<Semaphore>("neg", -1); });
        auto& s = make<BoundedSemaphore>("pool", 2);
        over = error_of([&] { s.release(); });
        bad_n = error_of([&] { s.release(0); });
        for (int i = 0; i < 6; ++i)
            make<Thread>("c" + std::to_string(i), [&] {
                s.acquire();
                max_holders = std::max(max_holders, ++holders);
                sleep(0.2);
                --holders;
                s.release();
            }).start();
        sleep(0.1);
        nonblocking = s.acquire(false);
        timed = s.acquire(true, 0.05);
    });
    CHECK(negative == "ValueError: semaphore initial value must be >= 0");
    CHECK(over == "ValueError: Semaphore released too many times");
    CHECK(bad_n == "ValueError: n must be one or more");
    CHECK_FALSE(nonblocking);
    CHECK_FALSE(timed);
    CHECK(max_holders == 2);
    World w = world_at(rt.log());
    for (const auto& o : w.objects)
        if (o.kind == ObjKind::BoundedSemaphore) {
            CHECK(o.max_value == 2);
            CHECK(o.value == 2);
            CHECK(o.holders.empty());
        }
}

TEST_CASE("Semaphore (unbounded) may be released past its initial value", "[semaphore]") {
    Runtime rt(det());
    int64_t v = 0;
    rt.run([&] {
        auto& s = make<Semaphore>("s", 0);
        s.release(3);
        v = s.value();
    });
    CHECK(v == 3);
}

TEST_CASE("Event: wait blocks until set, times out when never set", "[event]") {
    Runtime rt(det(2));
    bool got = false, timeout_result = true, before = true;
    rt.run([&] {
        auto& e = make<Event>("go");
        before = e.is_set();
        timeout_result = e.wait(0.5);
        auto& t = make<Thread>("w", [&] { got = e.wait(); });
        t.start();
        sleep(0.2);
        e.set();
        t.join();
        e.clear();
    });
    CHECK_FALSE(before);
    CHECK_FALSE(timeout_result);
    CHECK(got);
}
