// The window's frame with a long log (issue 9): a Session runs
// bench/python/lock_events.py to its end (about 1,000,000 events, and
// 10,000 as the baseline, in the same run of this program), then each
// iteration is one frame as the interactive window builds it: the
// session's poll() and draw_frame() into a headless ImGui context (every
// pane laid out and its draw lists filled; nothing is rasterized, which is
// the GPU's or Mesa's part). BM_WindowFrame is the window as a finished
// run leaves it: the timeline fitted to the whole run, the most segments it
// ever has to look at; BM_WindowFrameZoomedIn has it on 50 ms of the run.
//
//   build/bench/bench_frame --benchmark_repetitions=9 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <imgui.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "draw_checksum.hpp"
#include "gui/colors.hpp"
#include "gui/fonts.hpp"
#include "gui/gui.hpp"
#include "gui/headless.hpp"
#include "gui/layout.hpp"
#include "gui/session.hpp"
#include "gui/ui_state.hpp"

namespace {

using namespace tl::gui;

// The window's fonts and theme at scale 1, as `threadlab gui` builds them.
struct Window {
    testing::Headless context;
    Window() {
        apply_theme(ImGui::GetStyle());
        build_fonts(kBaseFontPx, text_for_fonts(""));
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
};

Window& imgui() {
    static Window w;
    return w;
}

// One finished run of the program, with about `events` events. In
// deterministic mode, so that every run of the benchmark draws the same log.
struct Run {
    Session session;
    explicit Run(size_t events) {
        // About 2.06 events a round (an acquire, a release, a sleep every 64 rounds).
        setenv("BENCH_N", std::to_string(events * 100 / 206).c_str(), 1);
        session.set_child_program(THREADLAB_BINARY);
        session.config().mode = tl::Mode::Deterministic;
        session.open_file(THREADLAB_BENCH_DIR "/python/lock_events.py");
        session.start();
        session.wait();
    }
};

Run& run(size_t events) {
    static std::map<size_t, std::unique_ptr<Run>> runs;
    auto& r = runs[events];
    if (!r) r = std::make_unique<Run>(events);
    return *r;
}

void frame(Session& session, UiState& ui) {
    ImGui::GetIO().DeltaTime = 1.0f / 30;
    session.poll();
    ImGui::NewFrame();
    draw_frame(session, ui);
    ImGui::Render();
}

void window_frame(benchmark::State& state, bool zoomed_in) {
    imgui();
    Run& r = run(size_t(state.range(0)));
    UiState ui;
    if (zoomed_in) {
        ui.fitted_finished_run = true;  // keep the view below, do not fit the run
        ui.timeline.follow = TimelineFollow::Free;
        ui.timeline.span = 50e6;
        ui.timeline.left = double(r.session.now()) / 2;
    }
    for (int i = 0; i < 3; ++i) frame(r.session, ui);  // the layout settles, caches fill
    for (auto _ : state) frame(r.session, ui);
    state.counters["events"] = double(r.session.log() ? r.session.log()->size() : 0);
    state.counters["vertices"] = double(ImGui::GetDrawData()->TotalVtxCount);
    state.counters["segments_seen"] = double(ui.timeline.segments_seen);
    state.counters["rects"] = double(ui.timeline.rects);
    state.counters["draw_checksum"] = tl::bench::draw_checksum();
}

void BM_WindowFrame(benchmark::State& state) { window_frame(state, false); }
void BM_WindowFrameZoomedIn(benchmark::State& state) { window_frame(state, true); }
BENCHMARK(BM_WindowFrame)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WindowFrameZoomedIn)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
