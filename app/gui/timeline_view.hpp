// The live timeline: one swimlane per thread, coloured by state, with a tick
// per operation and a red mark where an acquire had to wait. Draws into the
// current ImGui window and needs no renderer, so a benchmark can time it
// with a headless ImGui context.
//
// Cost stays bounded by the pixels, not the events: lanes and segments off
// screen are skipped by binary search, segments narrower than a pixel are
// merged into one column painted with the most important state among them,
// and neighbouring columns of one colour into one rectangle.
//
// The GIL: a connector marks each hand-over (from the thread that let it go
// to the one that got it), a teal diamond each drop request; threads of other
// processes carry a "P1" tag in their label.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "gui/thread_labels.hpp"
#include "gui/trace_index.hpp"
#include "threadlab/reduce.hpp"

namespace tl::gui {

struct TimelineInput {
    const std::vector<Lane>* lanes = nullptr;
    const TraceIndex* index = nullptr;                    // names and op markers
    const std::vector<std::string>* python = nullptr;     // listing lines, for tooltips (may be null)
    Nanos end_time = 0;                                   // the live edge
    // Going back in time: the moment the other panes show, a vertical line
    // across the lanes (none when they follow the live end).
    std::optional<Nanos> cursor;
    bool phase_strip = true;  // the program's phases as a strip under the axis (lines through the lanes anyway)
    // The axis counts turns, not time (StepLog): lanes and index are the
    // re-timed log's, and labels and tooltips say "turn 12".
    bool steps = false;
    // The label column's width (0: sized to this run's thread names); two
    // runs compared share one, so their axes line up.
    float label_w = 0;
    // The axis's times above the lanes; two runs compared print them once,
    // above the first (the second keeps the grid, a row of lanes more).
    bool axis_labels = true;
    // The code pane's short labels ("W0"), drawn as a chip before each lane's
    // name (lane_label.hpp); null: a square of the state's colour.
    const ThreadLabels* labels = nullptr;
};

enum class TimelineFollow { Live, WholeRun, Free };

struct TimelineViewState {
    TimelineFollow follow = TimelineFollow::Live;
    double span = 10e9;    // visible scenario time, ns (Live: the most shown; a young run fills the width)
    double left = 0;       // left edge when follow == Free, ns
    // Filled by draw_timeline, for tests and the benchmark.
    size_t rects = 0;          // state rectangles emitted
    size_t segments_seen = 0;  // segments visited
    size_t markers = 0;        // markers emitted
    size_t handoffs = 0;       // GIL hand-over connectors emitted
};

void draw_timeline(const TimelineInput& in, TimelineViewState& view);
// The label column draw_timeline gives `in` in a pane `width` wide.
float timeline_label_width(const TimelineInput& in, float width);

// Seconds as the axis prints them: "0 s", "1.5 s", "250 ms".
std::string format_time(double ns, double step_ns);

}  // namespace tl::gui
