// The code pane: the scenario's Python listing with line numbers, and on each
// line a chip for every thread that is there now, in its state colour.
#pragma once
#include <string>
#include <vector>

#include "gui/trace_index.hpp"
#include "threadlab/reduce.hpp"

namespace tl::gui {

void draw_code(const std::vector<std::string>& lines, const World& world, const TraceIndex& index);

}  // namespace tl::gui
