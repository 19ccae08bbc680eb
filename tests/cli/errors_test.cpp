// Every kind of bad input: one line on stderr naming the field and what is
// allowed, nothing on stdout, exit code 2, and no run.
#include <cmath>
#include <filesystem>

#include <catch2/catch.hpp>

#include "catalog/lesson.hpp"
#include "lesson_list/lesson_list.hpp"
#include "cli_support.hpp"
#include "threadlab/runtime.hpp"

using namespace tl;
using namespace tl::test;

namespace {
const std::string kScenario = "gil-contention";  // a lesson with int and real parameters

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    return buf;
}
}  // namespace

TEST_CASE("cli errors: unknown command, option, lesson, missing ID", "[cli][errors]") {
    expect_usage_error({"frobnicate"}, "frobnicate");
    expect_usage_error({"--frobnicate"}, "--frobnicate");
    expect_usage_error({"run", kScenario, "--frobnicate"}, "--frobnicate");
    expect_usage_error({"run", kScenario, "surplus"}, "surplus");
    expect_usage_error({"run", "no-such-lesson"}, "unknown lesson 'no-such-lesson'");
    expect_usage_error({"describe", "no-such-lesson"}, "unknown lesson 'no-such-lesson'");
    expect_usage_error({"run"}, "missing lesson ID");
    expect_usage_error({"describe"}, "missing lesson ID");
    // The message lists the lessons that do exist.
    const ProcessResult r = run_threadlab({"run", "no-such-lesson"});
    for (const LessonEntry* s : all_lessons()) CHECK(r.err.find(s->id) != std::string::npos);
}

TEST_CASE("cli errors: run flags with bad values", "[cli][errors]") {
    expect_usage_error({"run", kScenario, "--mode", "fast"}, "--mode");
    expect_usage_error({"run", kScenario, "--mode"}, "--mode");
    expect_usage_error({"run", kScenario, "--policy", "manual"}, "--policy");
    expect_usage_error({"run", kScenario, "--seed", "abc"}, "--seed");
    expect_usage_error({"run", kScenario, "--seed", "1.5"}, "--seed");
    expect_usage_error({"run", kScenario, "--seed=-1"}, "--seed");
    expect_usage_error({"run", kScenario, "--speed", "fast"}, "--speed");
    expect_usage_error({"run", kScenario, "--speed", number(kMaxSpeed * 1.5)}, "--speed");
    expect_usage_error({"run", kScenario, "--speed", number(kMinSpeed / 2)}, "--speed");
    expect_usage_error({"run", kScenario, "--speed", "nan"}, "--speed");
    expect_usage_error({"run", kScenario, "--set"}, "--set");
    expect_usage_error({"run", kScenario, "--set", "novalue"}, "novalue", "NAME=VALUE");
    expect_usage_error({"list", "--lang", "fr"}, "--lang");
    expect_usage_error({"describe", kScenario, "--lang", "fr"}, "--lang");
    expect_usage_error({"run", kScenario, "--lang", "fr"}, "--lang");
    expect_usage_error({"run", "producer-consumer", "--lang", "fr"}, "--lang");  // a lesson: checked before it runs
    expect_usage_error({"run", "producer-consumer", "--lang"}, "--lang");
}

TEST_CASE("cli errors: parameters unknown, out of range, not a number", "[cli][errors]") {
    const catalog::Lesson l = catalog::load_lesson(catalog::builtin_lessons_dir() + "/" + kScenario);
    REQUIRE_FALSE(l.params.empty());
    expect_usage_error({"run", kScenario, "--set", "no_such_param=1"}, "no_such_param");
    bool an_int = false;
    for (const catalog::LessonParam& p : l.params) {
        if (p.kind == catalog::ParamKind::Bool) {
            expect_usage_error({"run", kScenario, "--set", p.name + "=maybe"}, p.name, "true");
            continue;
        }
        // The message states the range.
        const std::string range = number(p.min) + " to " + number(p.max);
        expect_usage_error({"run", kScenario, "--set", p.name + "=" + number(p.max + 1)}, p.name, range);
        expect_usage_error({"run", kScenario, "--set", p.name + "=" + number(p.min - 1)}, p.name, range);
        expect_usage_error({"run", kScenario, "--set", p.name + "=many"}, p.name, range);
        if (p.kind == catalog::ParamKind::Int) {
            expect_usage_error({"run", kScenario, "--set", p.name + "=1.5"}, p.name, "integer");
            an_int = true;
        }
    }
    CHECK(an_int);
}

TEST_CASE("cli errors: a scripted live change names what is wrong with it", "[cli][errors]") {
    const std::string id = "producer-consumer";  // consumers is live, capacity is not
    expect_usage_error({"run", id, "--change", "consumers=4"}, "--change", "NAME=VALUE@SECONDS");
    expect_usage_error({"run", id, "--change", "=4@1"}, "--change", "NAME=VALUE@SECONDS");
    expect_usage_error({"run", id, "--change", "capacity=3@1"}, "capacity", "live: consumers");
    expect_usage_error({"run", id, "--change", "nobody=3@1"}, "nobody", "live: consumers");
    expect_usage_error({"run", id, "--change", "consumers=40@1"}, "consumers", "1 to 16");
    expect_usage_error({"run", id, "--change", "consumers=4@-1"}, "consumers=4@-1", "seconds from 0");
    expect_usage_error({"run", id, "--change", "consumers=4@soon"}, "soon", "seconds from 0");
    expect_usage_error({"run", id, "--change", "consumers=4@nan"}, "nan", "seconds from 0");
    expect_usage_error({"run", "barrier-startup", "--change", "tasks=2@1"}, "tasks", "live: none");
    const std::string file = std::string(THREADLAB_SOURCE_DIR) + "/docs/examples/lost_update.py";
    expect_usage_error({"run", file, "--change", "consumers=4@1"}, "--change", "a Python file");
}

TEST_CASE("cli errors: an unwritable trace path is reported before anything runs", "[cli][errors]") {
    const std::string missing_dir = temp_path("-no-such-dir") + "/trace.json";
    expect_usage_error({"run", kScenario, "--mode", "deterministic", "--trace", missing_dir}, "--trace");
    const std::string dir = std::filesystem::temp_directory_path().string();
    expect_usage_error({"run", kScenario, "--mode", "deterministic", "--trace", dir}, "--trace");
    expect_usage_error({"run", kScenario, "--trace", ""}, "--trace");
}

TEST_CASE("cli errors: gui flags are checked before any window opens", "[cli][errors]") {
    // Without a GUI in the build the command itself is the error; with one,
    // every bad flag must be caught first (so no display is ever needed here).
    const ProcessResult probe = run_threadlab({"gui", "--mode", "fast"});
    REQUIRE(probe.exit_code == 2);
    if (probe.err.find("no GUI") != std::string::npos) {
        expect_usage_error({"gui"}, "gui", "no GUI");
        return;
    }
    expect_usage_error({"gui", "--mode", "fast"}, "--mode");
    expect_usage_error({"gui", "--lesson", "producer-consumer", "--change", "capacity=3@1"}, "capacity", "live: consumers");
    expect_usage_error({"gui", std::string(THREADLAB_SOURCE_DIR) + "/docs/examples/lost_update.py", "--change",
                        "consumers=4@1"}, "--change", "a Python file");
    expect_usage_error({"gui", "--scenario", "no-such-scenario"}, "no-such-scenario");
    expect_usage_error({"gui", "--scenario", kScenario, "--set", "no_such_param=1"}, "no_such_param");
    expect_usage_error({"gui", "--seed", "x"}, "--seed");
    expect_usage_error({"gui", "--speed", "100"}, "--speed");
    expect_usage_error({"gui", "--lang", "fr"}, "--lang");
    expect_usage_error({"gui", "--scale", "9"}, "--scale");
    expect_usage_error({"gui", "--frames", "0"}, "--frames");
    expect_usage_error({"gui", "--size", "big"}, "--size");
    expect_usage_error({"gui", "--tab", "timeline"}, "--tab");
    expect_usage_error({"gui", "--screenshot", "shot.png"}, "--screenshot");
    expect_usage_error({"gui", "--frames", "1", "--screenshot", temp_path("-no-dir") + "/x.png"}, "--screenshot");
}

TEST_CASE("cli errors: a flag given twice, a value given to --json, integers out of range, long values cut",
          "[cli][errors]") {
    expect_usage_error({"run", kScenario, "--mode", "free", "--mode", "deterministic"}, "--mode", "given 2 times");
    expect_usage_error({"run", kScenario, "--seed", "1", "--seed", "2"}, "--seed", "given 2 times");
    expect_usage_error({"run", kScenario, "--trace", "a.json", "--trace", "b.json"}, "--trace", "given 2 times");
    // `--json=no` must not quietly mean the opposite of what it reads as.
    expect_usage_error({"run", kScenario, "--json=no"}, "--json", "takes no value");
    expect_usage_error({"run", kScenario, "--json=yes"}, "--json", "takes no value");
    expect_usage_error({"run", kScenario, "--seed", "-1"}, "--seed", "out of range");
    expect_usage_error({"run", kScenario, "--seed", "18446744073709551616"}, "--seed", "out of range");
    expect_usage_error({"run", kScenario, "--seed", "12a"}, "--seed", "not an integer");
    const std::string huge(100000, 'x');
    expect_usage_error({"run", kScenario, "--mode", huge}, "--mode", "100000 bytes");
    const ProcessResult r = run_threadlab({"run", kScenario, "--mode", huge});
    CHECK(r.err.size() < 400);
}
