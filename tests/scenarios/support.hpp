// Helpers every scenario test shares: finding a scenario, the two run
// configurations the tests use, running a scenario the way the front ends
// do (scenario_config first), and reading its checks.
#pragma once
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "scenario.hpp"
#include "threadlab/runtime.hpp"

namespace tltest {

inline const tl::Scenario& scenario(const std::string& id) {
    const tl::Scenario* s = tl::find_scenario(id);
    REQUIRE(s != nullptr);
    return *s;
}

inline tl::RunConfig deterministic(uint64_t seed, tl::Policy policy = tl::Policy::Random) {
    tl::RunConfig cfg;
    cfg.mode = tl::Mode::Deterministic;
    cfg.policy = policy;
    cfg.seed = seed;
    cfg.paced = false;
    return cfg;
}

inline tl::RunConfig free_fast(uint64_t seed) {
    tl::RunConfig cfg;
    cfg.mode = tl::Mode::Free;
    cfg.seed = seed;
    cfg.speed = tl::kMaxSpeed;
    return cfg;
}

// Runs `s` to its end as the CLI and the GUI do: the scenario shapes the
// RunConfig first.
inline std::unique_ptr<tl::Runtime> run(const tl::Scenario& s, const tl::Params& params, const tl::RunConfig& base) {
    auto rt = std::make_unique<tl::Runtime>(tl::scenario_config(s, params, base));
    rt->start([&s, params] { s.program(params); });
    rt->wait();
    return rt;
}

// "process-pool processes=4 tasks=8", for messages.
inline std::string describe(const std::string& id, const std::vector<std::string>& settings) {
    std::string text = id;
    for (const std::string& s : settings) text += " " + s;
    return text;
}

// The run ended by itself (no deadlock, not stopped) and each of its at
// least `min_checks` checks passed.
inline void require_checks_pass(const tl::Scenario& s, const tl::Params& params, const tl::EventLog& log,
                                size_t min_checks) {
    REQUIRE(log.size() > 0);
    CHECK(log[log.size() - 1].kind == tl::EvKind::RunEnd);
    CHECK(log[log.size() - 1].ok == 1);
    const std::vector<tl::CheckResult> results = s.checks(log, params);
    REQUIRE(results.size() >= min_checks);
    for (const tl::CheckResult& r : results) {
        INFO(s.id << ": " << r.name << " -- " << r.detail);
        CHECK(r.passed);
    }
}

// The check whose name starts with `prefix`.
inline const tl::CheckResult& check_named(const std::vector<tl::CheckResult>& results, const std::string& prefix) {
    for (const tl::CheckResult& r : results)
        if (r.name.rfind(prefix, 0) == 0) return r;
    FAIL("no check named '" << prefix << "...'");
    return results.front();
}

}  // namespace tltest
