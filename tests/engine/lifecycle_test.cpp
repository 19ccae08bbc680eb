#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "support.hpp"

using namespace tl;
using namespace tltest;

TEST_CASE("Lifecycle: non-daemon threads are joined at exit, daemons are killed", "[lifecycle]") {
    for (Mode mode : {Mode::Deterministic, Mode::Free}) {
        RunConfig cfg = mode == Mode::Free ? free_fast() : det();
        Runtime rt(cfg);
        bool worker_finished = false;
        rt.run([&] {
            auto& worker = make<Thread>("worker", [&] {
                sleep(0.5);
                worker_finished = true;
            });
            auto& daemon = make<Thread>("daemon", [&] {
                for (;;) sleep(0.1);
            });
            daemon.set_daemon(true);
            worker.start();
            daemon.start();
        });
        CHECK(worker_finished);
        CHECK(final_state(rt.log(), "worker") == ThreadState::Done);
        CHECK(final_state(rt.log(), "daemon") == ThreadState::Killed);
        CHECK(final_state(rt.log(), "MainThread") == ThreadState::Done);
        CHECK(world_at(rt.log()).ended);
    }
}

TEST_CASE("Lifecycle: daemon is inherited from the creating thread", "[lifecycle]") {
    Runtime rt(det());
    bool child_daemon = false, main_child_daemon = true;
    rt.run([&] {
        auto& d = make<Thread>("d", [&] {
            auto& grandchild = make<Thread>("g", [] {});
            child_daemon = grandchild.daemon();
        });
        d.set_daemon(true);
        main_child_daemon = make<Thread>("plain", [] {}).daemon();
        d.start();
        d.join();
    });
    CHECK(child_daemon);
    CHECK_FALSE(main_child_daemon);
}

TEST_CASE("Lifecycle: misuse of start, join and daemon", "[lifecycle][errors]") {
    Runtime rt(det());
    std::string unstarted, twice, self, daemon_late;
    rt.run([&] {
        auto& t = make<Thread>("t", [&] {});
        unstarted = error_of([&] { t.join(); });
        t.start();
        twice = error_of([&] { t.start(); });
        daemon_late = error_of([&] { t.set_daemon(true); });
        t.join();
        Thread* self_ptr = nullptr;
        auto& sj = make<Thread>("self-joiner", [&] { self = error_of([&] { self_ptr->join(); }); });
        self_ptr = &sj;
        sj.start();
        sj.join();
    });
    CHECK(unstarted == "RuntimeError: cannot join thread before it is started");
    CHECK(twice == "RuntimeError: threads can only be started once");
    CHECK(daemon_late == "RuntimeError: cannot set daemon status of active thread");
    CHECK(self == "RuntimeError: cannot join current thread");
}

TEST_CASE("Lifecycle: join(timeout) returns, is_alive tells whether it ended", "[lifecycle]") {
    Runtime rt(det());
    bool alive_after_short = false, alive_after_long = true;
    rt.run([&] {
        auto& t = make<Thread>("slow", [] { sleep(1.0); });
        t.start();
        t.join(0.2);
        alive_after_short = t.is_alive();
        t.join(5.0);
        alive_after_long = t.is_alive();
    });
    CHECK(alive_after_short);
    CHECK_FALSE(alive_after_long);
}

TEST_CASE("Lifecycle: an exception escaping a thread goes to excepthook, not down the program", "[lifecycle]") {
    Runtime rt(det());
    bool main_continued = false;
    rt.run([&] {
        auto& t = make<Thread>("crasher", [] { throw ValueError("bad item"); });
        t.start();
        t.join();
        main_continued = true;
        throw RuntimeError("main fails too");
    });
    CHECK(main_continued);
    World w = world_at(rt.log());
    REQUIRE(w.exceptions.size() == 2);
    CHECK(w.exceptions[0].second == "ValueError: bad item");
    CHECK(w.exceptions[1].second == "RuntimeError: main fails too");
    CHECK(final_state(rt.log(), "crasher") == ThreadState::Failed);
    CHECK(final_state(rt.log(), "MainThread") == ThreadState::Failed);
}

TEST_CASE("Lifecycle: main that fails still waits for its non-daemon threads", "[lifecycle]") {
    Runtime rt(det());
    bool finished = false;
    rt.run([&] {
        make<Thread>("worker", [&] {
            sleep(1);
            finished = true;
        }).start();
        throw RuntimeError("early exit");
    });
    CHECK(finished);
}

TEST_CASE("Lifecycle: set_daemon before start shows in the log and the World", "[lifecycle]") {
    Runtime rt(det());
    rt.run([] {
        auto& d = make<Thread>("d", [] {});
        d.set_daemon(true);
        d.start();
    });
    CHECK(rt.log().thread(1).daemon);
    CHECK(world_at(rt.log()).threads.at(1).daemon);
}

TEST_CASE("Lifecycle: a thread from outside the run can act in it as a thread of its own (free mode)",
          "[lifecycle][adopt]") {
    tl::Runtime rt(tltest::free_fast());
    std::atomic<tl::Event*> go{nullptr};
    rt.start([&] {
        auto& e = tl::make<tl::Event>("go");
        go.store(&e);
        // Only the teacher sets it. A wait with a timeout, again and again:
        // a wait nobody in the run could end is a deadlock the engine ends
        // the run for, and the teacher (not yet a thread of the run) may come
        // after that verdict (this failed once under ThreadSanitizer).
        while (!e.wait(0.01)) {
        }
    });
    while (!go.load()) std::this_thread::yield();  // until main has made the event
    CHECK(rt.adopt_here("teacher", [&] { go.load()->set(); }));
    rt.wait();
    const tl::World w = tl::world_at(rt.log());
    REQUIRE(w.threads.size() == 2);
    CHECK(rt.log().thread(w.threads[1].tid).name == "teacher");
    CHECK(w.threads[1].daemon);
    for (const tl::ThreadView& t : w.threads) CHECK(t.state == tl::ThreadState::Done);
    CHECK(w.ended);
    CHECK_FALSE(w.stopped);
    // Once the run is over nothing more can act in it.
    bool ran = false;
    CHECK_FALSE(rt.adopt_here("late", [&] { ran = true; }));
    CHECK_FALSE(ran);
}

TEST_CASE("Lifecycle: deterministic mode refuses a thread from outside", "[lifecycle][adopt]") {
    tl::Runtime rt(tltest::det());
    std::atomic<bool> asked{false}, refused{false};
    rt.start([&] {
        while (!asked.load()) tl::sleep(0.001);  // virtual time: the outside thread has its turn in real time
    });
    refused = !rt.adopt_here("teacher", [] {});
    asked = true;
    rt.wait();
    CHECK(refused);
    CHECK(tl::world_at(rt.log()).threads.size() == 1);
}
