#include "gui/code_follow.hpp"

#include <algorithm>
#include <cmath>

namespace tl::gui {
namespace {

bool in_view(int line, float scroll, float row_h, float view_h) {
    const float y = row_h * static_cast<float>(line - 1);
    // Half a pixel of slack: a scroll set to a row's top must count it in.
    return y + 0.5f >= scroll && y + row_h <= scroll + view_h + 0.5f;
}

}  // namespace

int lines_in_view(const std::vector<int>& lines, float scroll, float row_h, float view_h) {
    return static_cast<int>(
        std::count_if(lines.begin(), lines.end(), [&](int l) { return in_view(l, scroll, row_h, view_h); }));
}

float follow_scroll(const FollowInput& in, FollowState& state) {
    std::vector<int> lines;
    for (int l : in.lines)
        if (l >= 1 && l <= in.line_count) lines.push_back(l);
    if (lines.empty() || in.row_h <= 0 || in.view_h <= 0) return in.scroll;
    const int rows = std::max(1, static_cast<int>(std::floor(in.view_h / in.row_h + 0.01f)));
    const int max_top = std::max(0, in.line_count - rows);  // in rows
    const float max_scroll = std::max(0.0f, in.row_h * static_cast<float>(in.line_count) - in.view_h);
    auto at_row = [&](int top) { return std::clamp(in.row_h * static_cast<float>(std::clamp(top, 0, max_top)), 0.0f, max_scroll); };

    const int shown = lines_in_view(lines, in.scroll, in.row_h, in.view_h);
    if (shown == static_cast<int>(lines.size())) return in.scroll;  // every thread is in view
    const bool calm = in.now_s - state.last_jump_s < FollowState::calm_s;
    if (calm && shown > 0) return in.scroll;
    auto jump = [&](float to) {
        if (to != in.scroll) state.last_jump_s = in.now_s;
        return to;
    };

    const auto [lo_it, hi_it] = std::minmax_element(lines.begin(), lines.end());
    const int lo = *lo_it, hi = *hi_it;
    if (hi - lo + 1 <= rows) {
        // All of them fit: the least move that shows them, a line of context if there is room.
        const int margin = std::min(1, (rows - (hi - lo + 1)) / 2);
        const float top_now = in.scroll / in.row_h;
        const int top = static_cast<float>(lo - 1) < top_now ? lo - 1 - margin : hi - rows + margin;
        return jump(at_row(top));
    }

    // They do not fit: the mover's line in view, with the most threads beside it.
    const int anchor = std::find(lines.begin(), lines.end(), in.mover_line) != lines.end() ? in.mover_line : lo;
    const bool anchor_shown = in_view(anchor, in.scroll, in.row_h, in.view_h);
    // Among the views with the most threads, the one with their lines in its
    // middle (context above and below them), then the nearest.
    int best = -1;
    float best_scroll = in.scroll, best_off = 0, best_dist = 0;
    for (int top = std::max(0, anchor - rows); top <= std::min(anchor - 1, max_top); ++top) {
        const float s = at_row(top);
        if (!in_view(anchor, s, in.row_h, in.view_h)) continue;
        const int n = lines_in_view(lines, s, in.row_h, in.view_h);
        int first = anchor, last = anchor;
        for (int l : lines)
            if (in_view(l, s, in.row_h, in.view_h)) first = std::min(first, l), last = std::max(last, l);
        const float off = std::fabs(static_cast<float>(first + last - 1) * 0.5f * in.row_h - (s + in.view_h * 0.5f));
        const float dist = std::fabs(s - in.scroll);
        const bool better = n > best || (n == best && (off < best_off - 0.5f || (off < best_off + 0.5f && dist < best_dist)));
        if (better) {
            best = n;
            best_scroll = s;
            best_off = off;
            best_dist = dist;
        }
    }
    if (anchor_shown && shown >= best) return in.scroll;  // already one of the best views
    return jump(best_scroll);
}

}  // namespace tl::gui
