// Where the code pane scrolls while a run goes: a plain function of the
// lines threads are on, so its rules are tested without a window.
//
// The rules: when every thread's line fits in the pane, all of them are in
// view (moving as little as possible); when they do not fit, the line of the
// thread that moved last is in view, with as many other threads as fit
// beside it, their lines in the middle of the pane (context above and
// below), and the pane does not move while its view already is one of the
// best. A jump is followed by a short calm (`calm_s`), so two threads
// far apart that take turns do not shake the pane; it ends early when no
// thread at all is in view.
#pragma once
#include <cstdint>
#include <vector>

namespace tl::gui {

struct FollowInput {
    int line_count = 0;        // lines in the listing
    float row_h = 1;           // pixels a line takes
    float view_h = 0;          // pixels of the pane's body
    float scroll = 0;          // the pane's scroll now, pixels
    std::vector<int> lines;    // the line of each thread on one (1-based; repeats allowed)
    int mover_line = 0;        // the line of the thread that moved last (0: none)
    double now_s = 0;          // a clock in seconds, for the calm after a jump
};

struct FollowState {
    double last_jump_s = -1e9;
    static constexpr double calm_s = 0.6;
};

// The scroll to use this frame (`in.scroll` when it should not move).
float follow_scroll(const FollowInput& in, FollowState& state);

// How many of `lines` are wholly in view at `scroll`.
int lines_in_view(const std::vector<int>& lines, float scroll, float row_h, float view_h);

}  // namespace tl::gui
