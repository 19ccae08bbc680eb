// Compare two runs (issue 9): the run kept with Compare above the current
// one, each with a line saying what it ran with, how long it took, how many
// threads and how its checks went, and both drawn on one time axis (the
// longer run sets it), so "1 producer + 1 consumer against 4 + 4" reads as
// two pictures side by side in time. Zooming or panning either moves both.
#pragma once
#include <imgui.h>

#include "gui/session.hpp"
#include "gui/timeline_view.hpp"

namespace tl::gui {

// "kept · 1.25 s, 3 threads · checks 3/3 passed · consumers=1 items=8".
std::string compare_line(const char* tag, const std::string& label, Nanos duration, size_t threads,
                         const CheckList& checks);

// Draws the kept run and `current` (the current run's timeline input) in
// `size`, sharing `view`.
void draw_compared_timelines(const Session& session, TimelineInput current, TimelineViewState& view, ImVec2 size);

}  // namespace tl::gui
