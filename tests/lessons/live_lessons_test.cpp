// Live parameters of condition, queues, event-stop-signal, sync-and-async, who-is-alive, ending-threads, timers,
// thread-local, daemon-exit, lock-ordering and semaphores
// (lesson.json "live"), through the real binary: a deterministic run with two
// scripted changes of the teacher's slider (--change, one up and one down)
// passes every check, gives the same --json byte for byte when run again, and
// shows in its threads and output what the program's set_* function did.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lesson_support.hpp"

using namespace tl::test;

namespace {

// `id` in deterministic mode (seed 1) with `changes` (NAME=VALUE@SECONDS), run
// twice: every check passes, both teacher labels are in the output, and the
// two runs print the same. Returns the first run.
Run live_run(const std::string& id, const std::vector<std::string>& changes) {
    Args a = det(id);
    for (const std::string& c : changes) a.extra.insert(a.extra.end(), {"--change", c});
    const std::vector<Run> twice = run_all({a, a});
    REQUIRE(twice.size() == 2);
    require_all_pass(twice[0]);
    require_all_pass(twice[1]);
    INFO(a.text());
    CHECK(twice[0].process.out == twice[1].process.out);
    size_t labels = 0;
    for (const auto& o : twice[0].json["output"])
        labels += o["text"].get<std::string>().rfind("teacher: ", 0) == 0;
    CHECK(labels == changes.size());
    return twice[0];
}

// Threads of the run whose name starts with `prefix` (the --json metrics keep
// thread.NAME.running_ms for every thread that ran).
size_t threads_named(const Run& r, const std::string& prefix) {
    size_t n = 0;
    const std::string head = "thread." + prefix, tail = ".running_ms";
    for (const auto& [key, value] : r.json["metrics"].items())
        n += key.rfind(head, 0) == 0 && key.size() > tail.size() &&
             key.compare(key.size() - tail.size(), tail.size(), tail) == 0;
    return n;
}

// When the run ended, in milliseconds of run time.
double duration_ms(const Run& r) { return r.json["metrics"]["duration_ms"].get<double>(); }

bool has_line(const Run& r, const std::string& line) {
    for (const auto& o : r.json["output"])
        if (o["text"].get<std::string>() == line) return true;
    return false;
}

}  // namespace

TEST_CASE("live lessons: condition's consumers slider starts consumers, then sends all but one home",
          "[lessons][live]") {
    const Run r = live_run("condition", {"consumers=6@0.7", "consumers=1@2"});
    INFO(describe(r));
    CHECK(threads_named(r, "consumer-") == 6);  // 3 at the start, 3 more by set_consumers(6)
    CHECK(lines_with(r, " goes home") == 5);     // set_consumers(1): five leave, one stays
}

TEST_CASE("live lessons: queues' workers slider adds workers, then lets the extra ones leave after a job",
          "[lessons][live]") {
    const Run r = live_run("queues", {"workers=4@0.1", "workers=1@0.3"});
    INFO(describe(r));
    CHECK(threads_named(r, "worker-") == 4);
    CHECK(lines_with(r, " leaves after job ") == 3);  // every job still had its task_done()
    CHECK(has_line(r, "jobs.join() returned after 0.40 s: all 6 jobs done"));
}

TEST_CASE("live lessons: event-stop-signal's workers slider adds workers, then sends some home before the flag",
          "[lessons][live]") {
    const Run r = live_run("event-stop-signal", {"workers=6@0.4", "workers=1@0.7"});
    INFO(describe(r));
    CHECK(threads_named(r, "worker-") == 6);
    CHECK(lines_with(r, " went home after ") == 5);
    CHECK(lines_with(r, " saw the flag after ") == 1);  // the one left stopped at the flag
}

TEST_CASE("live lessons: sync-and-async's workers slider sets the limit of the pools to come",
          "[lessons][live]") {
    // 6 during the sync pattern, 1 during logging in the worker (those pools had 6 by then).
    const Run r = live_run("sync-and-async", {"workers=6@0.5", "workers=1@1.7"});
    INFO(describe(r));
    CHECK(threads_named(r, "async_") == 6);
    CHECK(has_line(r, "async: 0.20 s [0, 10, 20, 30, 40, 50]"));
    CHECK(threads_named(r, "logq_") == 1);
    CHECK(has_line(r, "log thread: orders done after 1.20 s"));
}

TEST_CASE("live lessons: ending-threads' workers slider adds workers that stop at the kill flag, then sends some home",
          "[lessons][live]") {
    // 6 at 0.5 s (worker-2 has already raised: only the living count, so 4 more start),
    // 1 at 0.8 s: the newest five go home after their step.
    const Run r = live_run("ending-threads", {"workers=6@0.5", "workers=1@0.8"});
    INFO(describe(r));
    CHECK(threads_named(r, "worker-") == 7);
    CHECK(lines_with(r, " went home after ") == 5);
    CHECK(lines_with(r, " saw the flag and stopped after ") == 1);  // worker-0, the one left
    CHECK(has_line(r, "main: collected from worker-2: ValueError: worker-2 broke at step 2"));
}

TEST_CASE("live lessons: who-is-alive's workers slider starts more at once, then leaves out the ones not started",
          "[lessons][live]") {
    // 3 workers 0.2 s apart; main sleeps its gap and worker-0 its work, so
    // every thread sleeps when the changes come: 6 at 0.1 s and 2 at 0.15 s
    // land then all the same (a sleeper is woken to let each teacher in),
    // not at 0.2 s when main wakes. worker-3, -4 and -5 start at once, the
    // first teacher reporting itself alive and the second not yet there;
    // then only worker-1 and -2, not started yet, can be left out: four run.
    const Run r = live_run("who-is-alive", {"workers=6@0.1", "workers=2@0.15"});
    INFO(describe(r));
    CHECK(threads_named(r, "worker-") == 4);
    CHECK(lines_with(r, "after starting worker-3: active_count() = 4, enumerate() = [MainThread, worker-0, "
                        "teacher, worker-3]") == 1);
    CHECK(lines_with(r, "after starting worker-1") == 0);
    CHECK(lines_with(r, "after starting worker-2") == 0);
    CHECK(lines_with(r, "after joining worker-5: active_count() = 1") == 1);
}

TEST_CASE("live lessons: a change while every thread sleeps lands at its time, not when the first thread wakes",
          "[lessons][live]") {
    // who-is-alive at 0.1 s: main sleeps its 0.2 s gap and worker-0 its
    // work. The teacher's label is printed at 0.1 s in the trace (before,
    // at 0.2 s, when main woke), the same in two runs.
    std::vector<double> at;
    for (int run = 0; run < 2; ++run) {
        const std::string trace = temp_path("-live-at-" + std::to_string(run) + ".json");
        Args a = det("who-is-alive");
        a.extra = {"--change", "workers=4@0.1", "--trace", trace};
        const Run r = run_one(a);
        require_all_pass(r);
        std::ifstream in(trace);
        const nlohmann::json t = nlohmann::json::parse(in);
        for (const auto& e : t["traceEvents"])
            if (e.contains("args") && e["args"].contains("text") &&
                e["args"]["text"].get<std::string>() == "teacher: workers 3 -> 4")
                at.push_back(e["ts"].get<double>());
    }
    REQUIRE(at.size() == 2);
    CHECK(at[0] == Approx(100000.0));  // microseconds
    CHECK(at[1] == at[0]);
}

TEST_CASE("live lessons: who-is-alive in free mode: the teacher's thread is named teacher, and gone once its call ends",
          "[lessons][live]") {
    // Free mode runs a live change on a thread adopted from outside: to
    // threading it is a thread named "teacher" while the call runs (not
    // "Dummy-1", which enumerate() would list to the end).
    Args a = det("who-is-alive");
    a.mode = "free";
    a.extra = {"--change", "workers=5@0.1"};
    const Run r = run_one(a);
    INFO(describe(r));
    require_none_failed(r);
    CHECK(lines_with(r, "Dummy-") == 0);
    CHECK(lines_with(r, ", teacher, ") + lines_with(r, ", teacher]") >= 1);
    CHECK(lines_with(r, "after joining worker-4: active_count() = 1, enumerate() = [MainThread]") == 1);
}

TEST_CASE("live lessons: a change that arrives before the globals its setter reads waits for them, in both modes",
          "[lessons][live]") {
    // set_workers() is defined at the top of who-is-alive and reads `plan`
    // and `workers`, assigned further down. On a slow machine (the TSAN
    // build on CI) a change at 0.1 s came in between and failed with a
    // NameError; here a sleep before `plan` stands in for the slow machine.
    const BrokenCopy slow("who-is-alive", {{"plan = threading.RLock()", "time.sleep(0.3)\nplan = threading.RLock()"}});
    for (const std::string mode : {"free", "deterministic"}) {
        Args a = slow.args({}, 1, mode);
        a.extra = {"--change", "workers=5@0.1"};
        const Run r = run_one(a);
        INFO(mode << "\n" << describe(r));
        CHECK(lines_with(r, "NameError") == 0);
        CHECK(lines_with(r, "teacher: workers 3 -> 5") == 1);
        CHECK(lines_with(r, "after starting worker-4") == 1);
    }
}

TEST_CASE("live lessons: timers' ticks slider cancels the armed tick when lowered, and re-arms a stopped ticker",
          "[lessons][live]") {
    // Lowered to 2 at 1.1 s, while main is gone and tick-3 waits out its
    // interval in a Timer (an Event.wait with a timeout, not time.sleep):
    // the change lands at 1.1 s all the same, set_ticks() cancels tick-3,
    // and with nothing armed the program ends there.
    const Run low = live_run("timers", {"ticks=2@1.1"});
    INFO(describe(low));
    CHECK(lines_with(low, "  tick ") == 2);
    CHECK(duration_ms(low) == Approx(1100.0));
    // Started at 1 tick, raised to 3 at 0.6 s after the ticker stopped:
    // the teacher arms tick-2, which fires at 1.1 s and tick-3 at 1.6 s.
    Args a = det("timers");
    a.extra = {"--set", "ticks=1", "--change", "ticks=3@0.6"};
    const Run up = run_one(a);
    INFO(describe(up));
    require_all_pass(up);
    CHECK(has_line(up, "1.1 s  tick 2"));
    CHECK(has_line(up, "1.6 s  tick 3"));
}

TEST_CASE("live lessons: thread-local's requests slider lets requests arrive at once, or turns away those not come",
          "[lessons][live]") {
    // Requests arrive 0.2 s apart. At 0.3 s, 6: request-3, -4 and -5 arrive
    // at once, request-2 still at 0.4 s; each greets its own user.
    const Run more = live_run("thread-local", {"requests=6@0.3"});
    INFO(describe(more));
    CHECK(threads_named(more, "request-") == 6);
    for (int i = 0; i < 6; ++i)
        CHECK(has_line(more, "hello user-" + std::to_string(i) + ", from request-" + std::to_string(i)));
    // At 0.1 s, 1: request-1 and -2 have not arrived, and never do.
    const Run fewer = live_run("thread-local", {"requests=1@0.1"});
    INFO(describe(fewer));
    CHECK(threads_named(fewer, "request-") == 1);
    CHECK(has_line(fewer, "main: local.name is still 'main-user'"));
}

TEST_CASE("live lessons: daemon-exit's sliders start workers the program waits for after main returned, and daemons it cuts off",
          "[lessons][live]") {
    // Workers to 4 at 1.5 s, main long gone: worker-3 works 4 s, so the
    // program ends at 5.5 s and daemon-1 (3 s) finishes in time.
    const Run workers = live_run("daemon-exit", {"workers=4@1.5"});
    INFO(describe(workers));
    CHECK(threads_named(workers, "worker-") == 4);
    CHECK(duration_ms(workers) == Approx(5500.0));
    CHECK(has_line(workers, "daemon-1 finished"));
    // Daemons to 4 at 1 s, then workers down to 1 at 1.2 s: three daemons
    // are cut off at 2.0 s, and the slider down stops no worker.
    const Run daemons = live_run("daemon-exit", {"daemons=4@1", "workers=1@1.2"});
    INFO(describe(daemons));
    CHECK(threads_named(daemons, "daemon-") == 4);
    CHECK(lines_with(daemons, "daemon-") == 1);  // only daemon-0 finished
    CHECK(has_line(daemons, "1 too many workers, but a started thread cannot be stopped from outside: all work on"));
    CHECK(has_line(daemons, "worker-1 finished"));
    // Free mode: the teacher's thread is no object of the program's; the
    // checks leave it out and still hold.
    Args a = det("daemon-exit");
    a.mode = "free";
    a.extra = {"--change", "workers=4@1.5"};
    const Run free = run_one(a);
    INFO(describe(free));
    require_none_failed(free);
    CHECK(threads_named(free, "worker-") == 4);
}

TEST_CASE("live lessons: lock-ordering's transfers slider: more transfers close the ring on a seed that did not deadlock",
          "[lessons][live]") {
    // Seed 1, down to 1 at 0.2 s: each teller stops after the transfer it
    // is making (teller-1 had made 3 already).
    // (No deadlock: the deadlock checks are not shown, none fails.)
    Args down = det("lock-ordering");
    down.extra = {"--change", "transfers=1@0.2"};
    const Run fewer = run_one(down);
    INFO(describe(fewer));
    require_none_failed(fewer);
    CHECK(fewer.json["metrics"]["deadlocked"].get<double>() == 0);
    CHECK(fewer.verdict("every transfer completed") == Verdict::Pass);
    CHECK(lines_with(fewer, "total 300") == 1);
    // Seed 15 does not deadlock with the defaults; raised to 10 at 0.2 s,
    // the tellers go on and the ring closes.
    Args a = det("lock-ordering");
    a.seed = 15;
    const Run before = run_one(a);
    CHECK(before.json["metrics"]["deadlocked"].get<double>() == 0);
    a.extra = {"--change", "transfers=10@0.2"};
    const Run more = run_one(a);
    INFO(describe(more));
    CHECK(more.json["metrics"]["deadlocked"].get<double>() == 1);
    CHECK(more.verdict("a deadlock is a ring") == Verdict::Pass);
    require_none_failed(more);
}

TEST_CASE("live lessons: semaphores' threads slider sets how many the gates still to come send through",
          "[lessons][live]") {
    // 6 at 0.3 s, during the lock round (3 threads, 0.60 s), then 1 at 0.7 s
    // during the sem round, which keeps the 6 it opened with.
    const Run r = live_run("semaphores", {"threads=6@0.3", "threads=1@0.7"});
    INFO(describe(r));
    CHECK(has_line(r, "lock: 3 threads through in 0.60 s"));
    CHECK(has_line(r, "sem: 6 threads through in 0.60 s"));
    CHECK(has_line(r, "again: 1 threads through in 0.20 s"));
}
