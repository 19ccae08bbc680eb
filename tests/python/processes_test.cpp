// A program's own processes (multiprocessing, in free mode): each forked
// process sends its own stream, merged into the run's log. ThreadSanitizer
// cannot follow a multi-threaded fork, so these run in the other builds.
#include <catch2/catch.hpp>

#if !defined(__SANITIZE_THREAD__)
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "runner/python_run.hpp"
#include "threadlab/reduce.hpp"

using namespace tl;

namespace {

std::unique_ptr<runner::PythonRun> run_processes(Mode mode) {
    runner::PythonRunOptions o;
    o.path = std::string(THREADLAB_PY_PROGRAMS) + "/processes.py";
    o.config.mode = mode;
    o.config.gil = GilMode::Off;
    o.child_program = THREADLAB_BINARY;
    auto run = std::make_unique<runner::PythonRun>(o);
    // A bound, not a synchronisation: a hang fails the test instead of hanging it.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!run->finished() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CHECK(run->finished());
    run->stop();
    run->wait();
    return run;
}

}  // namespace

TEST_CASE("Python processes: a Pool's workers and a Process are lanes of their own processes", "[python][processes]") {
    auto run = run_processes(Mode::Free);
    const EventLog& log = run->log();
    const World w = world_at(log);
    CHECK(run->outcome().exit_status == 0);
    std::vector<std::string> out;
    for (const auto& [tid, text] : w.output) out.push_back(log.thread(tid).name + ": " + text);
    CHECK(out == std::vector<std::string>{"MainThread: squares [0, 1, 4, 9]", "MainThread: exitcode 0",
                                          "MainThread: counter 0"});

    std::map<std::string, uint32_t> tid;
    for (uint32_t t = 0; t < log.thread_count(); ++t) tid[log.thread(t).name] = t;
    REQUIRE(tid.count("ForkPoolWorker-1"));
    REQUIRE(tid.count("ForkPoolWorker-2"));
    REQUIRE(tid.count("helper"));
    // Three processes besides the program's, one number each, and every
    // thread of the run ended.
    std::set<uint32_t> pids{log.thread(tid["ForkPoolWorker-1"]).pid, log.thread(tid["ForkPoolWorker-2"]).pid,
                            log.thread(tid["helper"]).pid};
    CHECK(pids.size() == 3);
    CHECK(pids.count(0) == 0);
    CHECK(log.thread(tid["MainThread"]).pid == 0);
    for (const ThreadView& t : w.threads) CHECK(is_final(t.state));
    CHECK(w.threads[tid["helper"]].state == ThreadState::Done);
    // The helper slept in its own process: its sleep is on its own lane.
    bool helper_slept = false;
    for (size_t i = 0; i < log.size(); ++i)
        if (log[i].kind == EvKind::State && log[i].thread == tid["helper"] &&
            log[i].code == static_cast<uint8_t>(ThreadState::Sleeping))
            helper_slept = true;
    CHECK(helper_slept);

    // The pool under its name, each worker a `spawn` of it; its four
    // AsyncResults are futures that finished with their values.
    uint32_t pool = kNone;
    for (uint32_t o = 0; o < log.object_count(); ++o)
        if (log.object(o).name == "pool" && log.object(o).kind == ObjKind::Pool) pool = o;
    REQUIRE(pool != kNone);
    std::set<uint32_t> spawned;
    for (size_t i = 0; i < log.size(); ++i)
        if (log[i].kind == EvKind::OpDone && log[i].object == pool && log[i].code == static_cast<uint8_t>(Op::Spawn))
            spawned.insert(log[i].other);
    CHECK(spawned == std::set<uint32_t>{tid["ForkPoolWorker-1"], tid["ForkPoolWorker-2"]});
    std::multiset<std::string> results;
    for (const ObjectView& o : w.objects)
        if (o.kind == ObjKind::Future && !o.internal && o.future_state == 4) results.insert(log.str(uint32_t(o.result)));
    CHECK(results == std::multiset<std::string>{"0", "1", "4", "9"});
}

TEST_CASE("Python processes: deterministic mode refuses a fork with one clear error", "[python][processes]") {
    auto run = run_processes(Mode::Deterministic);
    const runner::PythonOutcome o = run->outcome();
    CHECK(o.program.main_raised);
    CHECK_THAT(o.program.error, Catch::Contains("free mode only") && Catch::Contains("RuntimeError"));
    CHECK(o.exit_status == 1);
}
#endif
