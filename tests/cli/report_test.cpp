// The report pieces in-process: the exit-code mapping with failing checks,
// deadlock reports, the JSON shape, and flag parsing.
#include <csignal>
#include <sstream>

#include <catch2/catch.hpp>
#include <unistd.h>

#include "cli/flags.hpp"
#include "cli/interrupt.hpp"
#include "cli/run_report.hpp"
#include "cli/summary_json.hpp"
#include "cli/summary_text.hpp"
#include "cli/usage_error.hpp"
#include "threadlab/threading.hpp"

using namespace tl;

namespace {

RunConfig deterministic() {
    RunConfig cfg;
    cfg.mode = Mode::Deterministic;
    return cfg;
}

// Engine programs made up for the test (the report reads only the log, so
// a program written against the engine serves as well as a Python one).
// Two threads take two locks in opposite order, which deadlocks in every
// interleaving where both get their first.
void lock_order_program() {
    auto& a = make<Lock>("lock_a");
    auto& b = make<Lock>("lock_b");
    auto& gate = make<Barrier>("both_hold_one", 2);
    auto& t1 = make<Thread>("first", [&] {
        With<Lock> hold(a);
        gate.wait();
        With<Lock> also(b);
    });
    auto& t2 = make<Thread>("second", [&] {
        With<Lock> hold(b);
        gate.wait();
        With<Lock> also(a);
    });
    t1.start();
    t2.start();
    t1.join();
    t2.join();
}

// Prints two lines; a thread raises.
void printing_program() {
    for (int i = 0; i < 2; ++i) print("line " + std::to_string(i));
    auto& t = make<Thread>("raiser", [] { throw ValueError("bad value"); });
    t.start();
    t.join();
}

// The report of a deterministic run of `program`, with the parameter
// count=2 and `checks` worked out over its log (as a lesson's checks.py is).
cli::RunReport run_report(const std::string& id, void (*program)(),
                          std::function<std::vector<CheckResult>(const EventLog&)> checks = {}) {
    Runtime rt(deterministic());
    rt.run(program);
    Params params;
    params.set("count", 2);
    cli::RunReport r = cli::make_report(id, params, rt.config(), rt.log(), rt.deadlock());
    if (checks) r.checks = checks(rt.log());
    return r;
}

}  // namespace

TEST_CASE("report: the exit code is 1 when any check failed, 0 otherwise", "[cli][report]") {
    CHECK(cli::exit_code_for(std::vector<CheckResult>{}) == 0);
    CHECK(cli::exit_code_for({{"a", true, ""}, {"b", true, ""}}) == 0);
    CHECK(cli::exit_code_for({{"a", true, ""}, {"b", false, "x"}}) == 1);
    CHECK(cli::exit_code_for({{"a", false, ""}}) == 1);
}

TEST_CASE("report: a failing check shows FAIL, exit code 1 and passed=false in JSON", "[cli][report]") {
    const cli::RunReport r = run_report("test-print", printing_program, [](const EventLog& log) {
        return std::vector<CheckResult>{{"prints something", !world_at(log).output.empty(), "ok"},
                                        {"never raises", world_at(log).exceptions.empty(), "it does"}};
    });
    REQUIRE(r.checks.size() == 2);
    CHECK(r.checks[0].passed);
    CHECK_FALSE(r.checks[1].passed);
    CHECK(cli::exit_code_for(r.checks) == 1);

    std::ostringstream text;
    cli::print_summary(r, text);
    CHECK(text.str().find("PASS  prints something") != std::string::npos);
    CHECK(text.str().find("FAIL  never raises: it does") != std::string::npos);
    CHECK(text.str().find("Exception in thread raiser: ValueError: bad value") != std::string::npos);
    CHECK(text.str().find("[MainThread] line 1") != std::string::npos);

    const auto j = cli::summary_json(r);
    CHECK(j["exit_code"] == 1);
    CHECK(j["passed"] == false);
    CHECK(j["params"]["count"] == 2);
    CHECK(j["scenario"] == "test-print");
    CHECK(j["metrics"]["output_lines"] == 2);
    CHECK(j["metrics"]["exceptions"] == 1);
    REQUIRE(j["exceptions"].size() == 1);
    CHECK(j["exceptions"][0]["thread"] == "raiser");
    CHECK(j["exceptions"][0]["text"] == "ValueError: bad value");
    REQUIRE(j["output"].size() == 2);
    CHECK(j["output"][1]["text"] == "line 1");
    CHECK(j["deadlock"].is_null());
}

TEST_CASE("report: a deadlock is described in text and JSON", "[cli][report][deadlock]") {
    const cli::RunReport r = run_report("test-lock-order", lock_order_program);
    REQUIRE_FALSE(r.deadlock.empty());
    CHECK(r.deadlock.find("lock_a") != std::string::npos);
    CHECK(r.deadlock.find("lock_b") != std::string::npos);
    std::ostringstream text;
    cli::print_summary(r, text);
    CHECK(text.str().find("Deadlock\n  " + r.deadlock) != std::string::npos);
    const auto j = cli::summary_json(r);
    CHECK(j["deadlock"] == r.deadlock);
    CHECK(j["metrics"]["deadlocked"] == 1);
    // Both lock takers waited on a lock, and the report says so.
    CHECK(j["metrics"]["object.lock_a.waits"].get<double>() + j["metrics"]["object.lock_b.waits"].get<double>() >= 2);
}

TEST_CASE("report: metrics name every thread state and object statistic", "[cli][report]") {
    const cli::RunReport r = run_report("test-lock-order", lock_order_program);
    const auto m = cli::flat_metrics(r);
    for (const std::string thread : {"MainThread", "first", "second"})
        for (ThreadState st : cli::reported_states())
            CHECK(m.count("thread." + thread + "." + std::string(to_string(st)) + "_ms") == 1);
    for (const std::string object : {"lock_a", "lock_b", "both_hold_one"})
        for (const std::string stat : {"ops", "waits", "wait_ms", "max_waiters", "failures"})
            CHECK(m.count("object." + object + "." + stat) == 1);
    CHECK(m.at("duration_ms") == Approx(cli::to_ms(r.summary.duration)));
    CHECK(m.at("events") == double(r.summary.events));
}

TEST_CASE("flags: values are parsed and bad ones rejected with the flag's name", "[cli][flags]") {
    using cli::UsageError;
    CHECK(cli::parse_mode("free") == Mode::Free);
    CHECK(cli::parse_mode("deterministic") == Mode::Deterministic);
    CHECK(cli::parse_policy("round-robin") == Policy::RoundRobin);
    CHECK(cli::parse_seed("18446744073709551615") == UINT64_MAX);
    CHECK(cli::parse_speed("0.05") == kMinSpeed);
    CHECK(cli::parse_speed("20") == kMaxSpeed);
    CHECK(cli::parse_size("800x600") == std::pair<int, int>{800, 600});
    CHECK(cli::parse_scale("0") == 0.0f);
    CHECK(cli::parse_frames("3") == 3);
    CHECK_THROWS_WITH(cli::parse_seed("18446744073709551616"), Catch::Contains("--seed"));
    CHECK_THROWS_WITH(cli::parse_seed(""), Catch::Contains("--seed"));
    CHECK_THROWS_WITH(cli::parse_speed("inf"), Catch::Contains("--speed"));
    CHECK_THROWS_WITH(cli::parse_speed("20.01"), Catch::Contains("--speed"));
    CHECK_THROWS_WITH(cli::parse_size("800x"), Catch::Contains("--size"));
    CHECK_THROWS_WITH(cli::parse_size("100x600"), Catch::Contains("--size"));
    CHECK_THROWS_WITH(cli::parse_scale("0.2"), Catch::Contains("--scale"));
    CHECK_THROWS_WITH(cli::parse_frames("-1"), Catch::Contains("--frames"));
    CHECK_THROWS_WITH(cli::parse_lang("EN"), Catch::Contains("--lang"));
    CHECK_THROWS_AS(cli::parse_mode("Free"), UsageError);
}

TEST_CASE("interrupt: Ctrl-C stops a run that would go on for ages, and the report says so", "[cli][report][interrupt]") {
    cli::InterruptGuard interrupt;
    RunConfig cfg;  // free mode
    Runtime rt(cfg);
    interrupt.attach(rt);
    rt.start([] {
        for (;;) sleep(3600.0);  // no deadlock (free mode would report one): only a stop ends it
    });
    // Process-directed, like a terminal's Ctrl-C: every thread but the
    // watcher has it blocked, so it stays pending until the watcher takes it.
    ::kill(::getpid(), SIGINT);
    rt.wait();
    interrupt.detach();
    REQUIRE(interrupt.interrupted());
    cli::RunReport r = cli::make_report("test-forever", Params{}, cfg, rt.log(), rt.deadlock());
    r.checks = {{"ran", true, ""}};
    r.interrupted = interrupt.interrupted();
    CHECK(cli::exit_code_for(r.checks) == 0);
    CHECK(cli::exit_code_for(r) == cli::kExitInterrupted);
    const auto j = cli::summary_json(r);
    CHECK(j["interrupted"] == true);
    CHECK(j["exit_code"] == cli::kExitInterrupted);
    std::ostringstream text;
    cli::print_summary(r, text);
    CHECK(text.str().find("INTERRUPTED") != std::string::npos);
}
