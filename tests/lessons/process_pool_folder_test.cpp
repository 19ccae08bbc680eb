// The process-pool lesson folder (lessons/process-pool/) through the real
// binary: its checks in deterministic mode over a few seeds and in free mode,
// and terminate_early leaving the parent's list shorter. ThreadSanitizer
// cannot follow a multi-threaded fork (tests/python/processes_test.cpp), so
// these run in the other builds. Free mode: invariants only, never timings.
#include <catch2/catch.hpp>

#if !defined(__SANITIZE_THREAD__)
#include <string>
#include <vector>

#include "lesson_support.hpp"

using namespace tl::test;

namespace {

const char* const kId = "process-pool";

// K of MainThread's last "MainThread has K items" line, -1 without one.
int main_items(const Run& r) {
    int items = -1;
    for (const auto& o : r.json["output"]) {
        const std::string text = o["text"].get<std::string>();
        if (o["thread"] == "MainThread" && text.rfind("MainThread has ", 0) == 0)
            items = std::stoi(text.substr(std::string("MainThread has ").size()));
    }
    return items;
}

}  // namespace

TEST_CASE("process-pool folder: every check passes in deterministic mode, seeds 1..5", "[lessons][process]") {
    for (const Run& r : run_all(seed_range(kId, {}, 1, 5))) {
        require_all_pass(r);
        require_prediction(r, 2);  // 2 x TASKS items: one per callback
        INFO(describe(r));
        CHECK(main_items(r) == 8);
    }
}

TEST_CASE("process-pool folder: free mode shows no failure, and the parent has one item per callback",
          "[lessons][process]") {
    const Run r = run_one(free_run(kId, {}));
    require_none_failed(r);  // side by side may be NOT SHOWN on a loaded machine
    INFO(describe(r));
    CHECK(r.verdict("own copy") == Verdict::Pass);
    CHECK(r.verdict("parent's list") == Verdict::Pass);
    CHECK(main_items(r) == 8);
}

TEST_CASE("process-pool folder: terminate_early in free mode, one item per callback that ran", "[lessons][process]") {
    const Run r = run_one(free_run(kId, {"terminate_early=1"}));
    require_none_failed(r);
    INFO(describe(r));
    CHECK(r.verdict("parent's list") == Verdict::Pass);
    CHECK(main_items(r) >= 4);  // the executor's callbacks all run
    CHECK(main_items(r) <= 8);  // a slow machine may let every Pool task finish first
}

TEST_CASE("process-pool folder: terminate_early in deterministic mode leaves the parent's list shorter, seeds 1..5",
          "[lessons][process]") {
    for (const Run& r : run_all(seed_range(kId, {"terminate_early=1"}, 1, 5))) {
        require_all_pass(r);
        INFO(describe(r));
        CHECK(main_items(r) >= 4);
        CHECK(main_items(r) < 8);  // terminate() struck while Pool tasks ran
    }
}

// Three and four workers: more processes than the modelled cores.
TEST_CASE("process-pool folder: 3 and 4 worker processes in deterministic mode", "[lessons][process]") {
    for (const char* processes : {"processes=3", "processes=4"})
        for (const Run& r : run_all(seed_range(kId, {processes, "tasks=6"}, 1, 2))) {
            require_all_pass(r);
            INFO(describe(r));
            CHECK(main_items(r) == 12);
        }
}

#endif
