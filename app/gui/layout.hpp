// One frame of the window: where each pane goes. Everything is in a single
// full-window ImGui window, split into fixed proportions that suit a laptop
// and a projector alike (Dear ImGui 1.86 has no docking).
#pragma once
#include "gui/session.hpp"
#include "gui/ui_state.hpp"

namespace tl::gui {

void draw_frame(Session& session, UiState& ui);

}  // namespace tl::gui
