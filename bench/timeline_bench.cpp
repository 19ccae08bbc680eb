// The GUI's cost: one frame of the timeline, built headless (an ImGui
// context with no renderer), for 64 threads and 200,000 events, fully zoomed
// out and zoomed in. The aim is under 4 ms a frame.
#include <benchmark/benchmark.h>
#include <imgui.h>

#include "draw_checksum.hpp"
#include "gui/timeline_view.hpp"
#include "gui/trace_index.hpp"
#include "gui/synthetic_log.hpp"
#include "threadlab/reduce.hpp"

namespace {

struct Fixture {
    tl::EventLog log;
    tl::Timeline timeline;
    tl::gui::TraceIndex index;
    Fixture() {
        tl::gui::testing::fill_synthetic_log(log, 64, 200'000);
        timeline.update(log);
        index.update(log);
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(1600, 900);
        io.DeltaTime = 1.0f / 60;
        io.IniFilename = nullptr;
        io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
        unsigned char* pixels;
        int w, h;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // builds the atlas; no texture upload
    }
    ~Fixture() { ImGui::DestroyContext(); }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

void frame(tl::gui::TimelineViewState& view) {
    Fixture& f = fixture();
    tl::gui::TimelineInput in;
    in.lanes = &f.timeline.lanes();
    in.index = &f.index;
    in.end_time = f.timeline.end_time();
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(1600, 900));
    ImGui::Begin("timeline");
    tl::gui::draw_timeline(in, view);
    ImGui::End();
    ImGui::Render();
}

void BM_TimelineZoomedOut(benchmark::State& state) {
    tl::gui::TimelineViewState view;
    view.follow = tl::gui::TimelineFollow::WholeRun;
    for (auto _ : state) frame(view);
    state.counters["rects"] = double(view.rects);
    state.counters["segments_seen"] = double(view.segments_seen);
    state.counters["vertices"] = double(ImGui::GetDrawData()->TotalVtxCount);
    state.counters["draw_checksum"] = tl::bench::draw_checksum();
}
BENCHMARK(BM_TimelineZoomedOut)->Unit(benchmark::kMillisecond);

void BM_TimelineZoomedIn(benchmark::State& state) {
    tl::gui::TimelineViewState view;
    view.follow = tl::gui::TimelineFollow::Free;
    view.span = 50e6;  // 50 ms of a run that lasts minutes
    view.left = double(fixture().timeline.end_time()) / 2;
    for (auto _ : state) frame(view);
    state.counters["rects"] = double(view.rects);
    state.counters["segments_seen"] = double(view.segments_seen);
    state.counters["vertices"] = double(ImGui::GetDrawData()->TotalVtxCount);
    state.counters["draw_checksum"] = tl::bench::draw_checksum();
}
BENCHMARK(BM_TimelineZoomedIn)->Unit(benchmark::kMillisecond);

// The live view folds new events into the reducers every frame; this is
// the cost of folding all 200,000 at once (the first frame after a jump).
void BM_FoldTimeline200k(benchmark::State& state) {
    for (auto _ : state) {
        tl::Timeline t;
        t.update(fixture().log);
        benchmark::DoNotOptimize(t.lanes().data());
    }
}
BENCHMARK(BM_FoldTimeline200k)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
