// The lesson folders in lessons/, through the real binary: every one loads
// in both languages and its Python compiles; each runs over 50 seeds in
// deterministic mode (every check passes, a seed repeats byte for byte,
// require_fifty_seeds), in free mode with small
// parameters, and with parameters of its own; and for each one a copy with
// its program broken in the way a check is meant to catch makes that check
// fail, so that no check is one that cannot fail.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/lesson.hpp"
#include "lesson_support.hpp"

namespace fs = std::filesystem;
using namespace tl::test;

namespace {

int compile_with_python(const fs::path& file) {
    const fs::path cache = temp_path("-pycache");
    const std::string command = "PYTHONPYCACHEPREFIX='" + cache.string() + "' /usr/bin/python3.11 -m py_compile '" +
                                file.string() + "'";
    const int status = std::system(command.c_str());
    fs::remove_all(cache);
    return status;
}

}  // namespace

TEST_CASE("lesson folders: every lesson in lessons/ loads in English and Chinese and its Python compiles",
          "[lessons]") {
    const tl::catalog::Catalog catalog = tl::catalog::load_catalog({kLessons.string()});
    for (const std::string& e : catalog.errors) FAIL_CHECK(e);
    std::set<std::string> ids;
    for (const tl::catalog::Lesson& l : catalog.lessons) {
        INFO(l.id);
        ids.insert(l.id);
        CHECK_FALSE(l.title.en.empty());
        CHECK_FALSE(l.title.zh.empty());
        CHECK_FALSE(l.summary.en.empty());
        CHECK_FALSE(l.summary.zh.empty());
        CHECK_FALSE(l.text.en.empty());
        CHECK_FALSE(l.text.zh.empty());
        for (const tl::catalog::LessonParam& p : l.params) {
            INFO(p.name);
            CHECK_FALSE(p.help.en.empty());
            CHECK_FALSE(p.help.zh.empty());
        }
        CHECK(compile_with_python(l.program_path()) == 0);
        if (!l.checks.empty()) CHECK(compile_with_python(l.checks_path()) == 0);
    }
    for (const char* id : {"producer-consumer", "barrier-startup", "connection-pool", "daemon-exit",
                           "thread-pool-futures", "lock-ordering"})
        CHECK(ids.count(id) == 1);
}

// ---- producer-consumer ------------------------------------------------------

// No lesson but producer-consumer asks a question here: their prediction is -1.
TEST_CASE("lesson folders: producer-consumer over 50 seeds in deterministic mode", "[lessons]") {
    require_fifty_seeds("producer-consumer", {"items=8"}, 0);  // 8 items never fill the queue of 5 for long
}

TEST_CASE("lesson folders: producer-consumer in free mode and with 4 + 4 threads", "[lessons]") {
    require_none_failed(run_lesson("producer-consumer", "free",
                                   {"items=12", "produce_s=0.005", "consume_s=0.008", "consumers=3"}));
    require_all_pass(run_lesson("producer-consumer", "deterministic",
                                {"producers=4", "consumers=4", "capacity=1", "items=16"}, 5));
}

TEST_CASE("lesson folders: producer-consumer without its sentinels fails the clean stop", "[lessons]") {
    const BrokenCopy broken("producer-consumer", {{"q.put(None)                  # one sentinel per consumer still working", "pass"}});
    require_fails(broken.run("deterministic", {"items=6", "consumers=2"}), "stopped at its sentinel");
}

// ---- barrier-startup --------------------------------------------------------

TEST_CASE("lesson folders: barrier-startup over 50 seeds in deterministic mode", "[lessons]") {
    require_fifty_seeds("barrier-startup", {}, -1);
}

TEST_CASE("lesson folders: barrier-startup in free mode, with a failing task and with a timeout", "[lessons]") {
    require_none_failed(run_lesson("barrier-startup", "free", {"unit_s=0.01", "tasks=6"}));
    const Run failed = run_lesson("barrier-startup", "deterministic", {"fail_task=2"});
    require_none_failed(failed);
    CHECK(failed.verdict("all tasks passed together") == Verdict::Pass);
    CHECK(failed.verdict("outcome matches") == Verdict::Pass);
    CHECK(failed.verdict("before the last one arrived") == Verdict::NotShown);  // nobody passed
    const Run timed_out = run_lesson("barrier-startup", "deterministic", {"timeout_s=1"});
    require_none_failed(timed_out);
    CHECK(timed_out.verdict("outcome matches") == Verdict::Pass);
    require_all_pass(run_lesson("barrier-startup", "deterministic", {"timeout_s=2", "tasks=8"}));
}

TEST_CASE("lesson folders: barrier-startup with one party too few lets tasks pass early", "[lessons]") {
    const BrokenCopy broken("barrier-startup", {{"threading.Barrier(TASKS,", "threading.Barrier(TASKS - 1,"}});
    require_fails(broken.run("deterministic", {}), "before the last one arrived");
}

// ---- connection-pool --------------------------------------------------------

TEST_CASE("lesson folders: connection-pool over 50 seeds in deterministic mode", "[lessons]") {
    require_fifty_seeds("connection-pool", {"hold_s=0.05"}, -1);
}

TEST_CASE("lesson folders: connection-pool in free mode and with the buggy client", "[lessons]") {
    require_none_failed(run_lesson("connection-pool", "free", {"hold_s=0.01", "clients=12", "over_release=True"}));
    require_all_pass(run_lesson("connection-pool", "deterministic", {"over_release=True", "connections=1"}, 2));
}

TEST_CASE("lesson folders: connection-pool over-released through a plain Semaphore exceeds its limit",
          "[lessons]") {
    const BrokenCopy broken("connection-pool", {{"threading.BoundedSemaphore(CONNECTIONS)", "threading.Semaphore(CONNECTIONS)"},
                                                {"        pool.release()           # give the connection back",
                                                 "        pool.release()\n        pool.release()"}});
    require_fails(broken.run("deterministic", {"hold_s=0.05"}), "never more connections");
}

// ---- daemon-exit ------------------------------------------------------------

TEST_CASE("lesson folders: daemon-exit over 50 seeds in deterministic mode", "[lessons]") {
    require_fifty_seeds("daemon-exit", {"worker_s=0.1", "daemon_s=0.15", "join_timeout=0.05"}, -1);
}

TEST_CASE("lesson folders: daemon-exit in free mode and with other timeouts", "[lessons]") {
    require_none_failed(run_lesson("daemon-exit", "free",
                                   {"worker_s=0.05", "daemon_s=0.075", "join_timeout=0.025", "workers=3", "daemons=3"}));
    require_all_pass(run_lesson("daemon-exit", "deterministic", {"join_timeout=1.5"}));
    const Run no_workers = run_lesson("daemon-exit", "deterministic", {"workers=0"});
    require_none_failed(no_workers);
    CHECK(no_workers.verdict("daemons still working") == Verdict::Pass);
}

TEST_CASE("lesson folders: daemon-exit printing the wrong is_alive() answer fails its check", "[lessons]") {
    const BrokenCopy broken("daemon-exit", {{"first.is_alive())", "not first.is_alive())"}});
    require_fails(broken.run("deterministic", {"worker_s=0.1", "daemon_s=0.15", "join_timeout=0.05"}),
                  "is_alive() after join(timeout)");
}

// ---- thread-pool-futures ----------------------------------------------------

TEST_CASE("lesson folders: thread-pool-futures over 50 seeds in deterministic mode", "[lessons]") {
    require_fifty_seeds("thread-pool-futures", {"task_s=0.05"}, -1);
}

TEST_CASE("lesson folders: thread-pool-futures in free mode and with other shutdowns", "[lessons]") {
    require_none_failed(run_lesson("thread-pool-futures", "free", {"task_s=0.005", "cancel_futures=True"}));
    require_all_pass(run_lesson("thread-pool-futures", "deterministic",
                                {"task_s=0.05", "shutdown_wait=False", "cancel_futures=True", "max_workers=2"}));
    require_all_pass(run_lesson("thread-pool-futures", "deterministic",
                                {"task_s=0.05", "max_workers=1", "cancel=False", "fail=False", "tasks=3"}));
}

TEST_CASE("lesson folders: thread-pool-futures submitting all before the serial results is not serial",
          "[lessons]") {
    const BrokenCopy broken("thread-pool-futures",
                            {{"serial = [pool.submit(download, n).result() for n in range(TASKS)]",
                              "serial = [f.result() for f in [pool.submit(download, n) for n in range(TASKS)]]"}});
    require_fails(broken.run("deterministic", {"task_s=0.05"}), "one task at a time");
}

// ---- lock-ordering ----------------------------------------------------------
// Unordered, a run deadlocks or not depending on the seed, and the checks
// that this outcome leaves nothing to judge say NOT SHOWN. With the default
// parameters seeds 1 and 2 finish and seed 3 deadlocks (the lesson's text
// names seeds 1 and 3).

TEST_CASE("lesson folders: lock-ordering in deterministic mode, a seed that finishes and one that deadlocks",
          "[lessons]") {
    for (int seed : {1, 2}) {
        const Run r = run_lesson("lock-ordering", "deterministic", {}, seed);
        INFO("seed " << seed << "\n" << describe(r));
        require_none_failed(r);
        CHECK(r.json["deadlock"].is_null());
        CHECK(r.verdict("every transfer completed") == Verdict::Pass);
        CHECK(r.verdict("money is conserved") == Verdict::Pass);
        CHECK(r.verdict("a ring of tellers") == Verdict::NotShown);
    }
    const Run stuck = run_lesson("lock-ordering", "deterministic", {}, 3);
    INFO(describe(stuck));
    require_none_failed(stuck);
    CHECK_FALSE(stuck.json["deadlock"].is_null());
    CHECK(stuck.verdict("a ring of tellers") == Verdict::Pass);
    CHECK(stuck.verdict("every transfer completed") == Verdict::NotShown);
    // Ordered: every check that can pass does, for every seed; the same seed twice is the same run.
    for (int seed : {1, 2, 3}) {
        const Run r = run_lesson("lock-ordering", "deterministic", {"ordered=True"}, seed);
        INFO("ordered, seed " << seed);
        require_none_failed(r);
        CHECK(r.verdict("never deadlock") == Verdict::Pass);
        CHECK(r.verdict("every transfer completed") == Verdict::Pass);
        CHECK(r.verdict("money is conserved") == Verdict::Pass);
    }
    CHECK(run_lesson("lock-ordering", "deterministic", {}, 3).process.out == stuck.process.out);
    CHECK(run_lesson("lock-ordering", "deterministic", {"ordered=True"}, 3).process.out ==
          run_lesson("lock-ordering", "deterministic", {"ordered=True"}, 3).process.out);
}

// Over 50 seeds: ordered, every seed finishes (the ring cannot be shown);
// unordered, no check ever fails, and some seeds deadlock while others finish.
TEST_CASE("lesson folders: lock-ordering over 50 seeds, ordered and not", "[lessons]") {
    require_fifty_seeds("lock-ordering", {"ordered=True"}, -1, {"a ring of tellers"});
    int deadlocked = 0;
    for (const Run& r : run_all(seed_range("lock-ordering", {}, 1, 50))) {
        require_none_failed(r);
        deadlocked += r.json["deadlock"].is_null() ? 0 : 1;
    }
    INFO(deadlocked << " of 50 unordered seeds deadlocked");
    CHECK(deadlocked > 0);
    CHECK(deadlocked < 50);
}

TEST_CASE("lesson folders: lock-ordering in free mode (ordered) and with six accounts", "[lessons]") {
    // Unordered free runs can hang for ever, as real Python does: only ordered ones here.
    const Run free = run_lesson("lock-ordering", "free",
                                {"ordered=True", "serve_s=0.01", "hold_s=0.005", "accounts=4", "transfers=4"});
    require_none_failed(free);
    CHECK(free.verdict("never deadlock") == Verdict::Pass);
    const Run six = run_lesson("lock-ordering", "deterministic", {"accounts=6", "hold_s=0.05"}, 2);
    INFO(describe(six));
    require_none_failed(six);
    CHECK(six.verdict("a ring of tellers") == Verdict::Pass);
}

TEST_CASE("lesson folders: lock-ordering with the cure undone deadlocks although ordered", "[lessons]") {
    const BrokenCopy broken("lock-ordering",
                            {{"first, second = min(src, dst), max(src, dst)", "first, second = src, dst"}});
    require_fails(broken.run("deterministic", {"ordered=True"}, 3), "never deadlock");
}
