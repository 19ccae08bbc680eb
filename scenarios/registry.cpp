// The list of scenarios. Adding one: write scenarios/<name>.cpp exposing
// `tl::Scenario <name>_scenario()`, declare it here and add one line below.
#include <vector>

#include "scenario.hpp"

namespace tl {

Scenario producer_consumer_scenario();
Scenario barrier_startup_scenario();
Scenario connection_pool_scenario();
Scenario daemon_exit_scenario();
Scenario thread_pool_futures_scenario();
Scenario gil_contention_scenario();
Scenario process_pool_scenario();
Scenario lock_ordering_scenario();

const std::vector<Scenario>& all_scenarios() {
    // Built once, on first use, in the order the lessons are meant to be taken.
    static const std::vector<Scenario> scenarios = {
        producer_consumer_scenario(),
        barrier_startup_scenario(),
        connection_pool_scenario(),
        daemon_exit_scenario(),
        thread_pool_futures_scenario(),
        gil_contention_scenario(),
        process_pool_scenario(),
        lock_ordering_scenario(),
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
