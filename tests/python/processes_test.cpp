// A program's own processes (multiprocessing): each forked process sends its
// own stream, merged into the run's log; in deterministic mode they take
// turns (threadlab/process_turns.hpp), so the merged log is the same in
// every run. ThreadSanitizer cannot follow a multi-threaded fork, so these
// run in the other builds.
#include <catch2/catch.hpp>

#if !defined(__SANITIZE_THREAD__)
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "runner/python_run.hpp"
#include "threadlab/reduce.hpp"

using namespace tl;

namespace {

std::unique_ptr<runner::PythonRun> run_processes(Mode mode, const std::string& program = "processes.py",
                                                 uint64_t seed = 1, int cores = 2) {
    runner::PythonRunOptions o;
    o.path = std::string(THREADLAB_PY_PROGRAMS) + "/" + program;
    o.config.mode = mode;
    o.config.seed = seed;
    o.config.cores = cores;
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
    const Mode mode = GENERATE(Mode::Free, Mode::Deterministic);
    INFO("mode " << (mode == Mode::Free ? "free" : "deterministic"));
    auto run = run_processes(mode);
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

namespace {

// Every event, thread and object of two logs, field by field.
std::string describe_event(const EventLog& log, size_t i) {
    if (i >= log.size()) return "(none)";
    const LogEvent& e = log[i];
    return "#" + std::to_string(i) + " kind " + std::to_string(int(e.kind)) + " code " + std::to_string(e.code) +
           " thread " + (e.thread < log.thread_count() ? log.thread(e.thread).name : "-") + " object " +
           (e.object < log.object_count() ? log.object(e.object).name : "-") + " t " + std::to_string(e.t);
}

void require_same_log(const EventLog& a, const EventLog& b) {
    size_t first = 0;  // where they part, to say so when they do
    while (first < a.size() && first < b.size() && std::memcmp(&a[first], &b[first], sizeof(LogEvent)) == 0) ++first;
    INFO("first difference: " << describe_event(a, first) << " / " << describe_event(b, first));
    REQUIRE(a.size() == b.size());
    REQUIRE(a.thread_count() == b.thread_count());
    REQUIRE(a.object_count() == b.object_count());
    for (uint32_t t = 0; t < a.thread_count(); ++t) {
        CHECK(a.thread(t).name == b.thread(t).name);
        CHECK(a.thread(t).pid == b.thread(t).pid);
    }
    for (uint32_t o = 0; o < a.object_count(); ++o) CHECK(a.object(o).name == b.object(o).name);
    size_t differ = 0;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::memcmp(&a[i], &b[i], sizeof(LogEvent)) != 0) ++differ;
    CHECK(differ == 0);
}

double printed_seconds(const World& w, const std::string& label) {
    for (const auto& [tid, text] : w.output)
        if (text.rfind(label + ": ", 0) == 0) return std::stod(text.substr(label.size() + 2));
    FAIL("no line " << label << " in the output");
    return 0;
}

}  // namespace

TEST_CASE("Python processes: deterministic mode gives the same log in every run", "[python][processes]") {
    auto first = run_processes(Mode::Deterministic);
    auto second = run_processes(Mode::Deterministic);
    CHECK(first->outcome().exit_status == 0);
    require_same_log(first->log(), second->log());
    // Another seed: another interleaving of the same program (the pool's
    // threads are scheduled differently), with the same results.
    auto other = run_processes(Mode::Deterministic, "processes.py", 2);
    CHECK(world_at(other->log()).output == world_at(first->log()).output);
    bool same = other->log().size() == first->log().size();
    for (size_t i = 0; same && i < first->log().size(); ++i)
        same = std::memcmp(&first->log()[i], &other->log()[i], sizeof(LogEvent)) == 0;
    CHECK_FALSE(same);
}

TEST_CASE("Python processes: a child slow to leave the kernel after its last turn is waited for, not reported "
          "as blocked outside the program", "[python][processes]") {
    // On a loaded machine a child can take seconds between its last turn
    // and its exit (seen in state D), while the parent waits in waitpid:
    // the watchdog (1.5 s) took that for a wait outside the program and
    // stopped the run. THREADLAB_TEST_EXIT_DELAY_MS makes every child that
    // slow here; the log must be the one of a run without it.
    auto quick = run_processes(Mode::Deterministic);
    setenv("THREADLAB_TEST_EXIT_DELAY_MS", "2000", 1);
    auto slow = run_processes(Mode::Deterministic);
    unsetenv("THREADLAB_TEST_EXIT_DELAY_MS");
    CHECK(slow->outcome().exit_status == 0);
    require_same_log(quick->log(), slow->log());
}

TEST_CASE("Python processes: a child that handles SIGTERM runs its handler, the same way in every deterministic run",
          "[python][processes]") {
    // terminate() does not end it: in its next turn it runs the handler and
    // exits with the handler's code, as python3.11 prints it.
    for (Mode mode : {Mode::Free, Mode::Deterministic}) {
        auto run = run_processes(mode, "handled_sigterm.py");
        std::vector<std::string> lines;
        for (const auto& [tid, text] : world_at(run->log()).output) lines.push_back(text);
        CHECK(lines == std::vector<std::string>{"child got SIGTERM", "exitcode 3"});
    }
    auto first = run_processes(Mode::Deterministic, "handled_sigterm.py");
    auto second = run_processes(Mode::Deterministic, "handled_sigterm.py");
    require_same_log(first->log(), second->log());
}

TEST_CASE("Python processes: a child left behind ends with the run", "[python][processes]") {
    // The parent is stopped by the watchdog (select.select is no engine
    // wait) while its child waits for ever on a pipe: without the end of
    // the run taking the program's process group along, the child stayed,
    // and a front end reading its output hung.
    auto run = run_processes(Mode::Deterministic, "orphan_child.py");
    int child = 0;
    for (const auto& [tid, text] : world_at(run->log()).output)
        if (text.rfind("child ", 0) == 0) child = std::stoi(text.substr(6));
    REQUIRE(child > 0);
    // SIGKILL is sent before the run counts as finished; the kernel ends
    // the process a moment later. A bound, not a synchronisation.
    auto gone = [child] {
        std::ifstream stat("/proc/" + std::to_string(child) + "/stat");
        std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
        const size_t close = text.rfind(')');
        return close == std::string::npos || text[close + 2] == 'Z';
    };
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!gone() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CHECK(gone());
    if (!gone()) kill(child, SIGKILL);
}

TEST_CASE("Python processes: in deterministic mode processes compute in parallel and a terminated pool ends",
          "[python][processes]") {
    auto run = run_processes(Mode::Deterministic, "cpu_processes.py");
    const EventLog& log = run->log();
    const World w = world_at(log);
    CHECK(run->outcome().exit_status == 0);
    // Each process has its own GIL and runs on its own modelled core: two
    // countdowns in two processes take half the time they take one after
    // the other, and two threads take as long as one after the other.
    const double sequential = printed_seconds(w, "sequential");
    const double threads = printed_seconds(w, "2 threads");
    const double processes = printed_seconds(w, "2 processes");
    CHECK(sequential > 0);
    CHECK(threads / sequential == Approx(1.0).margin(0.1));
    CHECK(processes / sequential == Approx(0.5).margin(0.1));
    // A pool's map, closed and joined; and pool.terminate() with a job
    // still sleeping: its workers are killed at the point the parent killed
    // them, and the run ends, in the same way every time.
    std::vector<std::string> rest;
    for (const auto& [tid, text] : w.output)
        if (text.find(": ") == std::string::npos) rest.push_back(text);
    CHECK(rest == std::vector<std::string>{"map [3, 2, 1, 0, 1, 2]", "terminated"});
    for (const ThreadView& t : w.threads) CHECK(is_final(t.state));
    auto again = run_processes(Mode::Deterministic, "cpu_processes.py");
    require_same_log(log, again->log());

    // On one modelled core the two processes share it: no faster than one
    // after the other.
    auto one_core = run_processes(Mode::Deterministic, "cpu_processes.py", 1, 1);
    const World w1 = world_at(one_core->log());
    CHECK(printed_seconds(w1, "2 processes") / printed_seconds(w1, "sequential") == Approx(1.0).margin(0.1));
}
TEST_CASE("Python processes: Pool(maxtasksperchild=1) replaces each worker and gives the same log every run",
          "[python][processes]") {
    auto first = run_processes(Mode::Deterministic, "pool_maxtasks.py");
    const World w = world_at(first->log());
    CHECK(first->outcome().exit_status == 0);
    REQUIRE(w.output.size() == 1);
    CHECK(w.output[0].second == "map [0, 1, 4, 9, 16, 25]");
    size_t workers = 0;
    for (const ThreadView& t : w.threads) {
        workers += first->log().thread(t.tid).name.rfind("ForkPoolWorker-", 0) == 0;
        CHECK(is_final(t.state));
    }
    CHECK(workers >= 6);  // one per task, and the replacements started before the pool closed
    // The race lost one run in four before the fix: six runs.
    for (int i = 0; i < 5; ++i) {
        auto again = run_processes(Mode::Deterministic, "pool_maxtasks.py");
        require_same_log(first->log(), again->log());
    }
}

TEST_CASE("Python processes: sleep(0) and a timeout of 0 in a child end at once in deterministic mode",
          "[python][processes]") {
    // They used to hand the turn to the parent and find the deadline due
    // again at the same moment, for ever.
    auto run = run_processes(Mode::Deterministic, "sleep_zero_in_child.py");
    const World w = world_at(run->log());
    REQUIRE(w.output.size() == 1);
    CHECK(w.output[0].second == "child exit 7");
    CHECK(run->outcome().exit_status == 0);
}

TEST_CASE("Python processes: a child that crashes ends its threads where it crashed, in both modes",
          "[python][processes]") {
    for (Mode mode : {Mode::Deterministic, Mode::Free}) {
        INFO(to_string(mode));
        auto run = run_processes(mode, "child_crash.py");
        const EventLog& log = run->log();
        const World w = world_at(log);
        REQUIRE(w.output.size() == 2);
        CHECK(w.output[0].second == "alive after 1 s: False");
        CHECK(w.output[1].second == "exitcode -11");
        // The crasher was ended (killed) before main woke from its 1 s
        // sleep, not left running until main asked about it.
        size_t crasher_end = 0, main_wakes = 0;
        for (size_t i = 0; i < log.size(); ++i) {
            const LogEvent& e = log[i];
            if (e.kind != EvKind::State) continue;
            const std::string name = log.thread(e.thread).name;
            if (name == "crasher" && static_cast<ThreadState>(e.code) == ThreadState::Killed) crasher_end = i;
            if (name == "MainThread" && static_cast<ThreadState>(e.code) == ThreadState::Running && main_wakes == 0 &&
                e.t >= 1'000'000'000 / 2)
                main_wakes = i;
        }
        CHECK(crasher_end > 0);
        CHECK(main_wakes > 0);
        CHECK(crasher_end < main_wakes);
    }
}

TEST_CASE("Python processes: a pool's size given by keyword is the size recorded", "[python][processes]") {
    auto run = run_processes(Mode::Deterministic, "pool_sizes_by_keyword.py");
    const EventLog& log = run->log();
    std::map<std::string, int64_t> sizes;  // by kind: the executor and the Pool
    for (size_t id = 0; id < log.object_count(); ++id) {
        const ObjectInfo o = log.object(static_cast<uint32_t>(id));
        if (o.kind == ObjKind::Pool) sizes[o.name] = o.initial;
    }
    INFO(sizes.size());
    bool three = false, two = false;
    for (const auto& [name, n] : sizes) {
        three = three || n == 3;
        two = two || n == 2;
    }
    CHECK(three);  // ProcessPoolExecutor(max_workers=3)
    CHECK(two);    // Pool(processes=2)
    CHECK(run->outcome().exit_status == 0);
}

#endif
