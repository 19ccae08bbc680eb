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
    const Params p = default_params(scenario("producer-consumer"));
    CHECK(p.integer("producers") == 1);
    CHECK(p.integer("consumers") == 1);
    CHECK(p.integer("capacity") == 5);
    CHECK(p.integer("items") == 20);
    CHECK(p.real("produce_ms") == 200);
    CHECK(p.real("consume_ms") == 300);
    CHECK(p.values().size() == 6);
    CHECK_FALSE(default_params(scenario("connection-pool")).flag("over_release"));
}

TEST_CASE("Params::real names a missing parameter", "[params]") {
    const Params p = default_params(scenario("producer-consumer"));
    try {
        p.real("nonsense");
        FAIL("no exception");
    } catch (const std::out_of_range& e) {
        CHECK(std::string(e.what()).find("'nonsense'") != std::string::npos);
    }
    CHECK_THROWS_AS(p.integer("nonsense"), std::out_of_range);
}

TEST_CASE("settings override defaults, the last one wins", "[params]") {
    const Params p = parse_params(scenario("producer-consumer"), {"producers=4", "consumers=3", "producers=+5"});
    CHECK(p.integer("producers") == 5);
    CHECK(p.integer("consumers") == 3);
    CHECK(p.integer("items") == 20);
    const Params b = parse_params(scenario("barrier-startup"), {"timeout_s=1.5"});
    CHECK(b.real("timeout_s") == 1.5);
}

TEST_CASE("an unknown parameter lists the allowed names", "[params]") {
    CHECK(parse_error("producer-consumer", {"foo=1"}) ==
          "unknown parameter 'foo' for producer-consumer (allowed: producers, consumers, capacity, items, "
          "produce_ms, consume_ms)");
    CHECK(parse_error("connection-pool", {"Clients=3"}) ==
          "unknown parameter 'Clients' for connection-pool (allowed: clients, connections, hold_ms, over_release)");
}

TEST_CASE("integers out of range or not integers are rejected with the range", "[params]") {
    CHECK(parse_error("producer-consumer", {"producers=0"}) ==
          "parameter 'producers' must be an integer from 1 to 16, got '0'");
    CHECK(parse_error("producer-consumer", {"producers=17"}) ==
          "parameter 'producers' must be an integer from 1 to 16, got '17'");
    CHECK(parse_error("producer-consumer", {"producers=2.5"}) ==
          "parameter 'producers' must be an integer from 1 to 16, got '2.5'");
    CHECK(parse_error("producer-consumer", {"producers=3x"}) ==
          "parameter 'producers' must be an integer from 1 to 16, got '3x'");
    CHECK(parse_error("producer-consumer", {"producers="}) ==
          "parameter 'producers' must be an integer from 1 to 16, got ''");
    CHECK(parse_error("producer-consumer", {"items=99999999999999999999"}) ==
          "parameter 'items' must be an integer from 1 to 500, got '99999999999999999999'");
    CHECK(parse_error("daemon-exit", {"workers=-1"}) ==
          "parameter 'workers' must be an integer from 0 to 8, got '-1'");
}

TEST_CASE("reals are checked against their range and must be finite", "[params]") {
    CHECK(parse_error("barrier-startup", {"timeout_s=31"}) ==
          "parameter 'timeout_s' must be a number from 0 to 30, got '31'");
    CHECK(parse_error("barrier-startup", {"timeout_s=nan"}) ==
          "parameter 'timeout_s' must be a number from 0 to 30, got 'nan'");
    CHECK(parse_error("barrier-startup", {"timeout_s=inf"}) ==
          "parameter 'timeout_s' must be a number from 0 to 30, got 'inf'");
}

TEST_CASE("booleans accept the usual spellings", "[params]") {
    const Scenario& s = scenario("connection-pool");
    for (const char* yes : {"true", "1", "yes", "on", "True", "YES"})
        CHECK(validate_param(s, "over_release", yes) == 1);
    for (const char* no : {"false", "0", "no", "off", "False"})
        CHECK(validate_param(s, "over_release", no) == 0);
    CHECK(parse_error("connection-pool", {"over_release=maybe"}) ==
          "parameter 'over_release' must be true or false (or 1/0, yes/no, on/off), got 'maybe'");
}

TEST_CASE("a setting without NAME=VALUE shape is malformed", "[params]") {
    CHECK(parse_error("producer-consumer", {"x"}) == "malformed setting 'x' (expected NAME=VALUE)");
    CHECK(parse_error("producer-consumer", {"=3"}) == "malformed setting '=3' (expected NAME=VALUE)");
    CHECK(parse_error("producer-consumer", {""}) == "malformed setting '' (expected NAME=VALUE)");
}

TEST_CASE("validate_param returns the value and rejects like parse_params", "[params]") {
    const Scenario& s = scenario("daemon-exit");
    CHECK(validate_param(s, "join_timeout_ms", "0") == 0);
    CHECK(validate_param(s, "join_timeout_ms", "10000") == 10000);
    CHECK_THROWS_WITH(validate_param(s, "join_timeout_ms", "10001"),
                      "parameter 'join_timeout_ms' must be an integer from 0 to 10000, got '10001'");
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
