// The panes' sizes at a projector's scales (issue 9: at 200% the timeline
// showed 1 to 4 lanes and the code pane 1 to 4 lines, at 300% no lane at
// all): every scale from 100% to 300% on 1920x1080 and from 100% to 200% on
// 1366x768 keeps the least of each pane, and the panes fit the window.
#include <catch2/catch.hpp>

#include <cstdio>

#include "gui/layout_sizes.hpp"
#include "gui/ui_state.hpp"

using namespace tl::gui;

namespace {

// The room under a one-line toolbar, as the window gives it: the toolbar's
// line (a frame: the text and 2x3 px of padding per scale), the separator
// and the window's padding (8 px per scale, both sides).
LayoutInput room(float w, float h, float scale, size_t lanes, bool presenter, bool futures) {
    LayoutInput in;
    in.font = kBaseFontPx * scale;
    in.mono = in.font * 0.95f;
    in.gap = 8 * scale;
    const float toolbar = in.font + 6 * scale + 4 * scale + 4 * scale;
    in.width = w - 16 * scale;
    in.height = h - 16 * scale - toolbar;
    in.lanes = lanes;
    in.presenter = presenter;
    in.futures = futures;
    // "CANCELLED" in bold and a two-digit count, four columns (about 7.5 text heights each).
    in.futures_min_w = futures ? in.font * 30 : 0;
    return in;
}

struct Screen {
    float w, h, max_scale;
};

}  // namespace

TEST_CASE("layout: presenter mode keeps lanes, lines and the board's headers at every scale") {
    for (const Screen s : {Screen{1920, 1080, 3.0f}, Screen{1366, 768, 2.0f}}) {
        for (float scale = 1.0f; scale <= s.max_scale + 0.01f; scale += 0.25f) {
            for (size_t lanes : {1u, 3u, 5u, 12u}) {
                for (int variant = 0; variant < 4; ++variant) {
                    const bool futures = variant & 1;
                    // A finished run has the scrubber under the lanes, and may have phases over them.
                    LayoutInput in = room(s.w, s.h, scale, lanes, true, futures);
                    in.scrubber = in.phases = variant & 2;
                    const PaneSizes p = layout_sizes(in);
                    char what[120];
                    std::snprintf(what, sizeof what, "%.0fx%.0f at %.0f%%, %zu lanes%s%s", s.w, s.h, scale * 100, lanes,
                                  futures ? ", futures" : "", in.scrubber ? ", scrubber and phases" : "");
                    INFO(what);
                    CHECK(p.left_w == 0);
                    CHECK(p.right_w == in.width);
                    // At least two lanes (three where there is room), at least three lines of code.
                    CHECK(p.min_lanes >= std::min<size_t>(lanes, 2));
                    CHECK(p.min_lines >= 3);
                    LayoutInput rows = in;  // what got a row of its own
                    rows.phases = p.phase_strip;
                    rows.scrubber = in.scrubber && !p.scrubber_in_title;
                    CHECK(p.timeline_h >= timeline_min_height(in.font, p.min_lanes, rows) - 0.5f);
                    // Up to 200% on the big screen the scrubber and the phases have rows of their own.
                    if (s.w == 1920 && scale <= 2.0f && in.scrubber) CHECK((p.phase_strip && !p.scrubber_in_title));
                    const bool compact = true;
                    CHECK(p.bottom_h >= code_min_height(in.font, in.mono, p.min_lines, compact, p.tabbed) - 0.5f);
                    CHECK(p.timeline_h + in.gap + p.bottom_h <= in.height + 0.5f);
                    // Up to 200% on the big screen: three lanes, four lines.
                    if (s.w == 1920 && scale <= 2.0f) {
                        CHECK(p.min_lanes == std::min<size_t>(lanes, 3));
                        CHECK(p.min_lines == 4);
                    }
                    // The futures board whole beside the code, or as a tab of the full width.
                    if (futures) CHECK((p.tabbed ? p.right_w : p.side_w) >= in.futures_min_w);
                    if (!p.tabbed) CHECK(p.code_w + in.gap + p.side_w <= p.right_w + 0.5f);
                }
            }
        }
    }
}

TEST_CASE("layout: at 100% the code sits beside the objects, at 300% they are tabs") {
    const PaneSizes at1 = layout_sizes(room(1920, 1080, 1.0f, 4, true, false));
    CHECK_FALSE(at1.tabbed);
    CHECK(at1.code_w > 1920 * 0.4f);
    CHECK(at1.objects_h > 0);
    const PaneSizes at3 = layout_sizes(room(1920, 1080, 3.0f, 4, true, false));
    CHECK(at3.tabbed);
    CHECK(at3.code_w == at3.right_w);
}

TEST_CASE("layout: outside presenter mode the lesson column stays, and the question gets room") {
    LayoutInput in = room(1600, 900, 1.0f, 4, false, false);
    PaneSizes p = layout_sizes(in);
    CHECK(p.left_w >= in.font * 14);
    CHECK(p.right_w == in.width - p.left_w - in.gap);
    in.asking = true;
    p = layout_sizes(in);
    CHECK(p.timeline_h >= in.height * 0.75f - 0.5f);
    // At 300% the question leaves the code pane its least.
    LayoutInput big = room(1920, 1080, 3.0f, 0, true, false);
    big.asking = true;
    p = layout_sizes(big);
    CHECK(p.bottom_h >= code_min_height(big.font, big.mono, p.min_lines, true, p.tabbed) - 0.5f);
}

TEST_CASE("layout: many lanes get more of the height, never the code pane's least") {
    const LayoutInput few = room(1920, 1080, 1.0f, 2, true, false);
    const LayoutInput many = room(1920, 1080, 1.0f, 20, true, false);
    const PaneSizes a = layout_sizes(few), b = layout_sizes(many);
    CHECK(b.timeline_h > a.timeline_h);
    CHECK(b.bottom_h >= code_min_height(many.font, many.mono, b.min_lines, true, b.tabbed) - 0.5f);
}

TEST_CASE("layout: a chart in front (the pool sweep, the statistics) keeps the side pane's height, checks or not") {
    for (float scale : {1.0f, 2.0f}) {
        INFO(scale);
        LayoutInput in = room(1920, 1080, scale, 6, false, false);
        in.checks_in_front = true;
        const PaneSizes checks = layout_sizes(in);
        in.charts_in_front = true;
        const PaneSizes charts = layout_sizes(in);
        if (charts.tabbed) continue;  // one pane of tabs: each tab has all of it
        CHECK(charts.objects_h > 0);
        CHECK(charts.objects_h > 1.5f * checks.objects_h);
        CHECK(charts.objects_h < charts.bottom_h);  // the checks keep a strip under it
    }
}

TEST_CASE("layout: two runs compared get most of the height for their lanes, never the code pane's least") {
    for (float scale : {1.0f, 2.0f, 3.0f}) {
        INFO(scale);
        LayoutInput in = room(1920, 1080, scale, 12, true, false);
        const PaneSizes alone = layout_sizes(in);
        in.comparing = true;
        const PaneSizes both = layout_sizes(in);
        CHECK(both.timeline_h >= alone.timeline_h);
        CHECK(both.timeline_h + both.bottom_h <= in.height + 1);
        CHECK(both.bottom_h >= code_min_height(in.font, in.mono, both.min_lines, true, both.tabbed) - 1);
    }
}

TEST_CASE("layout: a question too tall for its room shrinks until it fits, down to 30 px, and grows back") {
    const float font = kBaseFontPx * 3;  // 300%
    // Too tall by half: smaller, and the height (the square of the scale) within the room.
    float s = question_scale_next(1.0f, 900, 600, font);
    CHECK(s < 1.0f);
    CHECK(900 * s * s <= 600);
    // Far too tall: never below 30 px.
    CHECK(question_scale_next(1.0f, 5000, 600, font) * font == Approx(30.0f));
    // At 200% the least is 30 px; at 100% the card is never shrunk (a scrollbar there).
    CHECK(question_scale_next(1.0f, 5000, 600, kBaseFontPx * 2) * kBaseFontPx * 2 == Approx(30.0f));
    CHECK(question_scale_next(1.0f, 5000, 600, kBaseFontPx) == 1.0f);
    // Fitting: it stays; with room to spare, back towards full size.
    CHECK(question_scale_next(0.8f, 550, 600, font) == 0.8f);
    const float grown = question_scale_next(0.8f, 300, 600, font);
    CHECK(grown > 0.8f);
    CHECK(grown <= 1.0f);
    // Repeated frames settle: a card whose height goes with the square of its scale ends inside its room.
    s = 1.0f;
    for (int frame = 0; frame < 6; ++frame) s = question_scale_next(s, 1000 * s * s, 700, font);
    CHECK(1000 * s * s <= 700);
    CHECK(1000 * s * s >= 700 * 0.8f);
}
