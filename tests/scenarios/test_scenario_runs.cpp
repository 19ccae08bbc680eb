// Every scenario, run for real in both modes with several parameter sets:
// its checks pass, deterministic runs reproduce byte for byte, and every
// event the program tags with a listing line points at a line that does
// what the event says.
#include <catch2/catch.hpp>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "scenario.hpp"
#include "listing.hpp"
#include "support.hpp"
#include "threadlab/reduce.hpp"
#include "threadlab/runtime.hpp"

namespace {

using namespace tl;

using namespace tltest;

// The first four scenarios have at least two checks each.
void require_checks_pass(const Scenario& s, const Params& params, const EventLog& log) {
    tltest::require_checks_pass(s, params, log, 2);
}

// Parameter sets for each scenario. Deterministic runs take any durations
// (virtual time); free runs keep scenario time short and the gaps that
// decide an outcome wide, so that no result depends on OS timing.
struct Case {
    std::string id;
    std::vector<std::string> settings;
};

const std::vector<Case> kDeterministicCases = {
    {"producer-consumer", {}},
    {"producer-consumer", {"producers=4", "consumers=4", "items=40", "capacity=3"}},
    {"producer-consumer", {"producers=3", "consumers=1", "capacity=1", "items=7", "produce_ms=50", "consume_ms=400"}},
    {"producer-consumer", {"producers=1", "consumers=5", "items=3"}},
    {"producer-consumer", {"producers=16", "consumers=2", "items=10"}},
    {"barrier-startup", {}},
    {"barrier-startup", {"fail_task=2"}},
    {"barrier-startup", {"fail_task=1"}},
    {"barrier-startup", {"fail_task=4"}},
    {"barrier-startup", {"timeout_s=1"}},
    {"barrier-startup", {"timeout_s=2"}},
    {"barrier-startup", {"tasks=8", "fail_task=6", "timeout_s=10"}},
    {"barrier-startup", {"tasks=2", "fail_task=5"}},
    {"connection-pool", {}},
    {"connection-pool", {"over_release=true"}},
    {"connection-pool", {"clients=1", "connections=1", "over_release=yes"}},
    {"connection-pool", {"clients=32", "connections=16", "hold_ms=50"}},
    {"connection-pool", {"clients=5", "connections=8"}},
    {"daemon-exit", {}},
    {"daemon-exit", {"join_timeout_ms=1500"}},
    {"daemon-exit", {"join_timeout_ms=0"}},
    {"daemon-exit", {"workers=0", "daemons=3"}},
    {"daemon-exit", {"workers=3", "daemons=0"}},
    {"daemon-exit", {"workers=0", "daemons=0"}},
    {"daemon-exit", {"workers=1", "daemons=4", "daemon_ms=100", "worker_ms=250"}},
};

const std::vector<Case> kFreeCases = {
    {"producer-consumer", {"produce_ms=20", "consume_ms=30"}},
    {"producer-consumer", {"producers=4", "consumers=4", "items=40", "capacity=2", "produce_ms=10", "consume_ms=10"}},
    {"barrier-startup", {}},
    {"barrier-startup", {"fail_task=3", "task_ms=100"}},
    {"barrier-startup", {"timeout_s=1", "task_ms=600"}},
    {"barrier-startup", {"timeout_s=5", "task_ms=300"}},
    {"connection-pool", {"hold_ms=40"}},
    {"connection-pool", {"hold_ms=20", "clients=12", "connections=2", "over_release=on"}},
    {"daemon-exit", {"worker_ms=400", "daemon_ms=600", "join_timeout_ms=200"}},
    {"daemon-exit", {"worker_ms=400", "daemon_ms=600", "join_timeout_ms=1200"}},
};

std::string describe(const Case& c) { return tltest::describe(c.id, c.settings); }

}  // namespace

TEST_CASE("every scenario's checks pass in deterministic mode", "[scenarios][deterministic]") {
    for (const Case& c : kDeterministicCases) {
        const Scenario& s = scenario(c.id);
        const Params params = parse_params(s, c.settings);
        for (uint64_t seed : {1u, 2u, 3u}) {
            INFO(describe(c) << " seed=" << seed);
            auto rt = run(s, params, deterministic(seed));
            require_checks_pass(s, params, rt->log());
        }
    }
}

TEST_CASE("every scenario's checks pass in round-robin deterministic mode", "[scenarios][deterministic]") {
    for (const Case& c : kDeterministicCases) {
        const Scenario& s = scenario(c.id);
        const Params params = parse_params(s, c.settings);
        RunConfig cfg = deterministic(5);
        cfg.policy = Policy::RoundRobin;
        INFO(describe(c));
        auto rt = run(s, params, cfg);
        require_checks_pass(s, params, rt->log());
    }
}

TEST_CASE("every scenario's checks pass in free mode at speed 20", "[scenarios][free]") {
    for (const Case& c : kFreeCases) {
        const Scenario& s = scenario(c.id);
        const Params params = parse_params(s, c.settings);
        for (uint64_t seed : {1u, 2u}) {
            INFO(describe(c) << " seed=" << seed);
            auto rt = run(s, params, free_fast(seed));
            require_checks_pass(s, params, rt->log());
        }
    }
}

TEST_CASE("deterministic runs with the same seed produce identical logs", "[scenarios][deterministic]") {
    for (const Scenario& s : all_scenarios()) {
        const Params params = default_params(s);
        INFO(s.id);
        const std::string first = dump(run(s, params, deterministic(7))->log());
        const std::string second = dump(run(s, params, deterministic(7))->log());
        CHECK(!first.empty());
        CHECK(first == second);
    }
}

TEST_CASE("different seeds change the random durations", "[scenarios][deterministic]") {
    // Guards the previous test against passing because nothing is random.
    const Scenario& s = scenario("producer-consumer");
    const Params params = default_params(s);
    CHECK(dump(run(s, params, deterministic(1))->log()) != dump(run(s, params, deterministic(2))->log()));
}

namespace {

using tltest::listing_lines;

// What the listing line an event is tagged with must contain.
std::vector<const char*> expected_words(const LogEvent& e, const EventLog& log) {
    switch (e.kind) {
        case EvKind::Print: return {"print("};
        case EvKind::ThreadNew: return {"Thread("};
        case EvKind::ObjNew:
            switch (static_cast<ObjKind>(e.code)) {
                case ObjKind::Thread: return {"Thread("};
                case ObjKind::Queue: return {"Queue("};
                case ObjKind::Barrier: return {"Barrier("};
                case ObjKind::BoundedSemaphore: return {"BoundedSemaphore("};
                default: return {"?"};
            }
        case EvKind::State:
            switch (static_cast<ThreadState>(e.code)) {
                case ThreadState::Sleeping: return {"sleep("};
                case ThreadState::Waiting: return {"join(", "put(", "get(", "acquire(", "wait("};
                default: return {};
            }
        case EvKind::OpDone:
            switch (static_cast<Op>(e.code)) {
                case Op::Start: return {".start("};
                case Op::Join: return {".join("};
                case Op::Acquire: return {".acquire("};
                case Op::Release: return {".release("};
                case Op::Wait: return {".wait("};
                case Op::Abort: return {".abort(", ".wait("};  // a wait that times out breaks the barrier
                case Op::Put: return {".put("};
                case Op::Get: return {".get("};
                case Op::Sleep: return {"sleep("};
                case Op::Raise:
                    return {log.str(static_cast<uint32_t>(e.value)).find("BrokenBarrierError") != std::string::npos
                                ? ".wait("
                                : ".release("};
                default: return {"?"};
            }
        default: return {};
    }
}

}  // namespace

TEST_CASE("every listing line the programs use exists and does what the event says", "[scenarios][lines]") {
    for (const Case& c : kDeterministicCases) {
        const Scenario& s = scenario(c.id);
        const std::vector<std::string> lines = listing_lines(s);
        REQUIRE(lines.size() >= 15);
        REQUIRE(lines.size() <= 45);
        auto rt = run(s, parse_params(s, c.settings), deterministic(3));
        const EventLog& log = rt->log();
        size_t tagged = 0;
        for (size_t i = 0; i < log.size(); ++i) {
            const LogEvent& e = log[i];
            // MainThread's own start and the joins CPython does at exit run
            // outside the listing, on line 0.
            if (e.line == 0) {
                if (e.kind == EvKind::OpDone) {
                    INFO(describe(c) << ": untagged op " << to_string(static_cast<Op>(e.code)) << " at event " << i);
                    CHECK((e.thread == 0 && static_cast<Op>(e.code) == Op::Join));
                }
                continue;
            }
            INFO(describe(c) << ": event " << i << " (" << to_string(e.kind) << ") on line " << e.line);
            REQUIRE(e.line <= lines.size());
            const std::vector<const char*> words = expected_words(e, log);
            if (words.empty()) continue;
            const std::string& text = lines[e.line - 1];
            bool found = false;
            for (const char* w : words) found |= text.find(w) != std::string::npos;
            INFO("line text: " << text);
            CHECK(found);
            ++tagged;
        }
        CHECK(tagged > 0);
    }
}
