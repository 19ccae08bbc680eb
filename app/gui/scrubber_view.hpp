// The scrubber under the timeline (issue 9, "going back in time"): over a
// paused or finished run, a slider across its events and buttons for the
// first event, one back, one on and back to live, with a label saying which
// event the panes show ("event 12 of 340, t = 3.250 ms, Thread-1:
// lock.acquire()"). It only moves Session's view position; the panes read
// the prefix from Session (view_world() and the rest).
#pragma once
#include <imgui.h>

#include "gui/session.hpp"
#include "gui/ui_state.hpp"

namespace tl::gui {

// The height the scrubber takes at the bottom of a pane whose body has
// `avail` (ImGui::GetContentRegionAvail()): 0 when the run cannot be
// scrubbed (none, or running), else one row of frames, two when the label
// does not fit beside the slider and the lanes above keep room for two.
float scrubber_height(const Session& session, ImVec2 avail);
// Draws it at the cursor, shaped for the same `avail`. `on_this_line`: in
// one row where the cursor is (the timeline's title line, when the window
// has no row to spare: layout_sizes' scrubber_in_title).
void draw_scrubber(Session& session, ImVec2 avail, bool on_this_line = false);

// The keys (controls_view): Left one event back over a paused or finished
// run; Right one on while looking back, and when live the run's Step as
// ever (so at the scrubber's end Right steps a paused run on); Home the
// first event; End back to live.
enum class ScrubKey { Back, On, First, Live };
void press(Session& session, ScrubKey key);

// `gui --scrub-to K` (ui.scrub_to): once the run has ended, to its K-th
// event, then the request is done with.
void apply_scrub_request(Session& session, UiState& ui);
// Draws it at the cursor, across the window's width.
void draw_scrubber(Session& session);

}  // namespace tl::gui
