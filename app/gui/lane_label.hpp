// The name column of a timeline lane: the thread's short label from the code
// pane's gutter ("W0" for "ThreadPoolExecutor-0_0", thread_labels.hpp) as a
// chip in the colour of its current state, so that a lane and the thread's
// marker in the code are seen to be one thread; then a process tag ("P1")
// for a thread of another process, and the name, shortened in the middle
// when the column is too narrow (the chip still tells the lanes apart).
// A name that is its own label ("q1", "main" is not one: "M") gets a plain
// square of the state colour instead of the chip.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <string>

#include "gui/thread_labels.hpp"
#include "gui/trace_index.hpp"

namespace tl::gui {

// What the column needs for this thread's whole name (its chip or square,
// tag, name and, for a coroutine lane, its indent).
float lane_label_width(const TraceIndex& index, uint32_t tid, const ThreadLabels* labels);

// Draws it in the row's name column, `min` to `max`.
void draw_lane_label(ImDrawList* dl, const TraceIndex& index, uint32_t tid, ThreadState now,
                     const ThreadLabels* labels, ImVec2 min, ImVec2 max);

}  // namespace tl::gui
