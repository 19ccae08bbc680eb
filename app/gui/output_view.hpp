// The output pane: print() lines with the printing thread's name, and the
// excepthook texts of threads that died of an exception, in red.
#pragma once
#include "gui/trace_index.hpp"
#include "gui/ui_state.hpp"
#include "threadlab/reduce.hpp"

namespace tl::gui {

void draw_output(const World& world, const TraceIndex& index, UiState& ui);

}  // namespace tl::gui
