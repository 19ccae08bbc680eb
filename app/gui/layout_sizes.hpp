// How big each pane is, as a plain function of the window's size and the
// text size, so that what "lays out without clipping" means is tested
// without a window: at every scale from 100% to 300% on 1920x1080 and up to
// 200% on 1366x768 each pane keeps a usable minimum (the timeline some lanes,
// the code pane some lines, the futures board its four headers).
//
// Presenter mode drops the left column (lesson list and text). When the
// window is too narrow for the code beside the objects (a projector's large
// text: fewer than kTabbedBelowEm text heights across), the panes under the
// timeline become tabs of one full-width pane.
#pragma once
#include <cstddef>

namespace tl::gui {

struct LayoutInput {
    float width = 0, height = 0;  // the room under the toolbar, pixels
    float font = 20;              // body text height, pixels
    float mono = 20;              // the listing's text height, pixels
    float gap = 8;                // between panes
    size_t lanes = 0;             // threads on the timeline
    bool presenter = false;
    bool futures = false;         // the run has futures: the side pane shows the board
    float futures_min_w = 0;      // the board's width with its four headers whole
    bool checks_in_front = false; // a finished run's checks are what the class looks at
    bool charts_in_front = false; // the side pane shows charts (the pool sweep, the statistics): they need height
    bool asking = false;          // a lesson's question before its first run
    bool comparing = false;       // two runs' lanes share the timeline (compare_view.hpp)
    bool gil = false;             // the objects pane shows the GIL too (taller)
    bool scrubber = false;        // the timeline has the scrubber under it (a paused or finished run)
    bool phases = false;          // and the strip of the program's phases over its lanes
};

struct PaneSizes {
    float left_w = 0;       // 0: no left column (presenter mode)
    float right_w = 0;
    float timeline_h = 0;
    float bottom_h = 0;     // under the timeline
    bool tabbed = false;    // the panes under the timeline are tabs of one pane
    float code_w = 0;       // when not tabbed
    float side_w = 0;
    float objects_h = 0;    // 0: the objects give way (checks only)
    size_t min_lanes = 0;   // the lanes and code lines the sizes keep at least
    int min_lines = 0;
    // Where the least does not fit with them (a projector's 275% and more):
    // the phases' strip is left out, and the scrubber goes on the timeline's
    // title line instead of a row of its own.
    bool phase_strip = false;
    bool scrubber_in_title = false;
};

constexpr float kTabbedBelowEm = 40;  // narrower than this, in text heights: tabs

// The least a pane may have, pixels: the timeline's title, axis, the rows
// `in` adds (the scrubber, the phases) and `lanes` lanes; the code pane's
// title, buttons (on the title's line when `compact`), the tabs over it when
// `tabbed`, and `lines` lines.
float timeline_min_height(float font, size_t lanes, const LayoutInput& in = {});
float code_min_height(float font, float mono, int lines, bool compact, bool tabbed);

// The question card's text scale for the next frame (UiState::question_scale),
// given this frame's: the card took `used` px of the `room` it has, its body
// text `font` px at scale 1. Shrinks a card too tall for its room until its
// answers show, never below 30 px (the
// back row's least: 200%'s body text at 1080 lines), and grows back once there is room. The card's height
// goes with the square of its scale (the text, and the lines it wraps to).
float question_scale_next(float scale, float used, float room, float font);

PaneSizes layout_sizes(const LayoutInput& in);

}  // namespace tl::gui
