// What the window remembers between frames that is not the run itself.
#pragma once
#include <optional>
#include <string>

#include "gui/editor_view.hpp"
#include "gui/timeline_view.hpp"

namespace tl::gui {

constexpr float kMinScale = 0.5f;  // the range `threadlab gui --scale` accepts
constexpr float kMaxScale = 4.0f;
constexpr float kBaseFontPx = 20.0f;  // body text at scale 1: readable on a projector at 1600x900

struct UiState {
    float scale = 1.0f;          // applied UI scale
    float wanted_scale = 1.0f;   // set by controls; fonts are rebuilt between frames
    TimelineViewState timeline;
    // The lesson text of the selection in the current language.
    std::string lesson_key;      // "id/lang" the text belongs to
    std::string lesson_text;
    size_t output_lines_seen = 0;  // to scroll the output pane when it grows
    // A Python run is often far shorter than the 2 s a young run is shown
    // over: once it has ended, the timeline fits it (once; the user's choice stands).
    bool fitted_finished_run = false;
    // The side pane's tabs when the run has futures: the board is brought to
    // the front once per run (when the first future appears); after that the
    // user's choice stands.
    bool futures_tab_shown = false;
    bool prefer_objects_tab = false;  // `gui --tab objects`: bring Objects instead
    // `gui --tab statistics`: the Statistics tab is brought (the board is
    // not brought over it) once in each tab bar that shows it, since the
    // panes may turn into tabs after the first frames; stats_tab_bar is the
    // bar it was last in front in.
    bool prefer_stats_tab = false;
    // `--tab pools`: the pool sweep's plot to the front once it is there (then done with).
    bool bring_pools_tab = false;
    // The side pane's tab in front last frame was a chart (the pool sweep or
    // the statistics): the layout gives it the height (layout_sizes).
    bool charts_in_front = false;
    unsigned stats_tab_bar = 0;
    std::string open_left_tab;        // `gui --tab parameters`: selected on the first frame, then cleared
    // The lesson list's own height last frame (its pane is at most a share of
    // the column, so the lesson's text under it is in view), and the lesson
    // it last scrolled to (a new one is scrolled into view once).
    float lesson_list_h = 0;
    std::string lesson_list_shown;
    EditorState editor;               // the code pane's editor and its Save dialog
    // The output pane's Checks tab is brought to the front once, when a
    // run's checks are ready; Output comes back when the next run starts.
    bool checks_tab_brought = false;
    bool checks_in_front = false;  // the Checks tab was the one shown last frame
    // Presenter mode: the left column (lesson list, text, parameters) folds
    // away and the toolbar condenses (F5, P or its button toggle it).
    bool presenter = false;
    // Set by the layout each frame (layout_sizes): on a window too short for
    // them, the scrubber sits on the timeline's title line and the phases'
    // strip is left out.
    bool scrubber_in_title = false;
    bool phase_strip = true;
    bool legend_pinned = false;   // the folded legend (presenter mode) pinned open
    // The question before a lesson's first run, drawn this much smaller than
    // the body text when that is what shows its answers whole (a long
    // question at a projector's 300%); never below 30 px text. Each frame
    // sets the next one's from the height the card took.
    float question_scale = 1.0f;
    // `gui --tab futures|objects` when the panes under the timeline are tabs:
    // that tab in front on the first frame (then the user's choice stands).
    std::string open_bottom_tab;
    std::string side_tab_asked;   // the bottom tabs: `--tab futures|objects` until that tab is there
    // `gui --scrub-to K`: once the first run has ended, the scrubber goes to
    // its K-th event (then cleared: the user's scrubbing stands).
    std::optional<size_t> scrub_to;
};

}  // namespace tl::gui
