#include "gui/layout_sizes.hpp"

#include <algorithm>
#include <cmath>

namespace tl::gui {

float timeline_min_height(float font, size_t lanes, const LayoutInput& in) {
    // The title row with its buttons (1.9), the axis (1.4), the pane's
    // padding (1.0), and lanes of at least 1.5 text heights (timeline_view's
    // least); the scrubber's row (1.9, one row at the least, scrubber_view)
    // and the phases' strip (1.35, timeline_view) when there are.
    const float rows = (in.scrubber ? 1.9f : 0.0f) + (in.phases ? 1.35f : 0.0f);
    return font * (1.9f + 1.4f + 1.0f + rows + 1.5f * static_cast<float>(std::max<size_t>(lanes, 1)));
}

float code_min_height(float font, float mono, int lines, bool compact, bool tabbed) {
    // The header: the title (1.9) and the editor's buttons on a line of
    // their own unless compact (1.9); as a tab, the tabs (1.9) and no header
    // (editor_view shows it once the text is edited). Then padding and the
    // horizontal scrollbar (1.0), and the listing's rows (1.3 mono each).
    const float header = tabbed ? 1.9f : compact ? 1.9f : 3.8f;
    return font * (header + 1.0f) + mono * 1.3f * static_cast<float>(lines);
}

float question_scale_next(float scale, float used, float room, float font) {
    if (used <= 0 || room <= 0 || font <= 0) return scale;
    const float least = std::min(1.0f, 30.0f / font);
    if (used > room) return std::max(least, scale * std::sqrt(room / used) * 0.98f);
    // (Between 80% and 100% of the room it stays: no see-saw from frame to frame.)
    if (scale < 1.0f && used < room * 0.8f) return std::min(1.0f, scale * std::sqrt(room * 0.9f / used));
    return scale;
}

PaneSizes layout_sizes(const LayoutInput& in) {
    PaneSizes out;
    const float f = in.font;
    out.left_w = in.presenter ? 0 : std::clamp(in.width * 0.26f, f * 14, in.width * 0.4f);
    out.right_w = in.presenter ? in.width : in.width - out.left_w - in.gap;

    // Under it: the code beside the objects and the output, or tabs.
    out.tabbed = out.right_w < f * kTabbedBelowEm;
    const float code_share = in.futures ? 0.40f : in.checks_in_front ? 0.48f : 0.55f;
    out.code_w = out.right_w * code_share;
    out.side_w = out.right_w - out.code_w - in.gap;
    if (in.futures && out.side_w < in.futures_min_w) {
        // The board's headers whole: the code gives up width down to a third.
        out.code_w = std::max(out.right_w / 3, out.right_w - in.gap - in.futures_min_w);
        out.side_w = out.right_w - out.code_w - in.gap;
        if (out.side_w < in.futures_min_w) out.tabbed = true;
    }
    const bool compact = in.presenter || out.tabbed;

    // The timeline: room for every lane when there are many (up to 60% of
    // the height), so a lesson with a dozen threads needs no scrolling.
    const float h = in.height;
    // (Presenter mode folds the legend: less above the lanes.)
    // Each keeps its least: three lanes and four lines of code, or on a
    // window too short for that (300% on 1080 lines) two lanes and three
    // lines; there without the phases' strip, and then with the scrubber on
    // the title's line, if that is what it takes.
    out.min_lanes = std::clamp<size_t>(in.lanes, 1, 3);
    // A lesson's question before its first run: the class reads the question
    // and its answers (no thread is in the code yet), so the code keeps two.
    out.min_lines = in.asking ? 2 : 4;
    LayoutInput rows = in;  // the rows above and below the lanes that get room
    // Two runs compared: their lanes are what the class looks at; the
    // scrubber goes on the title's line.
    if (in.comparing) rows.scrubber = false;
    auto fits = [&] {
        return timeline_min_height(f, out.min_lanes, rows) +
                   code_min_height(f, in.mono, out.min_lines, compact, out.tabbed) + in.gap <= h;
    };
    if (!fits()) {
        out.min_lanes = std::clamp<size_t>(in.lanes, 1, 2);
        out.min_lines = std::min(out.min_lines, 3);
    }
    if (!fits()) rows.phases = false;
    if (!fits()) rows.scrubber = false;
    out.phase_strip = rows.phases;
    out.scrubber_in_title = in.scrubber && !rows.scrubber;
    const float extra = (rows.scrubber ? 1.9f : 0.0f) + (rows.phases ? 1.35f : 0.0f);
    const float wanted = f * ((in.presenter ? 4.6f : 6.2f) + extra + 1.75f * static_cast<float>(in.lanes));
    float timeline_h = std::clamp(wanted, h * (in.presenter ? 0.3f : 0.45f), h * 0.6f);
    // A lesson's question before its first run: room for it (the panes below are empty yet).
    if (in.asking) timeline_h = std::max(timeline_h, h * 0.75f);
    // Two runs compared: both sets of lanes are what the class looks at.
    if (in.comparing) timeline_h = std::max(timeline_h, h * (in.presenter ? 0.8f : 0.7f));
    const float timeline_min = timeline_min_height(f, out.min_lanes, rows);
    const float bottom_min = code_min_height(f, in.mono, out.min_lines, compact, out.tabbed);
    timeline_h = std::max(timeline_h, timeline_min);
    // (The question too: at 300% the code it asks about must still show.)
    timeline_h = std::min(timeline_h, std::max(timeline_min, h - bottom_min - in.gap));
    timeline_h = std::min(timeline_h, h);
    out.timeline_h = timeline_h;
    out.bottom_h = std::max(0.0f, h - timeline_h - in.gap);

    if (out.tabbed) {
        out.code_w = out.side_w = out.right_w;
        out.objects_h = out.bottom_h;
        return out;
    }
    // The checks in front (a finished run): they get most of the column; with
    // a projector's large text and little height, all of it.
    // Charts in front (a plot a class reads off) keep most of it whatever else.
    const bool checks_only = in.checks_in_front && !in.charts_in_front && out.bottom_h < f * 14;
    const float objects_share = in.charts_in_front   ? 0.75f
                                : in.checks_in_front ? 0.36f
                                : in.futures         ? 0.70f
                                : in.gil             ? 0.72f
                                                     : 0.62f;
    out.objects_h = checks_only ? 0 : out.bottom_h * objects_share;
    return out;
}

}  // namespace tl::gui
