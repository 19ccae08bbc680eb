// A lane's name column (lane_label.hpp): the code pane's short label as a
// chip before the name, so a gutter marker "W0" and its lane are seen to be
// one thread; the square of old for a name that is its own label.
#include <catch2/catch.hpp>
#include <imgui.h>

#include <string>

#include "gui/lane_label.hpp"
#include "gui/trace_index.hpp"
#include "headless.hpp"
#include "log_builder.hpp"

using namespace tl;
using namespace tl::gui;
using tl::gui::testing::LogBuilder;

namespace {

// How many vertices draw_lane_label adds (ImGui keeps no strings: the
// chip's text shows as a quad per glyph on top of the chip's own shapes).
int vertices_of(const TraceIndex& index, uint32_t tid, const ThreadLabels* labels) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const int before = dl->VtxBuffer.Size;
    draw_lane_label(dl, index, tid, ThreadState::Running, labels, ImVec2(0, 0), ImVec2(1000, 30));
    return dl->VtxBuffer.Size - before;
}

}  // namespace

TEST_CASE("lane label: a pool worker's lane carries its gutter label W0 as a chip; a short name keeps the square") {
    LogBuilder b;
    b.thread("MainThread");
    const uint32_t w0 = b.thread("ThreadPoolExecutor-0_0");
    const uint32_t q1 = b.thread("q1");  // a name that is its own label
    TraceIndex index;
    index.update(b.log);
    ThreadLabels labels;
    labels.update({"MainThread", "ThreadPoolExecutor-0_0", "q1"});
    REQUIRE(labels.label(w0) == "W0");

    float with = 0, without = 0, short_with = 0, short_without = 0;
    int drawn_with = 0, drawn_without = 0, short_drawn_with = 0, short_drawn_without = 0;
    tl::gui::testing::Headless h;
    h.frame([&] {
        with = lane_label_width(index, w0, &labels);
        without = lane_label_width(index, w0, nullptr);
        short_with = lane_label_width(index, q1, &labels);
        short_without = lane_label_width(index, q1, nullptr);
        drawn_with = vertices_of(index, w0, &labels);
        drawn_without = vertices_of(index, w0, nullptr);
        short_drawn_with = vertices_of(index, q1, &labels);
        short_drawn_without = vertices_of(index, q1, nullptr);
    });
    // The chip is wider than the square by about the label's text.
    CHECK(with > without);
    CHECK(short_with == short_without);
    // Drawn: the chip (its fill, outline and the text "W0") is more than a square.
    CHECK(drawn_with > drawn_without + 2 * 4);
    CHECK(short_drawn_with == short_drawn_without);
}
