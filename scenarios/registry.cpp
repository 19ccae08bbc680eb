// The list of C++ scenarios: the lessons that are not lesson folders yet
// (they need engine features the Python runner does not have). New lessons
// are folders (docs/LESSONS.md), not scenarios.
#include <vector>

#include "scenario.hpp"

namespace tl {

Scenario gil_contention_scenario();
Scenario process_pool_scenario();

const std::vector<Scenario>& all_scenarios() {
    // Built once, on first use, in the order the lessons are meant to be taken.
    static const std::vector<Scenario> scenarios = {
        gil_contention_scenario(),
        process_pool_scenario(),
    };
    return scenarios;
}

const Scenario* find_scenario(const std::string& id) {
    for (const Scenario& s : all_scenarios())
        if (s.id == id) return &s;
    return nullptr;
}

}  // namespace tl

namespace tl {

RunConfig scenario_config(const Scenario& s, const Params& p, RunConfig base) {
    if (s.configure) s.configure(base, p);
    return base;
}

}  // namespace tl

namespace tl {

const char* check_verdict(const CheckResult& c) {
    if (c.passed) return "PASS";
    return c.not_shown ? "NOT SHOWN" : "FAIL";
}

}  // namespace tl
