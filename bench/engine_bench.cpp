// The engine's cost: what a recorded event costs, and what an uncontended
// Lock acquire/release costs with the event log on, against a bare
// std::mutex measured in the same run.
#include <benchmark/benchmark.h>

#include <mutex>
#include <thread>

#include "threadlab/threading.hpp"

namespace {

// Baseline: the cheapest possible lock round trip.
void BM_StdMutex(benchmark::State& state) {
    std::mutex m;
    for (auto _ : state) {
        m.lock();
        m.unlock();
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_StdMutex);

// EventLog::append alone, from 1 or 2 writer threads at once.
void BM_LogAppend(benchmark::State& state) {
    static tl::EventLog* log = nullptr;
    if (state.thread_index() == 0) log = new tl::EventLog;
    tl::LogEvent e;
    e.thread = state.thread_index();
    for (auto _ : state) {
        e.value++;
        log->append(e);
    }
    state.SetItemsProcessed(state.iterations());
    if (state.thread_index() == 0) {
        // Other threads may still be in their loop until all have stopped;
        // google-benchmark joins them before the next setup, so leaking one
        // log per run is the safe choice here.
    }
}
BENCHMARK(BM_LogAppend)->Threads(1)->Threads(2)->UseRealTime();

// A recorded event as the engine records it: timestamp from the scenario
// clock, thread and line filled in, appended. Runs inside a scenario thread.
void BM_RecordEvent(benchmark::State& state) {
    tl::RunConfig cfg;
    cfg.mode = tl::Mode::Free;
    tl::Runtime rt(cfg);
    rt.run([&] {
        for (auto _ : state) tl::print("x");  // gate + intern + one event
    });
    state.SetItemsProcessed(state.iterations());
}

// Uncontended Lock.acquire + Lock.release with the event log on: two gates,
// two recorded events.
BENCHMARK(BM_RecordEvent)->UseRealTime();

void BM_EngineLockFree(benchmark::State& state) {
    tl::RunConfig cfg;
    cfg.mode = tl::Mode::Free;
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
BENCHMARK(BM_EngineLockFree)->UseRealTime();

void BM_EngineLockDeterministic(benchmark::State& state) {
    tl::RunConfig cfg;
    cfg.mode = tl::Mode::Deterministic;
    tl::Runtime rt(cfg);
    rt.run([&] {
        auto& lock = tl::make<tl::Lock>("lock");
        for (auto _ : state) {
            lock.acquire();
            lock.release();
        }
    });
}
BENCHMARK(BM_EngineLockDeterministic)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
