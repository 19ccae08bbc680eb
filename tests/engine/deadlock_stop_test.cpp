#include <catch2/catch.hpp>
#include <thread>

#include "support.hpp"

using namespace tl;
using namespace tltest;

namespace {
void two_locks_in_opposite_order() {
    auto& a = make<Lock>("lock_a");
    auto& b = make<Lock>("lock_b");
    make<Thread>("alice", [&] {
        With<Lock> ga(a);
        sleep(0.1);
        With<Lock> gb(b);
    }).start();
    make<Thread>("bob", [&] {
        With<Lock> gb(b);
        sleep(0.1);
        With<Lock> ga(a);
    }).start();
}
// The same, made certain whatever the timing (free mode under a sanitizer
// can run alice to the end before bob starts): both hold their first lock
// before either asks for its second.
void two_locks_certain_deadlock() {
    auto& a = make<Lock>("lock_a");
    auto& b = make<Lock>("lock_b");
    auto& both_hold_one = make<Barrier>("both_hold_one", 2);
    make<Thread>("alice", [&] {
        With<Lock> ga(a);
        both_hold_one.wait();
        With<Lock> gb(b);
    }).start();
    make<Thread>("bob", [&] {
        With<Lock> gb(b);
        both_hold_one.wait();
        With<Lock> ga(a);
    }).start();
}
}  // namespace

TEST_CASE("Deadlock: reported with its wait-for cycle instead of hanging", "[deadlock]") {
    Runtime rt(det(3));
    rt.run(two_locks_in_opposite_order);
    auto d = rt.deadlock();
    REQUIRE(d.has_value());
    REQUIRE(d->cycle.size() == 2);
    std::string text = d->describe(rt.log());
    CHECK(text.find("alice waits for lock_b held by bob") != std::string::npos);
    CHECK(text.find("bob waits for lock_a held by alice") != std::string::npos);
    World w = world_at(rt.log());
    CHECK(w.deadlock.size() == 3);  // alice, bob, and MainThread joining alice
    CHECK(w.ended);
    CHECK_FALSE(w.stopped);
    // Deterministic even through the deadlock and the unwinding after it.
    Runtime again(det(3));
    again.run(two_locks_in_opposite_order);
    CHECK(dump(again.log()) == dump(rt.log()));
}

TEST_CASE("Deadlock: a thread re-acquiring its own Lock deadlocks with itself", "[deadlock]") {
    Runtime rt(det());
    rt.run([] {
        auto& l = make<Lock>("l");
        l.acquire();
        l.acquire();
    });
    REQUIRE(rt.deadlock());
    CHECK(rt.deadlock()->describe(rt.log()) == "deadlock cycle: MainThread waits for l held by MainThread");
}

TEST_CASE("Stop: a free-mode run stops from any state and every thread ends", "[stop][free]") {
    RunConfig cfg;
    cfg.speed = 1.0;
    Runtime rt(cfg);
    std::atomic<int> started{0};
    rt.start([&] {
        auto& l = make<Lock>("l");
        auto& e = make<Event>("never");
        l.acquire();
        for (int i = 0; i < 3; ++i)
            make<Thread>("blocked" + std::to_string(i), [&] { ++started, l.acquire(); }).start();
        make<Thread>("waiting", [&] { ++started, e.wait(); }).start();
        make<Thread>("sleeping", [&] { ++started, sleep(3600); }).start();
        make<Thread>("spinning", [&] { ++started, cpu(3600); }).start();
        sleep(3600);
    });
    while (started.load() < 6) std::this_thread::yield();  // every thread is on its way to block
    rt.stop();
    CHECK(rt.finished());
    World w = world_at(rt.log());
    CHECK(w.ended);
    CHECK(w.stopped);
    for (const auto& t : w.threads) CHECK(is_final(t.state));
}

TEST_CASE("Stop: while paused, and in a deterministic deadlock-free wait", "[stop]") {
    for (Mode mode : {Mode::Free, Mode::Deterministic}) {
        RunConfig cfg;
        cfg.mode = mode;
        cfg.paced = true;  // deterministic: real waits between wake-ups
        Runtime rt(cfg);
        rt.start([] {
            for (int i = 0; i < 3; ++i) make<Thread>("s" + std::to_string(i), [] { sleep(3600); }).start();
        });
        rt.pause();
        rt.stop();
        CHECK(rt.finished());
        // Threads that were started have ended; one created but never
        // started (main was paused before start()) stays "new".
        for (const auto& t : world_at(rt.log()).threads) CHECK((is_final(t.state) || !t.started));
    }
}

TEST_CASE("Stop: destroying a runtime mid-run stops it and frees everything", "[stop]") {
    for (int i = 0; i < 5; ++i) {
        Runtime rt(det(i, Policy::Manual));  // manual: waiting for a pick forever
        rt.start([] {
            make<Thread>("a", [] {}).start();
            make<Thread>("b", [] {}).start();
        });
    }
    SUCCEED("no hang, no leak (ASan/TSan builds check the latter)");
}

TEST_CASE("Deadlock: free mode reports it too, and the run ends", "[deadlock][free]") {
    for (int i = 0; i < 20; ++i) {  // many tries: the interleavings differ every time
        Runtime rt(free_fast());
        rt.run(two_locks_certain_deadlock);
        auto d = rt.deadlock();
        REQUIRE(d.has_value());
        REQUIRE(d->cycle.size() == 2);
        World w = world_at(rt.log());
        CHECK(w.ended);
        for (const auto& t : w.threads)
            if (t.started) CHECK(is_final(t.state));
    }
}

TEST_CASE("Deadlock: free mode, everyone waits on a queue nobody fills", "[deadlock][free]") {
    Runtime rt(free_fast());
    rt.run([] {
        auto& q = make<Queue>("q");
        for (int i = 0; i < 3; ++i) make<Thread>("consumer" + std::to_string(i), [&] { q.get(); }).start();
    });
    REQUIRE(rt.deadlock().has_value());
    CHECK(rt.deadlock()->waiting.size() == 4);  // three consumers and MainThread joining one
    CHECK(rt.deadlock()->describe(rt.log()).find("consumer0 waits for q") != std::string::npos);
}

TEST_CASE("Deadlock: free mode does not cry wolf", "[deadlock][free]") {
    // Threads that wait with no deadline but are always woken in the end.
    for (int i = 0; i < 20; ++i) {
        Runtime rt(free_fast());
        rt.run([] {
            auto& q = make<Queue>("q", 1);
            auto& e = make<Event>("go");
            auto& c = make<Condition>("cv");
            int ready = 0;
            make<Thread>("setter", [&] { e.set(); }).start();
            for (int k = 0; k < 3; ++k)
                make<Thread>("w" + std::to_string(k), [&] {
                    e.wait();
                    q.put(1);
                    With<Condition> g(c);
                    ++ready;
                    c.notify_all();
                }).start();
            for (int k = 0; k < 3; ++k) q.get();
            With<Condition> g(c);
            c.wait_for([&] { return ready == 3; });
        });
        CHECK_FALSE(rt.deadlock().has_value());
    }
}

TEST_CASE("Deadlock hold: the deadlock stands for a while before its threads end", "[deadlock]") {
    RunConfig cfg = det(3);
    cfg.deadlock_hold = 0.5;
    Runtime rt(cfg);
    rt.run(two_locks_certain_deadlock);
    REQUIRE(rt.deadlock().has_value());
    Nanos reported = -1, killed = -1;
    for (size_t i = 0; i < rt.log().size(); ++i) {
        const LogEvent& e = rt.log()[i];
        if (e.kind == EvKind::Deadlock && reported < 0) reported = e.t;
        if (e.kind == EvKind::State && static_cast<ThreadState>(e.code) == ThreadState::Killed && killed < 0)
            killed = e.t;
    }
    CHECK(killed - reported == 500'000'000);
}

TEST_CASE("Deadlock hold: a stop cuts it short", "[deadlock][free]") {
    RunConfig cfg;
    cfg.deadlock_hold = 3600;  // an hour of scenario time
    Runtime rt(cfg);
    rt.start(two_locks_certain_deadlock);
    while (!rt.deadlock()) std::this_thread::yield();
    rt.stop();
    CHECK(rt.finished());
    for (const auto& t : world_at(rt.log()).threads)
        if (t.started) CHECK(is_final(t.state));
}
