// The code pane: the scenario's Python listing with line numbers, and on each
// line a chip for every thread that is there now, in its state colour.
#pragma once
#include <string>
#include <vector>

#include "gui/trace_index.hpp"
#include "threadlab/reduce.hpp"

namespace tl::gui {

// `follow`: while the run goes, scroll so that the lines where threads are
// stay in view (unless the mouse is over the pane: the user is reading).
void draw_code(const std::vector<std::string>& lines, const World& world, const TraceIndex& index, bool follow);

}  // namespace tl::gui
