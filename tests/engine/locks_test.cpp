#include <catch2/catch.hpp>

#include "support.hpp"

using namespace tl;
using namespace tltest;

TEST_CASE("Lock: acquire, non-blocking failure, timed failure in virtual time", "[lock]") {
    Runtime rt(det());
    bool nonblocking = true, timed = true;
    double waited = -1;
    rt.run([&] {
        auto& l = make<Lock>("l");
        REQUIRE(l.acquire());
        auto& t = make<Thread>("other", [&] {
            nonblocking = l.acquire(false);
            double t0 = monotonic();
            timed = l.acquire(true, 0.25);
            waited = monotonic() - t0;
        });
        t.start();
        t.join();
        l.release();
    });
    CHECK_FALSE(nonblocking);
    CHECK_FALSE(timed);
    CHECK(waited == Approx(0.25));  // deterministic mode: exact virtual time
}

TEST_CASE("Lock: misuse raises Python's errors", "[lock][errors]") {
    Runtime rt(det());
    std::string unlocked, nb_timeout;
    rt.run([&] {
        auto& l = make<Lock>("l");
        unlocked = error_of([&] { l.release(); });
        nb_timeout = error_of([&] { l.acquire(false, 1.0); });
    });
    CHECK(unlocked == "RuntimeError: release unlocked lock");
    CHECK(nb_timeout == "ValueError: can't specify a timeout for a non-blocking call");
    CHECK(count_ops(rt.log(), Op::Raise) == 2);
}

TEST_CASE("Lock: any thread may release a Lock, as in Python", "[lock]") {
    Runtime rt(det());
    bool locked_after = true;
    rt.run([&] {
        auto& l = make<Lock>("l");
        l.acquire();
        auto& t = make<Thread>("releaser", [&] { l.release(); });
        t.start();
        t.join();
        locked_after = l.locked();
    });
    CHECK_FALSE(locked_after);
}

TEST_CASE("RLock: re-entrant for its owner, RuntimeError for anyone else", "[rlock][errors]") {
    Runtime rt(det());
    std::string foreign, unowned;
    bool reentered = false;
    rt.run([&] {
        auto& r = make<RLock>("r");
        unowned = error_of([&] { r.release(); });
        r.acquire();
        reentered = r.acquire(false);
        auto& t = make<Thread>("intruder", [&] { foreign = error_of([&] { r.release(); }); });
        t.start();
        t.join();
        r.release();
        r.release();
    });
    CHECK(reentered);
    CHECK(unowned == "RuntimeError: cannot release un-acquired lock");
    CHECK(foreign == "RuntimeError: cannot release un-acquired lock");
}

TEST_CASE("Lock: mutual exclusion holds in free mode under contention", "[lock][free]") {
    Runtime rt(free_fast());
    int inside = 0, max_inside = 0, total = 0;
    rt.run([&] {
        auto& l = make<Lock>("l");
        for (int i = 0; i < 4; ++i) {
            make<Thread>("w" + std::to_string(i), [&] {
                for (int k = 0; k < 200; ++k) {
                    With<Lock> g(l);
                    ++inside;
                    max_inside = std::max(max_inside, inside);
                    ++total;
                    --inside;
                }
            }).start();
        }
    });
    CHECK(max_inside == 1);
    CHECK(total == 800);
    // The log agrees: acquires and releases alternate on the lock.
    World w = world_at(rt.log());
    for (const auto& o : w.objects)
        if (o.kind == ObjKind::Lock) CHECK(o.owner == kNone);
}

TEST_CASE("Lock: a blocked acquirer is shown Blocked on the lock and handed it in order", "[lock]") {
    Runtime rt(det(7, Policy::RoundRobin));
    std::vector<std::string> order;
    rt.run([&] {
        auto& l = make<Lock>("gate");
        l.acquire();
        for (int i = 0; i < 3; ++i)
            make<Thread>("t" + std::to_string(i), [&, i] {
                l.acquire();
                order.push_back("t" + std::to_string(i));
                l.release();
            }).start();
        sleep(1.0);  // let all three queue up
        l.release();
    });
    REQUIRE(order.size() == 3);
    Summary s = summarize(rt.log());
    int blocked_threads = 0;
    for (const auto& ts : s.threads)
        if (ts.time_in[int(ThreadState::Blocked)] > 0) ++blocked_threads;
    CHECK(blocked_threads == 3);
    for (const auto& os : s.objects)
        if (rt.log().object(os.id).name == "gate") {
            CHECK(os.waits == 3);
            CHECK(os.max_waiters == 3);
        }
}
