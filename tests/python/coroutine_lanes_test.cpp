// Coroutine lanes (engine/include/threadlab/lanes.hpp, pybridge/py/coroutines.py):
// each greenlet is a lane of the log inside the OS thread that runs it.
// Deterministic runs are exact (the same log every time); free-mode runs
// (gevent, which deterministic mode refuses) check invariants only.
#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "runner/python_run.hpp"
#include "threadlab/reduce.hpp"

using namespace tl;

namespace {

struct LaneRun {
    std::unique_ptr<runner::PythonRun> run;
    World world;
    const EventLog& log() const { return run->log(); }
};

LaneRun run_lanes(const std::string& name, Mode mode, uint64_t seed = 1) {
    runner::PythonRunOptions o;
    o.path = std::string(THREADLAB_PY_PROGRAMS) + "/" + name;
    o.config.mode = mode;
    o.config.seed = seed;
    o.config.gil = GilMode::Off;
    o.child_program = THREADLAB_BINARY;
    LaneRun r;
    r.run = std::make_unique<runner::PythonRun>(o);
    // A bound, not a synchronisation: a program that hangs fails the test.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!r.run->finished() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (!r.run->finished()) FAIL_CHECK("the program did not end within 60 s");
    r.run->stop();
    r.run->wait();
    r.world = world_at(r.run->log());
    return r;
}

uint32_t tid_named(const EventLog& log, const std::string& name) {
    for (uint32_t t = 0; t < log.thread_count(); ++t)
        if (log.thread(t).name == name) return t;
    FAIL("no thread named " << name);
    return kNone;
}

// lane tid -> the OS thread it runs in, from each lane's ThreadNew.
std::map<uint32_t, uint32_t> lanes_of(const EventLog& log) {
    std::map<uint32_t, uint32_t> out;
    for (size_t i = 0; i < log.size(); ++i)
        if (log[i].kind == EvKind::ThreadNew && log[i].other != kNone) out[log[i].thread] = log[i].other;
    return out;
}

std::vector<std::string> output_of(const LaneRun& r) {
    std::vector<std::string> out;
    for (const auto& [tid, text] : r.world.output) out.push_back(r.log().thread(tid).name + ": " + text);
    return out;
}

// The lanes switched to, in order, among those of one OS thread.
std::vector<std::string> switched_to(const EventLog& log, uint32_t os_thread) {
    const auto lanes = lanes_of(log);
    std::vector<std::string> out;
    for (size_t i = 0; i < log.size(); ++i) {
        const LogEvent& e = log[i];
        if (e.kind != EvKind::OpDone || static_cast<Op>(e.code) != Op::Switch) continue;
        auto it = lanes.find(e.other);
        if (it != lanes.end() && it->second == os_thread) out.push_back(log.thread(e.other).name);
    }
    return out;
}

}  // namespace

TEST_CASE("coroutine lanes: each greenlet is a lane of its own OS thread, every switch an op", "[python][lanes]") {
    const LaneRun r = run_lanes("greenlet_lanes.py", Mode::Deterministic);
    REQUIRE(r.run->outcome().program.exit_status == 0);
    const EventLog& log = r.log();
    const uint32_t main = tid_named(log, "MainThread"), worker = tid_named(log, "worker");
    const auto lanes = lanes_of(log);
    // Lanes only where greenlets switched: the main greenlet, ping, pong in
    // MainThread; main, a, b in worker (named after the variables holding them).
    std::map<std::string, uint32_t> os_of;
    for (const auto& [lane, os] : lanes) os_of[log.thread(lane).name] = os;
    CHECK(os_of == std::map<std::string, uint32_t>{{"greenlet main @MainThread", main},
                                                   {"greenlet ping @MainThread", main},
                                                   {"greenlet pong @MainThread", main},
                                                   {"greenlet main @worker", worker},
                                                   {"greenlet a @worker", worker},
                                                   {"greenlet b @worker", worker}});
    // Every switch is recorded, in the order the greenlets took turns.
    const std::vector<std::string> in_main = switched_to(log, main);
    const std::vector<std::string> ping_pong = {"greenlet ping @MainThread", "greenlet pong @MainThread"};
    std::vector<std::string> want;
    for (int i = 0; i < 3; ++i) want.insert(want.end(), ping_pong.begin(), ping_pong.end());
    want.push_back("greenlet ping @MainThread");  // pong's last switch: ping ends
    want.push_back("greenlet main @MainThread");  // ... and goes back to its parent
    CHECK(in_main == want);
    // Every switch op is made by a lane and goes to a lane of the same OS thread.
    for (size_t i = 0; i < log.size(); ++i) {
        const LogEvent& e = log[i];
        if (e.kind != EvKind::OpDone || static_cast<Op>(e.code) != Op::Switch) continue;
        REQUIRE(lanes.count(e.thread) == 1);
        REQUIRE(lanes.count(e.other) == 1);
        CHECK(lanes.at(e.thread) == lanes.at(e.other));
    }
    // The program's own greenlet.settrace saw its own thread's 8 switches, as under python3.11.
    const auto out = output_of(r);
    CHECK(out.back() == "MainThread: own trace saw 8 switches");
    // Finished greenlets end done; pong, never resumed, is killed at exit.
    CHECK(r.world.threads[tid_named(log, "greenlet ping @MainThread")].state == ThreadState::Done);
    CHECK(r.world.threads[tid_named(log, "greenlet pong @MainThread")].state == ThreadState::Killed);
}

TEST_CASE("coroutine lanes: only one lane of a thread runs at a time", "[python][lanes]") {
    const LaneRun r = run_lanes("greenlet_lanes.py", Mode::Deterministic, 3);
    const EventLog& log = r.log();
    const auto lanes = lanes_of(log);
    std::map<uint32_t, ThreadState> state;  // lane -> its state now
    size_t checked = 0;
    for (size_t i = 0; i < log.size(); ++i) {
        const LogEvent& e = log[i];
        if (e.kind != EvKind::State || !lanes.count(e.thread)) continue;
        state[e.thread] = static_cast<ThreadState>(e.code);
        // After each switch's pair of states (the lane left, then the one
        // switched to), at most one lane of that thread is running.
        if (static_cast<ThreadState>(e.code) != ThreadState::Running) continue;
        int running = 0;
        for (const auto& [lane, s] : state)
            if (lanes.at(lane) == lanes.at(e.thread) && s == ThreadState::Running) ++running;
        CHECK(running == 1);
        ++checked;
    }
    CHECK(checked >= 10);
}

TEST_CASE("coroutine lanes: deterministic runs give the same log", "[python][lanes]") {
    for (uint64_t seed : {1u, 7u}) {
        const LaneRun a = run_lanes("greenlet_lanes.py", Mode::Deterministic, seed);
        const LaneRun b = run_lanes("greenlet_lanes.py", Mode::Deterministic, seed);
        CHECK(dump(a.log()) == dump(b.log()));
    }
}

TEST_CASE("coroutine lanes: deterministic mode refuses gevent with one line naming the line", "[python][lanes]") {
    const LaneRun r = run_lanes("gevent_refused.py", Mode::Deterministic);
    const auto out = output_of(r);
    REQUIRE(out.size() == 1);
    CHECK(out[0] ==
          "MainThread: refused: line 3: import gevent: gevent waits in its own event loop on the real clock, which "
          "deterministic mode cannot replay; run this program in free mode");
    CHECK(r.run->outcome().program.exit_status == 0);
}

TEST_CASE("coroutine lanes: gevent in free mode, its greenlets and hub are lanes of one thread", "[python][lanes]") {
    const LaneRun r = run_lanes("gevent_refused.py", Mode::Free);
    const EventLog& log = r.log();
    const auto out = output_of(r);
    REQUIRE_FALSE(out.empty());
    CHECK(out.back() == "MainThread: gevent ran in 1 thread(s)");
    const uint32_t main = tid_named(log, "MainThread");
    const uint32_t hub = tid_named(log, "greenlet Hub @MainThread");
    std::vector<uint32_t> workers;
    for (const auto& [lane, os] : lanes_of(log)) {
        CHECK(os == main);
        if (log.thread(lane).name.rfind("greenlet work(", 0) == 0) workers.push_back(lane);
    }
    CHECK(workers.size() == 2);
    // Invariants, not timings: the hub slept in its loop at least once; each
    // worker waited for the hub (it switched there to sleep) and ended done;
    // the only OS thread is MainThread.
    bool hub_slept = false;
    std::map<uint32_t, bool> waited;
    size_t os_threads = 0;
    for (size_t i = 0; i < log.size(); ++i) {
        const LogEvent& e = log[i];
        if (e.kind == EvKind::ThreadNew && e.other == kNone) ++os_threads;
        if (e.kind != EvKind::State) continue;
        const auto s = static_cast<ThreadState>(e.code);
        if (e.thread == hub && s == ThreadState::Sleeping) hub_slept = true;
        if (s == ThreadState::Waiting) waited[e.thread] = true;
    }
    CHECK(hub_slept);
    CHECK(os_threads == 1);
    for (uint32_t w : workers) {
        CHECK(waited[w]);
        CHECK(r.world.threads[w].state == ThreadState::Done);
    }
}

TEST_CASE("coroutine lanes: a generator driven with send() is a lane, an iterator is not", "[python][lanes]") {
    const LaneRun r = run_lanes("generator_lanes.py", Mode::Deterministic);
    const EventLog& log = r.log();
    CHECK(output_of(r) == std::vector<std::string>{"MainThread: total 6, squares 14", "MainThread: closed"});
    const auto lanes = lanes_of(log);
    REQUIRE(lanes.size() == 1);  // not countdown, not the generator expression
    const uint32_t acc = lanes.begin()->first, main = tid_named(log, "MainThread");
    CHECK(log.thread(acc).name == "generator acc @MainThread");
    CHECK(lanes.begin()->second == main);
    // next(), three send(v), send(0), close(): six resumes, each one a switch
    // from the thread to the lane and one back; the close ends it.
    size_t to_lane = 0, back = 0;
    for (size_t i = 0; i < log.size(); ++i) {
        const LogEvent& e = log[i];
        if (e.kind != EvKind::OpDone || static_cast<Op>(e.code) != Op::Switch) continue;
        if (e.thread == main && e.other == acc) ++to_lane;
        if (e.thread == acc && e.other == main) ++back;
    }
    CHECK(to_lane == 6);
    CHECK(back == 6);
    CHECK(r.world.threads[acc].state == ThreadState::Done);
    CHECK(r.world.threads[main].state == ThreadState::Done);  // the thread's own states are the engine's
}
