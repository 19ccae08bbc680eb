// gil-contention: the checks hold for every GIL mode and core count, the
// ratios and response times are the ones the model predicts, the scenario
// shapes the RunConfig and the live switch interval, and the checks can fail.
#include "test_issue3_support.hpp"

namespace {

using namespace issue3;

const char* const kId = "gil-contention";
constexpr double kAnswerMs = 0.1;       // countdown(SLICE) in the I/O thread
constexpr double kProcessStart = 0.01;  // RunConfig's default start-up of a process

std::vector<std::string> with(std::vector<std::string> settings, const std::string& more) {
    settings.push_back(more);
    return settings;
}

}  // namespace

TEST_CASE("gil-contention: checks pass for every GIL mode on 1, 2 and 4 cores", "[issue3][gil][deterministic]") {
    const Scenario& s = scenario(kId);
    std::vector<std::vector<std::string>> modes;
    for (const char* gil : {"gil=0", "gil=1", "gil=2"})
        for (const char* cores : {"cores=1", "cores=2", "cores=4"}) modes.push_back({gil, cores, "work_ms=50"});
    require_checks_pass_each(kId, modes, {1u, 2u}, [](uint64_t seed) { return deterministic(seed); });
    for (const auto& settings : std::vector<std::vector<std::string>>{
             {}, {"switch_ms=0.1", "work_ms=50"}, {"switch_ms=50", "work_ms=60"}, {"io_ms=10", "work_ms=50"},
             {"io_ms=1", "gil=1", "cores=1", "work_ms=50"}}) {
        const Params p = parse_params(s, settings);
        INFO(describe(kId, settings));
        auto rt = run(s, p, deterministic(3, Policy::RoundRobin));
        require_checks_pass(s, p, rt->log());
    }
}

TEST_CASE("gil-contention: threads ~1x (the old GIL on 2+ cores: 1.7x), processes ~1/min(2, cores) plus the start-up",
          "[issue3][gil][deterministic]") {
    const Scenario& s = scenario(kId);
    for (int cores : {1, 2, 4}) {
        for (int gil : {0, 1, 2}) {
            const Params p = parse_params(s, {"cores=" + std::to_string(cores), "gil=" + std::to_string(gil)});
            INFO("cores=" << cores << " gil=" << gil);
            auto rt = run(s, p, deterministic(1));
            const EventLog& log = rt->log();
            const double work = p.real("work_ms") / 1000.0;
            const double parallel = std::min(2, cores);
            const double threads = metric(s, log, p, "threads_over_sequential");
            if (gil == 2)
                CHECK(threads == Approx(1.0 / parallel).margin(0.01));
            else if (gil == 1 && cores >= 2)
                CHECK(threads == Approx(OldGil::slowdown).margin(0.02));  // the old GIL's fight over it
            else
                CHECK((threads >= 0.95 && threads <= 1.10));
            CHECK(metric(s, log, p, "processes_over_sequential") ==
                  Approx((work + kProcessStart) / (work * parallel)).margin(0.01));
            CHECK(metric(s, log, p, "sequential_s") == Approx(2 * work).margin(1e-6));
            CHECK(metric(s, log, p, "io_threads_over_sequential") == Approx(0.5).margin(0.01));
        }
    }
}

TEST_CASE("gil-contention: the convoy costs a switch interval per answer, and nothing next to a process",
          "[issue3][gil][deterministic]") {
    const Scenario& s = scenario(kId);
    for (const char* interval : {"switch_ms=1", "switch_ms=5", "switch_ms=20"}) {
        for (int cores : {1, 2, 4}) {
            // Long countdowns, so that every request arrives while the CPU-bound neighbour still runs.
            const Params p = parse_params(s, {interval, "cores=" + std::to_string(cores), "work_ms=1000"});
            INFO(interval << " cores=" << cores);
            auto rt = run(s, p, deterministic(2));
            const EventLog& log = rt->log();
            const double alone = metric(s, log, p, "io_response_alone_ms");
            CHECK(alone == Approx(kAnswerMs).margin(0.001));
            CHECK(metric(s, log, p, "io_response_with_cpu_thread_ms") ==
                  Approx(alone + p.real("switch_ms")).margin(0.01));
            // On one core the process shares it: the answer takes twice as long.
            CHECK(metric(s, log, p, "io_response_with_cpu_process_ms") ==
                  Approx(cores == 1 ? 2 * alone : alone).margin(0.001));
        }
    }
    // The old GIL lets the answer in at one of its checks, every few
    // microseconds: it waits, but far less than a 3.2+ switch interval.
    const Params ticks = parse_params(s, {"gil=1"});
    auto rt = run(s, ticks, deterministic(2));
    const double with_thread = metric(s, rt->log(), ticks, "io_response_with_cpu_thread_ms");
    CHECK(with_thread > 1.5 * kAnswerMs);
    CHECK(with_thread < 0.5 * ticks.real("switch_ms"));
    // No GIL: nothing to wait for.
    const Params off = parse_params(s, {"gil=2"});
    auto rt2 = run(s, off, deterministic(2));
    CHECK(metric(s, rt2->log(), off, "io_response_with_cpu_thread_ms") == Approx(kAnswerMs).margin(0.001));
}

TEST_CASE("gil-contention: configure shapes the run, apply_live sets the switch interval", "[issue3][gil]") {
    const Scenario& s = scenario(kId);
    REQUIRE(static_cast<bool>(s.configure));
    REQUIRE(static_cast<bool>(s.apply_live));
    const Params p = parse_params(s, {"cores=4", "gil=1", "switch_ms=7"});
    const RunConfig cfg = scenario_config(s, p, deterministic(1));
    CHECK(cfg.cores == 4);
    CHECK(cfg.gil == GilMode::Ticks);
    CHECK(cfg.switch_interval == Approx(0.007));
    CHECK(cfg.mode == Mode::Deterministic);
    CHECK(scenario_config(s, parse_params(s, {"gil=2"}), deterministic(1)).gil == GilMode::Off);
    CHECK(scenario_config(s, default_params(s), deterministic(1)).gil == GilMode::Modern);

    bool live_param = false;
    for (const ParamSpec& spec : s.params)
        if (spec.name == "switch_ms") live_param = spec.live;
    CHECK(live_param);

    // The live value is what the GIL uses from then on: the convoy follows it.
    const Params defaults = default_params(s);
    Runtime rt(scenario_config(s, defaults, deterministic(1)));
    s.apply_live(rt, "switch_ms", 2);
    CHECK(rt.switch_interval() == Approx(0.002));
    s.apply_live(rt, "work_ms", 999);  // not live: ignored
    CHECK(rt.switch_interval() == Approx(0.002));
    rt.start([&s, defaults] { s.program(defaults); });
    rt.wait();
    CHECK(metric(s, rt.log(), defaults, "io_response_with_cpu_thread_ms") == Approx(kAnswerMs + 2).margin(0.01));
    require_checks_pass(s, defaults, rt.log());
}

TEST_CASE("gil-contention: same seed, same log", "[issue3][gil][deterministic]") {
    const Scenario& s = scenario(kId);
    for (const auto& settings : {std::vector<std::string>{"work_ms=50"}, std::vector<std::string>{"work_ms=50", "gil=1", "cores=1"}}) {
        const Params p = parse_params(s, settings);
        INFO(describe(kId, settings));
        const std::string first = dump(run(s, p, deterministic(5))->log());
        CHECK(!first.empty());
        CHECK(first == dump(run(s, p, deterministic(5))->log()));
    }
}

TEST_CASE("gil-contention: checks pass in free mode at speed 20", "[issue3][gil][free]") {
    // Long enough in real time (20 ms per countdown, 0.5 ms per request at
    // speed 20) for the OS to run the threads side by side.
    require_checks_pass_each(kId, {{"io_ms=10", "work_ms=400"}}, {1u, 2u}, free_fast);
}

TEST_CASE("gil-contention: every tagged event points at a listing line that does it", "[issue3][gil][lines]") {
    const Scenario& s = scenario(kId);
    for (const auto& settings : std::vector<std::vector<std::string>>{{"work_ms=50"}, {"work_ms=50", "gil=2", "cores=1"}}) {
        auto rt = run(s, parse_params(s, settings), deterministic(3));
        check_listing_lines(s, rt->log(), describe(kId, settings));
    }
}

TEST_CASE("gil-contention: checks fail when the log contradicts the GIL mode", "[issue3][gil][checks]") {
    const Scenario& s = scenario(kId);
    const std::vector<std::string> small = {"work_ms=50"};
    // A run without a GIL judged as a run with one: the threads never took
    // turns and the I/O thread never waited.
    auto no_gil = run(s, parse_params(s, with(small, "gil=2")), deterministic(1));
    const auto as_modern = s.checks(no_gil->log(), parse_params(s, small));
    CHECK_FALSE(check_named(as_modern, "two CPU-bound threads took turns").passed);
    CHECK_FALSE(check_named(as_modern, "next to a CPU-bound thread, the answers waited").passed);
    CHECK(check_named(as_modern, "next to a CPU-bound process").passed);
    // A run with a GIL judged as one without: no parallel threads, and a convoy.
    auto gil = run(s, parse_params(s, small), deterministic(1));
    const auto as_off = s.checks(gil->log(), parse_params(s, with(small, "gil=2")));
    CHECK_FALSE(check_named(as_off, "without a GIL, the two threads").passed);
    CHECK_FALSE(check_named(as_off, "without a GIL, a CPU-bound thread").passed);
    // A run stopped at once has none of the phases.
    RunConfig cfg = free_fast(1);
    cfg.speed = kMinSpeed;
    Runtime rt(cfg);
    const Params p = default_params(s);
    rt.start([&s, p] { s.program(p); });
    rt.stop();
    rt.wait();
    for (const CheckResult& r : s.checks(rt.log(), p)) {
        INFO(r.name << " -- " << r.detail);
        CHECK_FALSE(r.passed);
    }
}
