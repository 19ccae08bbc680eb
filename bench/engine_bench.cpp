// The engine's cost: what a recorded event costs, and what an uncontended
// Lock acquire/release costs with the event log on, against a bare
// std::mutex measured in the same run.
//
// "warm" runs fit in one chunk of the log (65,536 events), whose memory the
// log recycles from the previous log, as a GUI reset does; "cold" runs write
// millions of events into fresh memory, so they include the kernel's cost of
// handing out and clearing new pages.
#include <benchmark/benchmark.h>

#include <mutex>

#include "threadlab/threading.hpp"

namespace {

constexpr int64_t kWarmEvents = 60'000;
constexpr int64_t kColdEvents = 4'000'000;

void BM_StdMutex(benchmark::State& state) {
    std::mutex m;
    for (auto _ : state) {
        m.lock();
        m.unlock();
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_StdMutex);

// One event as the engine records it: stamped with the scenario clock,
// appended, published. From inside a scenario thread of a free-mode run.
void BM_RecordEvent(benchmark::State& state) {
    tl::Runtime rt(tl::RunConfig{});
    rt.run([&] {
        tl::LogEvent e;
        e.kind = tl::EvKind::OpDone;
        for (auto _ : state) {
            e.value++;
            rt.record(e);
        }
    });
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RecordEvent)->Name("BM_RecordEvent/warm")->Iterations(kWarmEvents);
BENCHMARK(BM_RecordEvent)->Name("BM_RecordEvent/cold")->Iterations(kColdEvents);

// Uncontended Lock.acquire + Lock.release with the event log on: two
// scheduling points, two mutex round trips, two recorded events.
template <tl::Mode M>
void BM_EngineLock(benchmark::State& state) {
    tl::RunConfig cfg;
    cfg.mode = M;
    tl::Runtime rt(cfg);
    rt.run([&] {
        auto& lock = tl::make<tl::Lock>("lock");
        for (auto _ : state) {
            lock.acquire();
            lock.release();
        }
    });
    state.counters["events/iter"] = double(rt.log().size()) / double(state.iterations());
}
BENCHMARK(BM_EngineLock<tl::Mode::Free>)->Name("BM_EngineLock/free/warm")->Iterations(kWarmEvents / 2);
BENCHMARK(BM_EngineLock<tl::Mode::Free>)->Name("BM_EngineLock/free/cold")->Iterations(kColdEvents / 2);
BENCHMARK(BM_EngineLock<tl::Mode::Deterministic>)->Name("BM_EngineLock/deterministic/warm")->Iterations(kWarmEvents / 2);

}  // namespace

BENCHMARK_MAIN();
