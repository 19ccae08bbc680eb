// Parameter defaults and NAME=VALUE parsing: the exact one-line messages the
// CLI and the GUI show for bad input.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "scenario.hpp"
#include "support.hpp"

namespace {

using namespace tl;

using tltest::scenario;

std::string parse_error(const std::string& id, const std::vector<std::string>& settings) {
    try {
        parse_params(scenario(id), settings);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("defaults hold every parameter at its spec'd default", "[params]") {
    const Params p = default_params(scenario("gil-contention"));
    CHECK(p.integer("work_ms") == 200);
    CHECK(p.integer("io_ms") == 1);
    CHECK(p.real("switch_ms") == 5);
    CHECK(p.integer("gil") == 0);
    CHECK(p.integer("cores") == 2);
    CHECK(p.values().size() == 5);
    CHECK_FALSE(default_params(scenario("process-pool")).flag("terminate_early"));
}

TEST_CASE("Params::real names a missing parameter", "[params]") {
    const Params p = default_params(scenario("gil-contention"));
    try {
        p.real("nonsense");
        FAIL("no exception");
    } catch (const std::out_of_range& e) {
        CHECK(std::string(e.what()).find("'nonsense'") != std::string::npos);
    }
    CHECK_THROWS_AS(p.integer("nonsense"), std::out_of_range);
}

TEST_CASE("settings override defaults, the last one wins", "[params]") {
    const Params p = parse_params(scenario("process-pool"), {"processes=4", "tasks=3", "processes=+5"});
    CHECK(p.integer("processes") == 5);
    CHECK(p.integer("tasks") == 3);
    CHECK(p.integer("work_ms") == 100);
    const Params g = parse_params(scenario("gil-contention"), {"switch_ms=1.5"});
    CHECK(g.real("switch_ms") == 1.5);
}

TEST_CASE("an unknown parameter lists the allowed names", "[params]") {
    CHECK(parse_error("gil-contention", {"foo=1"}) ==
          "unknown parameter 'foo' for gil-contention (allowed: work_ms, io_ms, switch_ms, gil, cores)");
    CHECK(parse_error("process-pool", {"Tasks=3"}) ==
          "unknown parameter 'Tasks' for process-pool (allowed: processes, tasks, work_ms, terminate_early, cores)");
}

TEST_CASE("integers out of range or not integers are rejected with the range", "[params]") {
    CHECK(parse_error("process-pool", {"processes=0"}) ==
          "parameter 'processes' must be an integer from 1 to 8, got '0'");
    CHECK(parse_error("process-pool", {"processes=9"}) ==
          "parameter 'processes' must be an integer from 1 to 8, got '9'");
    CHECK(parse_error("process-pool", {"processes=2.5"}) ==
          "parameter 'processes' must be an integer from 1 to 8, got '2.5'");
    CHECK(parse_error("process-pool", {"processes=3x"}) ==
          "parameter 'processes' must be an integer from 1 to 8, got '3x'");
    CHECK(parse_error("process-pool", {"processes="}) ==
          "parameter 'processes' must be an integer from 1 to 8, got ''");
    CHECK(parse_error("process-pool", {"tasks=99999999999999999999"}) ==
          "parameter 'tasks' must be an integer from 1 to 16, got '99999999999999999999'");
    CHECK(parse_error("gil-contention", {"gil=-1"}) == "parameter 'gil' must be an integer from 0 to 2, got '-1'");
}

TEST_CASE("reals are checked against their range and must be finite", "[params]") {
    CHECK(parse_error("gil-contention", {"switch_ms=51"}) ==
          "parameter 'switch_ms' must be a number from 0.1 to 50, got '51'");
    CHECK(parse_error("gil-contention", {"switch_ms=0.05"}) ==
          "parameter 'switch_ms' must be a number from 0.1 to 50, got '0.05'");
    CHECK(parse_error("gil-contention", {"switch_ms=nan"}) ==
          "parameter 'switch_ms' must be a number from 0.1 to 50, got 'nan'");
    CHECK(parse_error("gil-contention", {"switch_ms=inf"}) ==
          "parameter 'switch_ms' must be a number from 0.1 to 50, got 'inf'");
}

TEST_CASE("booleans accept the usual spellings", "[params]") {
    const Scenario& s = scenario("process-pool");
    for (const char* yes : {"true", "1", "yes", "on", "True", "YES"})
        CHECK(validate_param(s, "terminate_early", yes) == 1);
    for (const char* no : {"false", "0", "no", "off", "False"})
        CHECK(validate_param(s, "terminate_early", no) == 0);
    CHECK(parse_error("process-pool", {"terminate_early=maybe"}) ==
          "parameter 'terminate_early' must be true or false (or 1/0, yes/no, on/off), got 'maybe'");
}

TEST_CASE("a setting without NAME=VALUE shape is malformed", "[params]") {
    CHECK(parse_error("gil-contention", {"x"}) == "malformed setting 'x' (expected NAME=VALUE)");
    CHECK(parse_error("gil-contention", {"=3"}) == "malformed setting '=3' (expected NAME=VALUE)");
    CHECK(parse_error("gil-contention", {""}) == "malformed setting '' (expected NAME=VALUE)");
}

TEST_CASE("validate_param returns the value and rejects like parse_params", "[params]") {
    const Scenario& s = scenario("gil-contention");
    CHECK(validate_param(s, "work_ms", "50") == 50);
    CHECK(validate_param(s, "work_ms", "5000") == 5000);
    CHECK_THROWS_WITH(validate_param(s, "work_ms", "5001"),
                      "parameter 'work_ms' must be an integer from 50 to 5000, got '5001'");
    CHECK_THROWS_AS(validate_param(s, "nope", "1"), std::invalid_argument);
}

TEST_CASE("every scenario's parameter specs are consistent", "[params]") {
    for (const Scenario& s : all_scenarios()) {
        std::set<std::string> names;
        for (const ParamSpec& p : s.params) {
            INFO(s.id << "." << p.name);
            CHECK(names.insert(p.name).second);
            CHECK(p.min <= p.def);
            CHECK(p.def <= p.max);
            CHECK(!p.help.en.empty());
            CHECK(!p.help.zh.empty());
            if (p.type != ParamType::Real) CHECK(p.def == std::floor(p.def));
            // Every error message is a single line.
            try {
                validate_param(s, p.name, "not-a-value");
                FAIL("accepted 'not-a-value'");
            } catch (const std::invalid_argument& e) {
                CHECK(std::string(e.what()).find('\n') == std::string::npos);
            }
        }
        CHECK(!s.params.empty());
    }
}
