// The controls: the toolbar (run / pause / step / reset, speed, mode, seed,
// language, text size), the lesson browser, the parameter sliders, and the
// keyboard shortcuts a teacher uses in front of a class.
#pragma once
#include <string>
#include <vector>

#include "gui/session.hpp"
#include "gui/ui_state.hpp"

namespace tl::gui {

void draw_toolbar(Session& session, UiState& ui);
// The toolbar keeps only what a class must see (run, step, reset, seed,
// status, t =; the rest in a "More" menu) when the window is narrower than
// this many text heights (the whole toolbar would need 3 lines), or in
// presenter mode narrower than the whole toolbar's one line.
constexpr float kFullToolbarEm = 64;
constexpr float kFullToolbarOneLineEm = 86;
bool toolbar_condensed(const UiState& ui, float width_px, float font_px);
// With the manual policy: "Who runs next?" and a button per thread the
// scheduler may hand control to (keys 1-9 pick them in order).
void draw_choices(Session& session);
// The lessons of tl::all_lessons(), and under them the folders that could
// not be loaded, one line each.
void draw_lesson_browser(Session& session, UiState& ui);
// The load errors of lesson folders ("lessons/x/lesson.json: ..."), in red; nothing when none.
void draw_lesson_errors(const std::vector<std::string>& errors);
// The Python file given to `threadlab gui FILE.py`, as an entry above the
// lessons: selected while it is what the window runs.
void draw_program_entry(Session& session, UiState& ui);
void draw_params(Session& session);
// Space run/pause, Right step, R reset, +/- text size, F follow the live edge,
// F5 or P presenter mode, T the timeline by turn or by time (deterministic),
// 1-9 pick who runs next (manual policy).
void handle_shortcuts(Session& session, UiState& ui);

}  // namespace tl::gui
