// Issue 11, lesson 14 (coroutines), through the real binary: 50 seeds in
// deterministic mode (parts 1 to 3 exact; gevent, part 4, refused there, so
// its check says NOT SHOWN and the prediction is not graded), the same seed
// twice byte for byte, the refusal's one line, other parameters, free mode
// (gevent runs: every check passes or at least none fails, the prediction
// graded), and broken copies that make named checks FAIL.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "lesson_support.hpp"

using namespace tl::test;

namespace {

// Answers: 0 the sleeps add up (0.9 s), 1 they overlap (0.3 s), 2 almost nothing.

// The line of program.py that imports gevent, as the refusal names it.
int gevent_import_line() {
    std::ifstream in(kLessons / "coroutines" / "program.py");
    std::string line;
    for (int n = 1; std::getline(in, line); ++n)
        if (line == "    import gevent") return n;
    FAIL("program.py has no '    import gevent' line");
    return 0;
}

bool printed(const Run& r, const std::string& text) {
    for (const auto& line : r.json["output"])
        if (line["text"].get<std::string>() == text) return true;
    return false;
}

}  // namespace

TEST_CASE("issue 11: coroutines over 50 seeds, generators and greenlets exact, gevent refused",
          "[lessons][issue11]") {
    require_fifty_seeds("coroutines", {}, -1, {"gevent"});
}

TEST_CASE("issue 11: coroutines in deterministic mode names the refused import and its line", "[lessons][issue11]") {
    const Run r = run_lesson("coroutines", "deterministic", {}, 2);
    INFO(describe(r));
    CHECK(printed(r, "part 4: skipped (line " + std::to_string(gevent_import_line()) +
                         ": import gevent: gevent waits in its own event loop on the real clock, which "
                         "deterministic mode cannot replay; run this program in free mode)"));
    CHECK(printed(r, "part 3: 3 threads took 0.30 s"));  // virtual time: exact
}

TEST_CASE("issue 11: coroutines with other parameters", "[lessons][issue11]") {
    require_verdicts(run_lesson("coroutines", "deterministic", {"workers=8", "steps=1", "step_s=0.01"}, 3), {"gevent"});
    require_verdicts(run_lesson("coroutines", "deterministic", {"workers=1", "steps=10"}, 4), {"gevent"});
    const Run off = run_lesson("coroutines", "deterministic", {"use_gevent=false"}, 5);
    require_verdicts(off, {"gevent"});
    CHECK(printed(off, "part 4: skipped (USE_GEVENT = False)"));
}

TEST_CASE("issue 11: coroutines in free mode, gevent's greenlets overlap in one thread", "[lessons][issue11]") {
    const Run r = run_lesson("coroutines", "free", {});
    require_none_failed(r);
    INFO(describe(r));
    CHECK(r.verdict("gevent") == Verdict::Pass);
    CHECK(r.answer() == 1);
    require_none_failed(run_lesson("coroutines", "free", {"workers=6", "steps=2", "step_s=0.05"}));
}

TEST_CASE("issue 11: coroutines without monkey.patch_all() fails the gevent check", "[lessons][issue11]") {
    // time.sleep stays a real sleep: each greenlet blocks the thread, one after another.
    const BrokenCopy broken("coroutines", {{"    monkey.patch_all()\n", "    pass\n"}});
    const Run r = broken.run("free", {});
    require_fails(r, "gevent");
    CHECK(r.answer() == 0);
}

TEST_CASE("issue 11: coroutines with a ping that never switches fails the turns check", "[lessons][issue11]") {
    const BrokenCopy broken("coroutines", {{"        pong.switch()                # pauses", "        pass  # "}});
    require_fails(broken.run("deterministic", {}), "took turns");
}
