// Issue 11, lessons 5 to 9 (event-stop-signal, thread-local, timers,
// semaphores, queues), through the real binary: each over 50 seeds in
// deterministic mode (every check PASS, or NOT SHOWN where the settings
// cannot show it), the same seed twice byte for byte, one free-mode run with
// small parameters, runs with parameters of their own, the prediction graded
// for two settings, and for each lesson a copy with its program broken that
// makes one named check FAIL, so that no check is one that cannot fail.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "lesson_support.hpp"

namespace fs = std::filesystem;
using namespace tl::test;

// ---- event-stop-signal ------------------------------------------------------
// Answers: 0 True after the whole timeout (the notes), 1 False after it, 2 True early.

TEST_CASE("issue 11: event-stop-signal over 50 seeds, wait(0.2) returns False", "[lessons][issue11]") {
    require_fifty_seeds("event-stop-signal", {}, 1);
}

TEST_CASE("issue 11: event-stop-signal with other parameters and in free mode", "[lessons][issue11]") {
    const Run later = run_lesson("event-stop-signal", "deterministic", {"wait_s=2"}, 3);
    require_verdicts(later);
    require_prediction(later, 2);  // True at 1.00 s, when the stopper set the flag
    CHECK(later.json["output"][0]["text"].get<std::string>().find("returned True after 1.00 s") != std::string::npos);
    require_verdicts(run_lesson("event-stop-signal", "deterministic", {"workers=0"}, 2), {"every worker stopped"});
    require_verdicts(run_lesson("event-stop-signal", "deterministic", {"run_s=0.5", "wait_s=0.5"}, 2),
                     {"stop.wait(timeout) returned"});  // the timeout and set() at the same instant
    require_verdicts(run_lesson("event-stop-signal", "deterministic", {"workers=8", "step_s=2", "run_s=0.5"}, 4));
    require_none_failed(run_lesson("event-stop-signal", "free",
                                   {"workers=4", "step_s=0.05", "run_s=0.2", "wait_s=0.05"}));
}

TEST_CASE("issue 11: event-stop-signal with workers that ignore the flag fails the one-step check",
          "[lessons][issue11]") {
    const BrokenCopy broken("event-stop-signal",
                            {{"while not stop.is_set():      # look at the flag before each step", "for _ in range(8):"}});
    require_fails(broken.run("deterministic", {}), "every worker stopped within one step");
}

// ---- thread-local -----------------------------------------------------------
// Answers: 0 the child sees main's value, 1 it does not.

TEST_CASE("issue 11: thread-local over 50 seeds, each thread sees its own local.name", "[lessons][issue11]") {
    require_fifty_seeds("thread-local", {}, 1);
}

TEST_CASE("issue 11: thread-local with one shared object, more requests and in free mode", "[lessons][issue11]") {
    const Run shared = run_lesson("thread-local", "deterministic", {"use_local=False"}, 2);
    require_verdicts(shared, {"its own user", "not there in the child", "main's own value"});
    require_prediction(shared, 0);
    const std::string detail = shared.json["checks"][0]["detail"].get<std::string>();
    CHECK(detail.find("read user-2") != std::string::npos);
    require_verdicts(run_lesson("thread-local", "deterministic", {"requests=8", "work_s=0.01"}, 5));
    require_none_failed(run_lesson("thread-local", "free", {"requests=4", "work_s=0.02"}));
}

TEST_CASE("issue 11: thread-local with a plain object in place of threading.local() fails", "[lessons][issue11]") {
    const BrokenCopy broken("thread-local", {{"local = threading.local() if USE_LOCAL", "local = types.SimpleNamespace() if USE_LOCAL"}});
    require_fails(broken.run("deterministic", {}), "read back its own user");
}

// ---- timers -----------------------------------------------------------------
// Answers: 0 the ticks after main's last line never come, 1 they all come.

TEST_CASE("issue 11: timers over 50 seeds, the non-daemon ticker outlives main", "[lessons][issue11]") {
    require_fifty_seeds("timers", {}, 1);
}

TEST_CASE("issue 11: timers with a daemon ticker, a late cancel, one tick and in free mode", "[lessons][issue11]") {
    const Run daemon = run_lesson("timers", "deterministic", {"daemon_ticker=True"}, 2);
    require_verdicts(daemon);
    require_prediction(daemon, 0);
    require_verdicts(run_lesson("timers", "deterministic", {"cancel_at_s=1.5"}, 3));  // the snooze rang first
    require_verdicts(run_lesson("timers", "deterministic", {"ticks=1"}, 3), {"kept the program alive"});
    require_verdicts(run_lesson("timers", "deterministic",
                                {"ticks=10", "interval_s=0.05", "delay_s=0.05", "cancel_at_s=0"}, 4));
    require_none_failed(run_lesson("timers", "free",
                                   {"ticks=3", "interval_s=0.05", "delay_s=0.3", "cancel_at_s=0.05"}));
}

TEST_CASE("issue 11: timers without the cancel() fails the snooze check", "[lessons][issue11]") {
    const BrokenCopy broken("timers", {{"snooze.cancel()", "pass"}});
    require_fails(broken.run("deterministic", {}), "the snooze cancelled before its delay");
}

// ---- semaphores -------------------------------------------------------------
// Answers: 0 ValueError, 1 the counter grows silently, 2 RuntimeError.

TEST_CASE("issue 11: semaphores over 50 seeds, the BoundedSemaphore refuses the extra release",
          "[lessons][issue11]") {
    require_fifty_seeds("semaphores", {}, 0);
}

TEST_CASE("issue 11: semaphores with a plain Semaphore, other counts and in free mode", "[lessons][issue11]") {
    const Run plain = run_lesson("semaphores", "deterministic", {"bounded=False"}, 2);
    require_verdicts(plain);
    require_prediction(plain, 1);
    CHECK(plain.json["output"][4]["text"].get<std::string>() == "again: 3 threads through in 0.20 s");
    require_verdicts(run_lesson("semaphores", "deterministic", {"threads=8", "units=3", "bounded=False"}, 3));
    require_verdicts(run_lesson("semaphores", "deterministic", {"threads=1", "units=1"}, 3));
    require_none_failed(run_lesson("semaphores", "free", {"threads=4", "hold_s=0.02"}));
}

TEST_CASE("issue 11: semaphores with a plain Semaphore where a BoundedSemaphore belongs fails", "[lessons][issue11]") {
    const BrokenCopy broken("semaphores", {{"sem = threading.BoundedSemaphore(UNITS)", "sem = threading.Semaphore(UNITS)"}});
    require_fails(broken.run("deterministic", {}), "the extra release");
}

// ---- queues -----------------------------------------------------------------
// Answers: 0 join() returns when the queue empties, 1 when every job is done, 2 when the workers end.

TEST_CASE("issue 11: queues over 50 seeds, join() waits for the last task_done()", "[lessons][issue11]") {
    require_fifty_seeds("queues", {}, 1);
}

TEST_CASE("issue 11: queues with other counts and in free mode", "[lessons][issue11]") {
    const Run one = run_lesson("queues", "deterministic", {"workers=1", "jobs=3"}, 2);
    require_verdicts(one);
    require_prediction(one, 1);
    require_verdicts(run_lesson("queues", "deterministic", {"items=8", "jobs=30", "workers=8", "job_s=0.01"}, 3));
    require_none_failed(run_lesson("queues", "free", {"jobs=8", "workers=3", "job_s=0.01"}));
}

TEST_CASE("issue 11: queues with task_done() before the job lets join() return early", "[lessons][issue11]") {
    const BrokenCopy broken("queues", {{"        job = jobs.get()\n", "        job = jobs.get()\n        jobs.task_done()\n"},
                                       {"        jobs.task_done()          # one more job finished\n", ""}});
    const Run r = broken.run("deterministic", {});
    require_fails(r, "returned only once every job was finished");
    require_prediction(r, 0);
}
