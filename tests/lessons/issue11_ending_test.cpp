// Issue 11, lessons 11 and 12 (ending-threads, who-is-alive), through the real
// binary: each over 50 seeds in deterministic mode (every check PASS, or NOT
// SHOWN where the settings cannot show it, and the prediction graded), the
// same seed twice byte for byte, one free-mode run, runs with parameters of
// their own, and for each lesson a copy with its program broken that makes
// one named check FAIL, so that no check is one that cannot fail.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lesson_support.hpp"

using namespace tl::test;

namespace {

// Every check passes, except those named in `not_shown`, which say NOT SHOWN.
void require_verdicts(const Run& r, const std::vector<std::string>& not_shown = {}) {
    INFO(describe(r));
    for (const auto& [name, v] : r.checks) {
        bool expect_not_shown = false;
        for (const std::string& part : not_shown) expect_not_shown |= name.find(part) != std::string::npos;
        INFO(name);
        CHECK(v == (expect_not_shown ? Verdict::NotShown : Verdict::Pass));
    }
    CHECK(r.process.exit_code == 0);
}

void require_prediction(const Run& r, int expected) {
    INFO(describe(r));
    CHECK(r.answer() == expected);
}

std::vector<Args> seeds(const std::string& id, const std::vector<std::string>& settings, int from, int to) {
    std::vector<Args> all;
    for (int seed = from; seed <= to; ++seed) {
        Args a;
        a.id = id;
        a.settings = settings;
        a.seed = seed;
        all.push_back(a);
    }
    return all;
}

// 50 seeds in deterministic mode, then one seed twice byte for byte.
void require_fifty_seeds(const std::string& id, const std::vector<std::string>& settings, int prediction,
                         const std::vector<std::string>& not_shown = {}) {
    for (const Run& r : run_all(seeds(id, settings, 1, 50))) {
        require_verdicts(r, not_shown);
        require_prediction(r, prediction);
    }
    const Args one = seeds(id, settings, 11, 11)[0];
    const std::vector<Run> twice = run_all({one, one});
    REQUIRE(twice.size() == 2);
    CHECK(twice[0].process.out == twice[1].process.out);
}

}  // namespace

// ---- ending-threads ---------------------------------------------------------
// Answers: 0 the program stops, 1 worker-2 dies silently (the notes), 2 its traceback, the others go on.

TEST_CASE("issue 11: ending-threads over 50 seeds, worker-2 dies alone and the flag stops the rest",
          "[lessons][issue11]") {
    require_fifty_seeds("ending-threads", {}, 2);
}

TEST_CASE("issue 11: ending-threads with other parameters and in free mode", "[lessons][issue11]") {
    const Run late = run_lesson("ending-threads", "deterministic", {"fail_step=5"}, 2);
    require_verdicts(late, {"died alone", "collected the error"});  // the flag came first
    CHECK(late.answer() == -1);
    require_verdicts(run_lesson("ending-threads", "deterministic", {"failing=-1"}, 3),
                     {"died alone", "collected the error"});
    require_verdicts(run_lesson("ending-threads", "deterministic", {"workers=8", "failing=7", "step_s=0.05", "run_s=0.5"}, 4));
    require_verdicts(run_lesson("ending-threads", "deterministic", {"workers=1", "failing=0", "fail_step=1"}, 5));
    require_verdicts(run_lesson("ending-threads", "deterministic", {"step_s=0.5", "run_s=0.5"}, 6));  // flag on a step
    require_none_failed(run_lesson("ending-threads", "free", {"workers=4", "step_s=0.05", "run_s=0.2"}));
}

TEST_CASE("issue 11: ending-threads with a hook that forgets the error fails the collecting check",
          "[lessons][issue11]") {
    const BrokenCopy broken("ending-threads", {{"errors.append((args.thread.name, ", "((args.thread.name, "}});
    const Run r = broken.run("deterministic", {});
    require_fails(r, "main collected the error");
    CHECK(r.answer() == 2);  // the traceback is still printed and the others still go on
}

// ---- who-is-alive -----------------------------------------------------------
// Answers: 0 only the workers, 1 the workers and main, 2 just 1.

TEST_CASE("issue 11: who-is-alive over 50 seeds, active_count() counts main too", "[lessons][issue11]") {
    require_fifty_seeds("who-is-alive", {}, 1);
}

TEST_CASE("issue 11: who-is-alive with other parameters and in free mode", "[lessons][issue11]") {
    const Run brief = run_lesson("who-is-alive", "deterministic", {"work_s=0.1"}, 2);
    require_verdicts(brief);
    CHECK(brief.answer() == -1);  // the workers were never all alive at once
    bool alone = false;  // worker-0 left by itself before worker-1 was started
    for (const auto& line : brief.json["output"])
        alone |= line["text"].get<std::string>().find("after starting worker-1: active_count() = 2, "
                                                      "enumerate() = [MainThread, worker-1]") == 0;
    CHECK(alone);
    require_verdicts(run_lesson("who-is-alive", "deterministic", {"workers=8", "gap_s=0.01"}, 3));
    require_verdicts(run_lesson("who-is-alive", "deterministic", {"gap_s=0.5", "work_s=0.5"}, 4));  // end and start at once
    require_verdicts(run_lesson("who-is-alive", "deterministic", {"workers=0"}, 5));
    require_none_failed(run_lesson("who-is-alive", "free", {"workers=4", "gap_s=0.02", "work_s=0.1"}));
}

TEST_CASE("issue 11: who-is-alive with a report that leaves main out fails", "[lessons][issue11]") {
    const BrokenCopy broken("who-is-alive", {{"alive = threading.enumerate()  ", "alive = [t for t in threading.enumerate() if t is not threading.main_thread()]  "}});
    require_fails(broken.run("deterministic", {}), "the main thread was always counted");
}
