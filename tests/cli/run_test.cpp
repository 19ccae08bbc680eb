// `threadlab run` as a process: --set, the text summary against --json of
// the same deterministic run, and free mode's invariants. Every lesson's
// report keys, exit code and determinism: tests/cli/lesson_json_run.cmake.
#include <catch2/catch.hpp>

#include "lesson_list/lesson_list.hpp"
#include "cli_support.hpp"
#include "threadlab/threading.hpp"

using namespace tl;
using namespace tl::test;

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

#if !defined(__SANITIZE_THREAD__)  // the lesson forks: ThreadSanitizer cannot follow a multi-threaded fork
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

#endif

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
