// Trivial tasks through ThreadPoolExecutor with every transition recorded,
// per task, two ways (submit everything then wait for all; submit then
// result() one at a time), against std::async and against CPython's own
// concurrent.futures.ThreadPoolExecutor run by python3 in the same session.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <future>
#include <string>
#include <vector>

#include "threadlab/threading.hpp"

namespace {

constexpr int kTasks = 2000;

// The pool size is the benchmark's argument (1, 2 and 4 workers).
int workers(const benchmark::State& state) { return static_cast<int>(state.range(0)); }

// Runs `body(executor)` once per benchmark iteration inside one free-mode run.
template <class Body>
void in_engine(benchmark::State& state, Body body) {
    tl::RunConfig cfg;
    cfg.mode = tl::Mode::Free;
    tl::Runtime rt(cfg);
    size_t events_before = 0, events_after = 0;
    rt.run([&] {
        auto& ex = tl::make<tl::ThreadPoolExecutor>(workers(state));
        body(ex, 200);  // warm up: the workers exist
        events_before = rt.log().size();
        for (auto _ : state) body(ex, kTasks);
        events_after = rt.log().size();
        ex.shutdown();
    });
    state.SetItemsProcessed(state.iterations() * kTasks);
    state.counters["ns/task"] = benchmark::Counter(double(state.iterations() * kTasks),
                                                   benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    state.counters["events/task"] = double(events_after - events_before) / double(state.iterations() * kTasks);
}

// The same, but every iteration is a run of its own, as a lesson is: a fresh
// Runtime, its pool warmed up untimed, then kTasks timed. The log of a run
// this size lives in chunks recycled from earlier runs, so no fresh pages
// are faulted in; the in-one-run figures above include that growth.
template <class Body>
void per_run(benchmark::State& state, Body body) {
    size_t events = 0;
    for (auto _ : state) {
        tl::RunConfig cfg;
        cfg.mode = tl::Mode::Free;
        tl::Runtime rt(cfg);
        double seconds = 0;
        rt.run([&] {
            auto& ex = tl::make<tl::ThreadPoolExecutor>(workers(state));
            body(ex, 200);
            const size_t before = rt.log().size();
            auto start = std::chrono::steady_clock::now();
            body(ex, kTasks);
            seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            events += rt.log().size() - before;
            ex.shutdown();
        });
        state.SetIterationTime(seconds);
    }
    state.SetItemsProcessed(state.iterations() * kTasks);
    state.counters["ns/task"] = benchmark::Counter(double(state.iterations() * kTasks),
                                                   benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    state.counters["events/task"] = double(events) / double(state.iterations() * kTasks);
}

void submit_then_wait_all(tl::ThreadPoolExecutor& ex, int n) {
    std::vector<tl::Future*> fs;
    fs.reserve(n);
    for (int i = 0; i < n; ++i) fs.push_back(&ex.submit([] { return int64_t(1); }));
    tl::wait(fs);
}

void submit_then_result(tl::ThreadPoolExecutor& ex, int n) {
    for (int i = 0; i < n; ++i) ex.submit([] { return int64_t(1); }).result();
}

void BM_Engine_PerRun_SubmitThenWaitAll(benchmark::State& state) { per_run(state, submit_then_wait_all); }
BENCHMARK(BM_Engine_PerRun_SubmitThenWaitAll)->Arg(1)->Arg(2)->Arg(4)->UseManualTime()->Unit(benchmark::kMillisecond);
void BM_Engine_PerRun_SubmitThenResult(benchmark::State& state) { per_run(state, submit_then_result); }
BENCHMARK(BM_Engine_PerRun_SubmitThenResult)->Arg(1)->Arg(2)->Arg(4)->UseManualTime()->Unit(benchmark::kMillisecond);

void BM_Engine_SubmitThenWaitAll(benchmark::State& state) {
    in_engine(state, [](tl::ThreadPoolExecutor& ex, int n) {
        std::vector<tl::Future*> fs;
        fs.reserve(n);
        for (int i = 0; i < n; ++i) fs.push_back(&ex.submit([] { return int64_t(1); }));
        tl::wait(fs);
    });
}
BENCHMARK(BM_Engine_SubmitThenWaitAll)->Arg(1)->Arg(2)->Arg(4)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_Engine_SubmitThenResult(benchmark::State& state) {
    in_engine(state, [](tl::ThreadPoolExecutor& ex, int n) {
        for (int i = 0; i < n; ++i) ex.submit([] { return int64_t(1); }).result();
    });
}
BENCHMARK(BM_Engine_SubmitThenResult)->Arg(1)->Arg(2)->Arg(4)->UseRealTime()->Unit(benchmark::kMillisecond);

void per_task(benchmark::State& state) {
    state.SetItemsProcessed(state.iterations() * kTasks);
    state.counters["ns/task"] = benchmark::Counter(double(state.iterations() * kTasks),
                                                   benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_StdAsync_SubmitThenWaitAll(benchmark::State& state) {
    for (auto _ : state) {
        std::vector<std::future<int64_t>> fs;
        fs.reserve(kTasks);
        for (int i = 0; i < kTasks; ++i) fs.push_back(std::async(std::launch::async, [] { return int64_t(1); }));
        for (auto& f : fs) benchmark::DoNotOptimize(f.get());
    }
    per_task(state);
}
BENCHMARK(BM_StdAsync_SubmitThenWaitAll)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_StdAsync_SubmitThenResult(benchmark::State& state) {
    for (auto _ : state)
        for (int i = 0; i < kTasks; ++i)
            benchmark::DoNotOptimize(std::async(std::launch::async, [] { return int64_t(1); }).get());
    per_task(state);
}
BENCHMARK(BM_StdAsync_SubmitThenResult)->UseRealTime()->Unit(benchmark::kMillisecond);

// CPython, timed inside the interpreter (no start-up cost counted).
void cpython(benchmark::State& state, const std::string& pattern) {
    std::string cmd = "python3 " THREADLAB_BENCH_DIR "/cpython_executor.py " + std::to_string(kTasks) + " " +
                      std::to_string(workers(state));
    for (auto _ : state) {
        FILE* p = popen(cmd.c_str(), "r");
        if (!p) {
            state.SkipWithError("python3 not found");
            return;
        }
        char line[256];
        double ns = -1;
        while (fgets(line, sizeof line, p)) {
            char name[64];
            double v;
            if (sscanf(line, "%63s %lf", name, &v) == 2 && pattern == name) ns = v;
        }
        pclose(p);
        if (ns < 0) {
            state.SkipWithError("python3 printed nothing");
            return;
        }
        state.SetIterationTime(ns * kTasks / 1e9);
    }
    per_task(state);
}
void BM_CPython_SubmitThenWaitAll(benchmark::State& state) { cpython(state, "wait_all"); }
void BM_CPython_SubmitThenResult(benchmark::State& state) { cpython(state, "one_by_one"); }
BENCHMARK(BM_CPython_SubmitThenWaitAll)->Arg(1)->Arg(2)->Arg(4)->UseManualTime()->Iterations(5)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CPython_SubmitThenResult)->Arg(1)->Arg(2)->Arg(4)->UseManualTime()->Iterations(5)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
