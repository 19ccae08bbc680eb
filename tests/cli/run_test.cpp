// `threadlab run`: exit codes, the text summary and --json, as a process,
// compared against the same run done in-process (deterministic runs are
// identical, so the numbers must match exactly).
#include <catch2/catch.hpp>

#include "cli/run_report.hpp"
#include "lesson_library.hpp"
#include "cli_support.hpp"
#include "threadlab/threading.hpp"

using namespace tl;
using namespace tl::test;

namespace {

cli::RunReport run_in_process(const Scenario& s, uint64_t seed) {
    RunConfig cfg;
    cfg.mode = Mode::Deterministic;
    cfg.seed = seed;
    const Params params = default_params(s);
    Runtime rt(cfg);
    rt.run([&] { s.program(params); });
    return cli::make_report(s, params, cfg, rt.log(), rt.deadlock());
}

}  // namespace

TEST_CASE("cli run: the exit code is 0 exactly when every check passed", "[cli][run]") {
    // A check that could not be shown (lock-ordering's cycle when a run did
    // not deadlock) is no failure: it leaves the exit code 0.
    REQUIRE_FALSE(all_lessons().empty());
    for (const Scenario* lesson : all_lessons()) {
        const Scenario& s = *lesson;
        INFO(s.id);
        const ProcessResult r = run_threadlab({"run", s.id, "--mode", "deterministic", "--seed", "3", "--json"});
        REQUIRE_FALSE(r.timed_out);
        const auto j = parse_json(r.out);
        bool all_passed = true;
        for (const auto& c : j["checks"])
            all_passed = all_passed && (c["passed"].get<bool>() || c.value("not_shown", false));
        CHECK(r.exit_code == (all_passed ? 0 : 1));
        CHECK(j["exit_code"] == r.exit_code);
        CHECK(j["passed"] == all_passed);
    }
}

TEST_CASE("cli run --json: required keys, and the numbers of the same run done in-process", "[cli][run][json]") {
    for (const Scenario* lesson : all_lessons()) {
        const Scenario& s = *lesson;
        INFO(s.id);
        const ProcessResult r = run_threadlab({"run", s.id, "--mode", "deterministic", "--seed", "7", "--json"});
        const auto j = parse_json(r.out);
        CHECK(j["scenario"] == s.id);
        CHECK(j["mode"] == "deterministic");
        CHECK(j["seed"] == 7);
        REQUIRE(j["params"].is_object());
        for (const ParamSpec& p : s.params) CHECK(j["params"][p.name] == p.def);
        REQUIRE(j["checks"].is_array());
        for (const auto& c : j["checks"]) {
            CHECK(c["name"].is_string());
            CHECK(c["passed"].is_boolean());
            CHECK(c["detail"].is_string());
        }
        REQUIRE(j["metrics"].is_object());
        for (const auto& [name, value] : j["metrics"].items()) CHECK(value.is_number());

        // A lesson folder runs in a process of its own; its report is tested
        // in lesson_folders_test.cpp. A C++ scenario's is the same in-process.
        if (!s.program) continue;
        const cli::RunReport expected = run_in_process(s, 7);
        const auto metrics = cli::flat_metrics(expected);
        CHECK(j["metrics"].size() == metrics.size());
        for (const auto& [name, value] : metrics) {
            INFO(name);
            REQUIRE(j["metrics"].contains(name));
            CHECK(j["metrics"][name].get<double>() == Approx(value));
        }
        CHECK(j["metrics"].contains("duration_ms"));
        CHECK(j["metrics"].contains("events"));
        CHECK(j["metrics"].contains("thread.MainThread.running_ms"));
        REQUIRE(j["checks"].size() == expected.checks.size());
        for (size_t i = 0; i < expected.checks.size(); ++i) {
            CHECK(j["checks"][i]["name"] == expected.checks[i].name);
            CHECK(j["checks"][i]["passed"] == expected.checks[i].passed);
        }
    }
}

TEST_CASE("cli run: --set values reach the run and the report", "[cli][run]") {
    auto [s, p] = find_param(ParamType::Int);
    REQUIRE(s);
    // A value other than the default that is still in range.
    const int64_t value = p->def > p->min ? int64_t(p->min) : int64_t(p->min) + 1;
    const ProcessResult r = run_threadlab(
        {"run", s->id, "--mode", "deterministic", "--json", "--set", p->name + "=" + std::to_string(value)});
    const auto j = parse_json(r.out);
    CHECK(j["params"][p->name] == value);
}

TEST_CASE("cli run: the text summary has threads, objects and PASS/FAIL lines", "[cli][run]") {
    // A lesson with threads and processes; the same deterministic run as
    // --json says which checks passed and what was printed.
    const std::vector<std::string> args = {"run", "gil-contention", "--mode", "deterministic", "--set", "n=20000"};
    const ProcessResult r = run_threadlab(args);
    REQUIRE((r.exit_code == 0 || r.exit_code == 1));
    CHECK(r.err.empty());
    std::vector<std::string> json_args = args;
    json_args.push_back("--json");
    const auto j = parse_json(run_threadlab(json_args).out);
    CHECK(r.out.find("Threads") != std::string::npos);
    CHECK(r.out.find("Objects") != std::string::npos);
    for (const char* name : {"MainThread", "countdown-1", "countdown-2", "process-1", "process-2", "serve-1",
                             "serve-next-to-thread", "cpu-thread", "cpu-process"})
        CHECK(r.out.find(name) != std::string::npos);
    REQUIRE(j["checks"].size() == 5);
    for (const auto& c : j["checks"])
        CHECK(r.out.find(std::string(c["not_shown"].get<bool>() ? "NOT SHOWN"
                                     : c["passed"].get<bool>()  ? "PASS"
                                                                : "FAIL") +
                         "  " + c["name"].get<std::string>()) != std::string::npos);
    REQUIRE(j["output"].size() == 8);
    for (const auto& line : j["output"]) CHECK(r.out.find(line["text"].get<std::string>()) != std::string::npos);
}

TEST_CASE("cli run: free mode at top speed keeps its invariants", "[cli][run][free]") {
    // Threads and processes, kept short: the smallest counts and durations.
    const std::vector<std::string> args = {"run", "gil-contention", "--speed", "20", "--json", "--set", "n=10000",
                                           "--set", "rounds=1", "--set", "io_ms=0.1"};
    const ProcessResult r = run_threadlab(args);
    REQUIRE_FALSE(r.timed_out);
    const auto j = parse_json(r.out);
    CHECK(r.exit_code == j["exit_code"].get<int>());
    CHECK(j["mode"] == "free");
    const double duration = j["metrics"]["duration_ms"].get<double>();
    CHECK(duration > 0);
    CHECK(j["metrics"]["events"].get<double>() > 0);
    // No thread spends more time in its states than the run lasted.
    std::map<std::string, double> per_thread;
    for (const auto& [name, value] : j["metrics"].items()) {
        if (name.rfind("thread.", 0) != 0) continue;
        const std::string thread = name.substr(7, name.rfind('.') - 7);
        per_thread[thread] += value.get<double>();
    }
    REQUIRE_FALSE(per_thread.empty());
    for (const auto& [thread, total] : per_thread) {
        INFO(thread);
        CHECK(total <= duration * (1 + 1e-9) + 1e-6);
    }
}
