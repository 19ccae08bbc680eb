// A lock whose owner has ended is abandoned, not held: after a deadlock the
// runtime kills the stuck threads and their locks stay locked (CPython
// releases nothing for a dead thread), so the world must not go on showing
// a killed thread as a live owner. The GUI's wait-for graph draws these.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace tl;
using namespace tltest;

namespace {
const ObjectView& object_named(const World& w, const EventLog& log, const std::string& name) {
    for (const ObjectView& o : w.objects)
        if (log.object(o.id).name == name) return o;
    FAIL("no object " << name);
    return w.objects.front();
}

// Both tellers hold their first lock before either asks for its second, then
// deadlock; no guards, so nothing is released while the threads are killed.
void crossed_locks() {
    auto& a = make<Lock>("lock_a");
    auto& b = make<Lock>("lock_b");
    auto& both = make<Barrier>("both", 2);
    make<Thread>("alice", [&] {
        a.acquire();
        both.wait();
        b.acquire();
    }).start();
    make<Thread>("bob", [&] {
        b.acquire();
        both.wait();
        a.acquire();
    }).start();
}
}  // namespace

TEST_CASE("World: a deadlocked thread's lock is held until it is killed, then abandoned", "[deadlock][world]") {
    Runtime rt(det(3));
    rt.run(crossed_locks);
    REQUIRE(rt.deadlock());
    const EventLog& log = rt.log();
    // The world as the deadlock stood (its last Deadlock record): held, live owners.
    size_t at_deadlock = 0;
    for (size_t i = 0; i < log.size(); ++i)
        if (log[i].kind == EvKind::Deadlock) at_deadlock = i + 1;
    REQUIRE(at_deadlock > 0);
    World before = world_at(log, at_deadlock);
    const ObjectView& a0 = object_named(before, log, "lock_a");
    REQUIRE(a0.owner != kNone);
    CHECK(log.thread(a0.owner).name == "alice");
    CHECK_FALSE(a0.abandoned);
    CHECK_FALSE(object_named(before, log, "lock_b").abandoned);

    // After the run: the owners are killed and both locks are abandoned
    // (still locked: the owner is kept to say by whom).
    World after = world_at(log);
    for (const char* name : {"lock_a", "lock_b"}) {
        const ObjectView& o = object_named(after, log, name);
        INFO(name);
        REQUIRE(o.owner != kNone);
        CHECK(after.threads[o.owner].state == ThreadState::Killed);
        CHECK(o.abandoned);
    }
}

TEST_CASE("World: a lock taken again or released is no longer abandoned", "[world]") {
    Runtime rt(det());
    rt.run([] {
        auto& l = make<Lock>("l");
        auto& t = make<Thread>("quitter", [&] { l.acquire(); });  // ends holding it
        t.start();
        t.join();
        l.release();  // a plain Lock may be released by any thread
        l.acquire();
        l.release();
    });
    const EventLog& log = rt.log();
    // Find the moment the quitter ended, and the release after it.
    size_t ended = 0, released = 0;
    for (size_t i = 0; i < log.size(); ++i) {
        const LogEvent& e = log[i];
        if (e.kind == EvKind::State && is_final(static_cast<ThreadState>(e.code)) &&
            log.thread(e.thread).name == "quitter")
            ended = i + 1;
        if (ended && !released && e.kind == EvKind::OpDone && static_cast<Op>(e.code) == Op::Release) released = i + 1;
    }
    REQUIRE(ended > 0);
    REQUIRE(released > ended);
    const World at_end = world_at(log, ended);
    const ObjectView& o = object_named(at_end, log, "l");
    CHECK(o.abandoned);
    CHECK(log.thread(o.owner).name == "quitter");
    CHECK_FALSE(object_named(world_at(log, released), log, "l").abandoned);
    CHECK_FALSE(object_named(world_at(log), log, "l").abandoned);
}
