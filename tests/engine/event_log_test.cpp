#include <catch2/catch.hpp>
#include <thread>

#include "support.hpp"

using namespace tl;

TEST_CASE("EventLog: concurrent appends are all published, none torn", "[log]") {
    EventLog log;
    constexpr int kThreads = 4, kPer = 40000;  // crosses chunk boundaries
    std::vector<std::thread> ts;
    for (int t = 0; t < kThreads; ++t)
        ts.emplace_back([&, t] {
            for (int i = 0; i < kPer; ++i) {
                LogEvent e;
                e.thread = t;
                e.value = i;
                e.aux = i * 3 + t;
                log.append(e);
            }
        });
    // A reader running alongside only ever sees complete events.
    size_t seen = 0;
    while (seen < size_t(kThreads) * kPer) {
        size_t n = log.size();
        for (; seen < n; ++seen) REQUIRE(log[seen].aux == log[seen].value * 3 + log[seen].thread);
    }
    for (auto& t : ts) t.join();
    REQUIRE(log.size() == size_t(kThreads) * kPer);
    std::vector<int> next(kThreads, 0);
    for (size_t i = 0; i < log.size(); ++i) {
        // Each writer's own events keep their order.
        REQUIRE(log[i].value == next[log[i].thread]);
        ++next[log[i].thread];
    }
}

TEST_CASE("EventLog: an event written in place starts from a clean slot", "[log]") {
    // Chunks are recycled from one log to the next without being cleared,
    // so a slot may hold an old event: fields the writer leaves alone must
    // still read as a fresh LogEvent's.
    {
        EventLog old;
        for (int i = 0; i < 1000; ++i) {
            LogEvent e;
            e.value = e.aux = 99;
            e.other = e.object = 7;
            e.line = 12;
            e.ok = 0;
            e.code = 3;
            old.append(e);
        }
    }
    EventLog log;
    for (int i = 0; i < 1000; ++i) log.emplace([&](LogEvent& e) { e.thread = uint32_t(i); });
    REQUIRE(log.size() == 1000);
    const LogEvent fresh;
    for (size_t i = 0; i < log.size(); ++i) {
        const LogEvent& e = log[i];
        REQUIRE(e.thread == i);
        REQUIRE((e.value == fresh.value && e.aux == fresh.aux && e.object == fresh.object && e.other == fresh.other &&
                 e.line == fresh.line && e.ok == fresh.ok && e.code == fresh.code && e.kind == fresh.kind));
    }
}

TEST_CASE("EventLog: a run of events lands whole and in order, even across chunks", "[log]") {
    EventLog log;
    for (size_t i = 0; i + 1 < EventLog::kChunkSize; ++i) log.append(LogEvent{});
    // The run's first event is the last of chunk 0, its second the first of chunk 1.
    const size_t first = log.emplace_run(2, [](LogEvent& e, size_t k) { e.value = 100 + int64_t(k); });
    REQUIRE(first == EventLog::kChunkSize - 1);
    REQUIRE(log.size() == EventLog::kChunkSize + 1);
    REQUIRE(log[first].value == 100);
    REQUIRE(log[first + 1].value == 101);
}

TEST_CASE("Timeline: segments follow state changes and skip zero-length ones", "[reduce]") {
    Runtime rt(tltest::det());
    rt.run([] {
        auto& t = make<Thread>("sleeper", [] { sleep(0.5); });
        t.start();
        t.join();
    });
    Timeline tl;
    tl.update(rt.log());
    const Lane& sleeper = tl.lanes().at(1);
    bool has_sleep = false;
    for (const Segment& s : sleeper.segments) {
        CHECK(s.end >= s.start);
        if (s.state == ThreadState::Sleeping) {
            has_sleep = true;
            CHECK(s.end - s.start == 500'000'000);
        }
    }
    CHECK(has_sleep);
    Summary sum = summarize(rt.log());
    CHECK(sum.threads.at(0).time_in[int(ThreadState::Waiting)] == 500'000'000);  // main joined for 0.5 s
}

TEST_CASE("RunStart: the run's settings are the first record", "[log]") {
    RunConfig cfg = tltest::det(42, Policy::RoundRobin);
    cfg.cores = 4;
    cfg.gil = GilMode::Ticks;
    cfg.switch_interval = 0.002;
    Runtime rt(cfg);
    rt.run([] {});
    REQUIRE(rt.log()[0].kind == EvKind::RunStart);
    World w = world_at(rt.log());
    CHECK(w.run.known);
    CHECK(w.run.mode == Mode::Deterministic);
    CHECK(w.run.policy == Policy::RoundRobin);
    CHECK(w.run.seed == 42);
    CHECK(w.run.cores == 4);
    CHECK(w.run.gil == GilMode::Ticks);
    CHECK(w.run.switch_interval == Approx(0.002));
}
