// thread-pool-futures: its checks hold in both modes over several parameter
// sets, the numbers of the patterns are the ones the pool allows, runs
// reproduce, listing lines are right, and the checks can fail.
#include "test_issue3_support.hpp"

namespace {

using namespace issue3;

const char* const kId = "thread-pool-futures";

const std::vector<std::vector<std::string>> kDeterministicCases = {
    {},
    {"max_workers=1"},
    {"max_workers=16", "tasks=4"},
    {"tasks=1"},
    {"max_workers=2", "tasks=7", "cancel=false", "fail=false"},
    {"shutdown_wait=false"},
    {"cancel_futures=true"},
    {"shutdown_wait=false", "cancel_futures=true", "max_workers=2", "tasks=7"},
    {"task_ms=1", "tasks=12", "max_workers=5"},
};

}  // namespace

TEST_CASE("thread-pool-futures: checks pass in deterministic mode", "[issue3][futures][deterministic]") {
    const Scenario& s = scenario(kId);
    for (const auto& settings : kDeterministicCases) {
        const Params params = parse_params(s, settings);
        for (uint64_t seed : {1u, 2u, 3u}) {
            INFO(describe(kId, settings) << " seed=" << seed);
            auto rt = run(s, params, deterministic(seed));
            require_checks_pass(s, params, rt->log());
        }
        INFO(describe(kId, settings) << " round-robin");
        auto rt = run(s, params, deterministic(4, Policy::RoundRobin));
        require_checks_pass(s, params, rt->log());
    }
}

TEST_CASE("thread-pool-futures: the serial pattern runs one task at a time, the parallel one max_workers",
          "[issue3][futures][deterministic]") {
    const Scenario& s = scenario(kId);
    struct Case {
        int workers;
        int tasks;
    };
    for (Case c : {Case{3, 6}, Case{1, 4}, Case{4, 2}, Case{16, 16}}) {
        const Params p = parse_params(s, {"max_workers=" + std::to_string(c.workers), "tasks=" + std::to_string(c.tasks)});
        for (uint64_t seed : {1u, 5u}) {
            INFO("max_workers=" << c.workers << " tasks=" << c.tasks << " seed=" << seed);
            auto rt = run(s, p, deterministic(seed));
            const EventLog& log = rt->log();
            CHECK(metric(s, log, p, "max_parallel") == std::min(c.workers, c.tasks));
            const double speedup = metric(s, log, p, "speedup");
            // Durations are random (0.5 to 1.5 times task_ms) and differ between
            // the phases, so only a bound is exact: at most min(workers, tasks)
            // at once makes at most 3 times that speed-up.
            CHECK(speedup > 0);
            CHECK(speedup <= 3.0 * std::min(c.workers, c.tasks));
            // 8 batches of `tasks` futures, minus the one that failing adds back.
            CHECK(metric(s, log, p, "futures") == 7 * c.tasks + 1);
            CHECK(metric(s, log, p, "raised") == 1);
        }
    }
}

TEST_CASE("thread-pool-futures: cancel() takes exactly the futures no worker has started",
          "[issue3][futures][deterministic]") {
    const Scenario& s = scenario(kId);
    // Defaults: 6 tasks, 3 workers; the workers take 3, so 3 are cancelled.
    const Params p = default_params(s);
    auto rt = run(s, p, deterministic(2));
    CHECK(metric(s, rt->log(), p, "cancelled") == 3);
    // With shutdown(cancel_futures=True) too, the last batch loses the tasks still queued.
    const Params both = parse_params(s, {"cancel_futures=true"});
    auto rt2 = run(s, both, deterministic(2));
    CHECK(metric(s, rt2->log(), both, "cancelled") > 3);
    const Params none = parse_params(s, {"cancel=false"});
    auto rt3 = run(s, none, deterministic(2));
    CHECK(metric(s, rt3->log(), none, "cancelled") == 0);
}

TEST_CASE("thread-pool-futures: the output shows the patterns", "[issue3][futures][deterministic]") {
    const Scenario& s = scenario(kId);
    const Params p = default_params(s);
    auto rt = run(s, p, deterministic(1));
    const World w = world_at(rt->log());
    std::vector<std::string> main_lines;
    size_t callbacks_in_workers = 0;
    for (const auto& [tid, text] : w.output) {
        if (tid == 0) main_lines.push_back(text);
        if (tid != 0 && text.find(" callback got ") != std::string::npos) ++callbacks_in_workers;
    }
    CHECK(callbacks_in_workers == 6);
    REQUIRE(main_lines.size() >= 6);
    CHECK(main_lines[0].rfind("serial: ", 0) == 0);
    CHECK(main_lines[1].rfind("parallel: ", 0) == 0);
    bool map_in_order = false, raised = false;
    for (const std::string& line : main_lines) {
        map_in_order |= line == "map: [0, 1, 4, 9, 16, 25]";
        raised |= line == "result() raised: no page -1";
    }
    CHECK(map_in_order);
    CHECK(raised);
    CHECK(main_lines.back() == "after shutdown: 6 of 6 done");
}

TEST_CASE("thread-pool-futures: same seed, same log; another seed, other durations", "[issue3][futures][deterministic]") {
    const Scenario& s = scenario(kId);
    for (const auto& settings : {std::vector<std::string>{}, std::vector<std::string>{"shutdown_wait=false", "cancel_futures=true"}}) {
        const Params p = parse_params(s, settings);
        INFO(describe(kId, settings));
        const std::string first = dump(run(s, p, deterministic(9))->log());
        CHECK(first == dump(run(s, p, deterministic(9))->log()));
        CHECK(first != dump(run(s, p, deterministic(10))->log()));
    }
}

TEST_CASE("thread-pool-futures: checks pass in free mode at speed 20", "[issue3][futures][free]") {
    require_checks_pass_each(kId,
                             {{"tasks=4", "task_ms=200"},
                              {"tasks=4", "task_ms=200", "max_workers=2", "shutdown_wait=false", "cancel_futures=true"}},
                             {1u, 2u}, free_fast);
}

TEST_CASE("thread-pool-futures: every tagged event points at a listing line that does it", "[issue3][futures][lines]") {
    const Scenario& s = scenario(kId);
    for (const auto& settings : kDeterministicCases) {
        auto rt = run(s, parse_params(s, settings), deterministic(3));
        check_listing_lines(s, rt->log(), describe(kId, settings));
    }
}

TEST_CASE("thread-pool-futures: checks fail when the run does not show what the parameters promise",
          "[issue3][futures][checks]") {
    const Scenario& s = scenario(kId);
    // One worker cannot run tasks side by side.
    auto one = run(s, parse_params(s, {"max_workers=1"}), deterministic(1));
    CHECK_FALSE(check_named(s.checks(one->log(), default_params(s)), "submitting all first").passed);
    // No failing task: nothing surfaced at result().
    auto no_fail = run(s, parse_params(s, {"fail=false"}), deterministic(1));
    CHECK_FALSE(check_named(s.checks(no_fail->log(), default_params(s)), "the task's exception surfaced").passed);
    CHECK(check_named(s.checks(no_fail->log(), parse_params(s, {"fail=false"})), "no task raised").passed);
    // Without cancel_futures the queued tasks ran: judged as if they should have been cancelled.
    auto kept = run(s, parse_params(s, {"max_workers=2", "tasks=7"}), deterministic(1));
    CHECK_FALSE(
        check_named(s.checks(kept->log(), parse_params(s, {"max_workers=2", "tasks=7", "cancel_futures=true"})),
                    "shutdown() honoured")
            .passed);
    // A run stopped at once has no finished futures and no shutdown.
    RunConfig cfg = free_fast(1);
    cfg.speed = kMinSpeed;
    Runtime rt(cfg);
    const Params p = default_params(s);
    rt.start([&s, p] { s.program(p); });
    rt.stop();
    rt.wait();
    const auto stopped = s.checks(rt.log(), p);
    CHECK_FALSE(check_named(stopped, "submit().result() in the loop").passed);
    CHECK_FALSE(check_named(stopped, "shutdown() honoured").passed);
}
