// The gil-contention lesson folder (lessons/gil-contention/) through the real
// binary: deterministic mode holds CPython 3.11's GIL to the model over a few
// seeds (threads 1.00x, processes 0.50x on the 2 modelled cores, a switch
// interval per answer next to a CPU-bound thread); free mode shows no
// failure (a loaded machine may leave a ratio NOT SHOWN); and a countdown
// that calls sleep(0) now and then loses the convoy, which its check sees.
// ThreadSanitizer cannot follow a multi-threaded fork, so these run in the
// other builds.
#include <catch2/catch.hpp>

#if !defined(__SANITIZE_THREAD__)
#include <string>
#include <vector>

#include "lesson_support.hpp"

using namespace tl::test;

namespace {

const char* const kId = "gil-contention";

// The number in MainThread's line "PREFIX: NUMBER ...", -1 without one.
double printed(const Run& r, const std::string& prefix) {
    for (const auto& o : r.json["output"]) {
        const std::string text = o["text"].get<std::string>();
        if (o["thread"] == "MainThread" && text.rfind(prefix + ": ", 0) == 0) return std::stod(text.substr(prefix.size() + 2));
    }
    return -1;
}

}  // namespace

TEST_CASE("gil-contention folder: every check passes in deterministic mode, seeds 1..3", "[lessons][gil]") {
    for (const Run& r : run_all(seed_range(kId, {}, 1, 3))) {
        require_all_pass(r);
        require_prediction(r, 1);  // about T: the threads take turns
        INFO(describe(r));
        const double sequential = printed(r, "sequential");
        REQUIRE(sequential > 0);
        CHECK(printed(r, "2 threads") / sequential == Approx(1.0).margin(0.03));
        CHECK(printed(r, "2 processes") / sequential == Approx(0.5).margin(0.03));
        CHECK(printed(r, "response next to thread") == Approx(5.0).margin(0.1));  // the switch interval, in ms
        CHECK(printed(r, "response next to process") == printed(r, "response next to nothing"));
    }
}

TEST_CASE("gil-contention folder: a 1 ms switch interval shortens the convoy to 1 ms", "[lessons][gil]") {
    const Run r = run_one(det(kId, {"switch_ms=1", "n=200000"}));
    require_all_pass(r);
    INFO(describe(r));
    CHECK(printed(r, "response next to thread") == Approx(1.0).margin(0.1));
}

TEST_CASE("gil-contention folder: a countdown too short to take turns is NOT SHOWN, never FAIL", "[lessons][gil]") {
    const Run r = run_one(det(kId, {"n=10000", "rounds=2"}));
    require_none_failed(r);
    INFO(describe(r));
    CHECK(r.verdict("took turns") == Verdict::NotShown);
}

TEST_CASE("gil-contention folder: free mode shows no failure", "[lessons][gil]") {
    const Run r = run_one(free_run(kId, {}));
    require_none_failed(r);  // a busy machine may leave the ratios NOT SHOWN
    INFO(describe(r));
    CHECK(r.verdict("I/O-bound threads waited") == Verdict::Pass);
}

TEST_CASE("gil-contention folder: a countdown that calls sleep(0) lets the answers in, and the convoy check fails",
          "[lessons][gil]") {
    const BrokenCopy broken(kId, {{"        n -= 1\n", "        n -= 1\n        if n % 10000 == 0:\n            time.sleep(0)\n"}});
    require_fails(broken.run("deterministic", {}), "the convoy effect");
}

#endif
