#include "gui/timeline_view.hpp"

#include "gui/step_log.hpp"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <iterator>

#include "gui/colors.hpp"
#include "gui/lane_label.hpp"
#include "gui/lane_marks.hpp"
#include "gui/lane_order.hpp"
#include "gui/mark_shapes.hpp"
#include "gui/widgets.hpp"
#include "gui/fonts.hpp"
#include "gui/i18n.hpp"

namespace tl::gui {
namespace {

constexpr double kMinSpan = 1e5;   // 0.1 ms
constexpr double kMaxSpan = 1e13;  // hours

// Where things go inside one lane, as fractions of its height.
constexpr float kTickTop = 0.06f, kTickBottom = 0.30f;
constexpr float kBarTop = 0.32f, kBarBottom = 0.94f;

struct Mapping {
    double left = 0;     // ns at x0
    double ns_per_px = 1;
    float x0 = 0, x1 = 0;
    float x(double t) const { return x0 + static_cast<float>((t - left) / ns_per_px); }
    double t(float px) const { return left + (px - x0) * ns_per_px; }
};

Nanos segment_end(const std::vector<Segment>& segs, size_t i, Nanos end_time) {
    return i + 1 < segs.size() ? segs[i + 1].start : std::max(segs[i].end, end_time);
}

// Rectangles are built in two stages. A pixel column collects every segment
// narrower than a pixel that falls into it and keeps the most important
// state among them; finished columns and wide segments then join the open
// run when they have its colour and touch it, so a zoomed-out lane that is
// mostly one colour costs one rectangle, not one per pixel column.
struct Span {
    bool open = false;
    float x0 = 0, x1 = 0;
    Look state = Look::New;
};

class LanePainter {
public:
    LanePainter(ImDrawList* dl, float bar_y0, float bar_y1, size_t& count)
        : dl_(dl), y0_(bar_y0), y1_(bar_y1), count_(count) {}

    void add(float x0, float x1, Look state) {
        if (col_.open && x1 - col_.x0 < 1.0f) {  // still inside the open pixel column
            col_.x1 = std::max(col_.x1, x1);
            if (look_priority(state) > look_priority(col_.state)) col_.state = state;
            return;
        }
        close_column();
        x0 = std::max(x0, covered_);  // what is painted already stays
        if (x1 < x0) x1 = x0;
        if (x1 - x0 < 1.0f) col_ = Span{true, x0, x1, state};
        else join(Span{true, x0, x1, state});
    }

    void finish() {
        close_column();
        if (run_.open) emit(run_);
        run_.open = false;
    }

private:
    void close_column() {
        if (!col_.open) return;
        col_.x1 = std::max(col_.x1, col_.x0 + 1.0f);
        join(col_);
        col_.open = false;
    }
    void join(const Span& s) {
        covered_ = std::max(covered_, s.x1);
        if (run_.open && run_.state == s.state && s.x0 <= run_.x1 + 0.5f) {
            run_.x1 = std::max(run_.x1, s.x1);
            return;
        }
        if (run_.open) emit(run_);
        run_ = s;
    }
    void emit(const Span& r) {
        const float x1 = std::max(r.x1, r.x0 + 1.0f);
        const float mid = (y0_ + y1_) * 0.5f, h = (y1_ - y0_) * 0.5f * look_height(r.state);
        const ImVec2 a(r.x0, mid - h), b(x1, mid + h);
        dl_->AddRectFilled(a, b, look_color(r.state));
        if (r.state == Look::Killed) {
            // Killed, not done: its thin bar is dashed.
            const float dash = (y1_ - y0_) * 0.5f;
            for (float x = r.x0 + dash * 0.5f; x < x1; x += dash * 2)
                dl_->AddRectFilled(ImVec2(x, a.y), ImVec2(std::min(x + dash, x1), b.y), IM_COL32(255, 255, 255, 255));
        }
        if (look_striped(r.state) && x1 - r.x0 >= 6.0f) {
            // Diagonal light stripes: blocked reads as blocked without its red.
            const float step = std::max(6.0f, (y1_ - y0_) * 0.45f), hh = b.y - a.y;
            dl_->PushClipRect(a, b, true);
            for (float x = r.x0 - hh; x < x1; x += step)
                dl_->AddLine(ImVec2(x, b.y), ImVec2(x + hh, a.y), IM_COL32(255, 255, 255, 110), 2.0f);
            dl_->PopClipRect();
        }
        ++count_;
    }

    ImDrawList* dl_;
    float y0_, y1_;
    size_t& count_;
    Span col_, run_;
    float covered_ = -1e30f;
};

Look look_at(const TraceIndex& index, const Segment& s) {
    if (s.object == kNone) return look_of(s.state);
    return segment_look(s.state, index.object_kind(s.object), index.idle_wait(s.object));
}

void draw_segments(ImDrawList* dl, const TraceIndex& index, const Lane& lane, Nanos end_time, const Mapping& m,
                   float bar_y0, float bar_y1, TimelineViewState& view) {
    const auto& segs = lane.segments;
    if (segs.empty()) return;
    const double t_right = m.t(m.x1);
    // First segment that may reach into the view: the last one starting at or before the left edge.
    auto it = std::upper_bound(segs.begin(), segs.end(), m.left,
                               [](double t, const Segment& s) { return t < static_cast<double>(s.start); });
    size_t i = it == segs.begin() ? 0 : static_cast<size_t>(it - segs.begin()) - 1;

    LanePainter paint(dl, bar_y0, bar_y1, view.rects);
    for (; i < segs.size(); ++i) {
        const Segment& s = segs[i];
        if (static_cast<double>(s.start) > t_right) break;
        ++view.segments_seen;
        const float x0 = std::max(m.x(static_cast<double>(s.start)), m.x0);
        const float x1 = std::min(m.x(static_cast<double>(segment_end(segs, i, end_time))), m.x1);
        paint.add(x0, std::max(x0, x1), look_at(index, s));
    }
    paint.finish();
}

// GIL marks closer than this (pixels) are thinned out: zoomed out, a stretch
// of switching every few milliseconds reads as a ladder, not a black block.
constexpr float kGilMarkSpacing = 10.0f;

bool is_gil_op(const TraceIndex& index, const OpMarker& k) {
    return k.object != kNone && index.object_kind(k.object) == ObjKind::Gil;
}

void draw_drop_request(ImDrawList* dl, float x, float y, float r) {
    const ImVec2 pts[4] = {ImVec2(x, y - r), ImVec2(x + r, y), ImVec2(x, y + r), ImVec2(x - r, y)};
    dl->AddConvexPolyFilled(pts, 4, palette::kDropRequest);
}

void draw_markers(ImDrawList* dl, const TraceIndex& index, const std::vector<OpMarker>& marks, const Mapping& m,
                  float y0, float lane_h, TimelineViewState& view) {
    if (marks.empty()) return;
    auto it = std::lower_bound(marks.begin(), marks.end(), m.left,
                               [](const OpMarker& k, double t) { return static_cast<double>(k.t) < t; });
    const double t_right = m.t(m.x1);
    const float ty0 = y0 + lane_h * kTickTop, ty1 = y0 + lane_h * kTickBottom;
    const float half = std::max(4.0f, lane_h * 0.2f);
    float last_x = -1e9f, last_key_x = -1e9f, last_drop_x = -1e9f;
    // Not a GIL drop request nor a key moment: closer than 3 px to the last
    // mark drawn, it shows nothing, whatever its object.
    auto plain_tick = [](const OpMarker& k) { return k.op != Op::DropRequest && mark_of(k) == LaneMark::Tick; };
    for (; it != marks.end() && static_cast<double>(it->t) <= t_right; ++it) {
        const float x = m.x(static_cast<double>(it->t));
        if (plain_tick(*it) && x - last_x < 3.0f) {
            // A dense stretch (a million lock operations, zoomed out): its
            // end by binary search (x grows with t), and in it only the
            // first marker that is not a plain tick is looked at as below.
            // The same marks as visiting each one, at a fraction of the cost.
            const auto stop = std::partition_point(it, marks.end(), [&](const OpMarker& k) {
                return static_cast<double>(k.t) <= t_right && m.x(static_cast<double>(k.t)) - last_x < 3.0f;
            });
            it = std::prev(std::find_if_not(std::next(it), stop, plain_tick));
            continue;
        }
        if (is_gil_op(index, *it)) {
            // Taking and dropping the GIL shows as the running bar itself and
            // hand-overs as connectors; only the drop requests get a mark,
            // spaced so that a dense stretch reads as a row of them.
            if (it->op != Op::DropRequest || x - last_drop_x < kGilMarkSpacing) continue;
            draw_drop_request(dl, x, (ty0 + ty1) * 0.5f, std::max(3.5f, lane_h * 0.13f));
            last_drop_x = x;
            ++view.markers;
            continue;
        }
        const LaneMark mark = mark_of(*it);
        if (mark == LaneMark::Tick) {
            // The wait mark at the same moment says more than the tick.
            if (it->waited || x - last_x < 3.0f) continue;
        } else if (x - last_key_x < 2 * half) {
            continue;  // key moments that would overlap: the first one stands
        }
        // A barrier breaking is drawn through the bar too: its waiters' own
        // wait marks sit in the band above at the same moment. So is main's
        // end: a flag on a pole as tall as the lane, readable from the back.
        const bool through = mark == LaneMark::BarrierBroken || mark == LaneMark::MainReturned;
        draw_lane_mark(dl, mark, x, ty0, through ? y0 + lane_h * kBarBottom : ty1);
        last_x = x;
        if (mark != LaneMark::Tick) last_key_x = x;
        if (mark == LaneMark::BarrierTripped)  // the moment, through the bar too
            dl->AddRectFilled(ImVec2(x - 1.0f, ty1), ImVec2(x + 1.0f, y0 + lane_h * kBarBottom), palette::kBarrierTrip);
        ++view.markers;
    }
}

// "Had to wait": a red arrow pointing at the bar where each wait ended, for
// every kind of wait (an idle pool worker's is not one: it has its own look).
void draw_waits(ImDrawList* dl, const TraceIndex& index, const std::vector<WaitSpan>& waits, const Mapping& m,
                float y0, float lane_h, TimelineViewState& view) {
    if (waits.empty()) return;
    auto it = std::lower_bound(waits.begin(), waits.end(), m.left,
                               [](const WaitSpan& w, double t) { return static_cast<double>(w.end) < t; });
    const double t_right = m.t(m.x1);
    const float half = std::max(4.0f, lane_h * 0.2f);
    const float tip = y0 + lane_h * (kBarTop + 0.12f);
    float last_x = -1e9f;
    for (; it != waits.end() && static_cast<double>(it->end) <= t_right; ++it) {
        if (!index.wait_marked(*it)) continue;
        const float x = m.x(static_cast<double>(it->end));
        if (x - last_x < 2 * half) continue;  // arrows that would overlap are left out
        draw_wait_mark(dl, x, y0 + 1, tip, half);
        last_x = x;
        ++view.markers;
    }
}

// GIL hand-overs: a connector from the thread that let the GIL go to the one
// that got it, at the moment it changed hands.
void draw_handoffs(ImDrawList* dl, const TraceIndex& index, const std::vector<Lane>& lanes,
                   const std::vector<size_t>& row_of, const Mapping& m, float lanes_top, float lane_h,
                   TimelineViewState& view) {
    const auto& hs = index.gil_handoffs();
    if (hs.empty()) return;
    auto it = std::lower_bound(hs.begin(), hs.end(), m.left,
                               [](const GilHandoff& h, double t) { return static_cast<double>(h.t) < t; });
    const double t_right = m.t(m.x1);
    const float head = std::max(4.0f, lane_h * 0.16f);
    float last_x = -1e9f;
    auto bar_mid = [&](uint32_t tid) {
        return lanes_top + lane_h * (static_cast<float>(row_of[tid]) + (kBarTop + kBarBottom) * 0.5f);
    };
    for (; it != hs.end() && static_cast<double>(it->t) <= t_right; ++it) {
        if (it->from >= lanes.size() || it->to >= lanes.size() || it->from == it->to) continue;
        const float x = m.x(static_cast<double>(it->t));
        if (x - last_x < kGilMarkSpacing) continue;
        last_x = x;
        const float ya = bar_mid(it->from), yb = bar_mid(it->to);
        const float dir = yb > ya ? 1.0f : -1.0f;
        dl->AddRectFilled(ImVec2(x - 2.5f, std::min(ya, yb) - 1), ImVec2(x + 2.5f, std::max(ya, yb) + 1),
                          IM_COL32(255, 255, 255, 200));
        dl->AddRectFilled(ImVec2(x - 1.2f, std::min(ya, yb)), ImVec2(x + 1.2f, std::max(ya, yb)), palette::kHandoff);
        dl->AddCircleFilled(ImVec2(x, ya), head * 0.55f, palette::kHandoff, 8);
        dl->AddTriangleFilled(ImVec2(x - head, yb - dir * head * 1.6f), ImVec2(x + head, yb - dir * head * 1.6f),
                              ImVec2(x, yb), palette::kHandoff);
        ++view.handoffs;
    }
}

// How the thread ended, at its end: a grey end bar when done, a cross when
// killed (black) or failed (magenta), seen even when it came at the very
// last moment of the run.
void draw_end_mark(ImDrawList* dl, const Lane& lane, const Mapping& m, float bar_y0, float bar_y1) {
    if (lane.segments.empty()) return;
    const Segment& last = lane.segments.back();
    if (!is_final(last.state)) return;
    const float x = m.x(static_cast<double>(last.start));
    if (x < m.x0 - 20 || x > m.x1 + 20) return;
    draw_end_shape(dl, last.state, x, bar_y0, bar_y1);
}

double nice_step(double min_ns) {
    double p = std::pow(10.0, std::floor(std::log10(std::max(min_ns, 1.0))));
    for (double k : {1.0, 2.0, 5.0, 10.0})
        if (k * p >= min_ns) return k * p;
    return 10 * p;
}

// A moment as the tooltips give it: a time, or on the steps axis a turn.
std::string when(const TimelineInput& in, double ns) {
    return in.steps ? std::string(tr(S::TurnWord)) + " " + format_turn(ns) : format_time(ns, 1e6);
}

// A span as the tooltips give it: a time, or on the steps axis how many turns.
std::string how_long(const TimelineInput& in, double ns) {
    return in.steps ? format_turn(ns) + " " + tr(S::TurnsWord) : format_time(ns, 1e6);
}

void draw_axis(ImDrawList* dl, const Mapping& m, float y0, float y1, float grid_bottom, bool steps, bool labels) {
    const float font = ImGui::GetFontSize();
    // On the steps axis a tick is a whole number of turns, one at the least.
    const double step = nice_step(std::max(font * 5.0 * m.ns_per_px, steps ? double(StepLog::kStep) : 0.0));
    double t = std::ceil(m.left / step) * step;
    float last_right = -FLT_MAX;  // where the previous label ends
    for (; m.x(t) <= m.x1; t += step) {
        float x = m.x(t);
        dl->AddLine(ImVec2(x, y1 - font * 0.3f), ImVec2(x, grid_bottom), palette::kGrid, 1.0f);
        if (!labels) continue;
        std::string label = steps ? format_turn(t) : format_time(t, step);
        // Right of its tick; the last one, where that would run past the
        // lanes' end, left of it, or left out if it would then overlap the one before.
        const float w = ImGui::CalcTextSize(label.c_str()).x;
        const float lx = x + 3 + w > m.x1 ? x - 3 - w : x + 3;
        if (lx < last_right + font * 0.5f) continue;
        dl->AddText(ImVec2(lx, y0), palette::kTextDim, label.c_str());
        last_right = lx + w;
    }
    dl->AddLine(ImVec2(m.x0, y1), ImVec2(m.x1, y1), palette::kGrid, 1.0f);
}

std::string python_line(const TimelineInput& in, uint16_t line) {
    if (!in.python || line == 0 || line > in.python->size()) return {};
    std::string text = (*in.python)[line - 1];
    size_t first = text.find_first_not_of(' ');
    return first == std::string::npos ? std::string() : text.substr(first);
}

void line_tooltip(const TimelineInput& in, uint16_t line) {
    if (line == 0) return;
    std::string code = python_line(in, line);
    ImGui::TextColored(ImVec4(0.35f, 0.36f, 0.42f, 1), "%s %u:", tr(S::Line), line);
    ImGui::SameLine();
    ImGui::PushFont(fonts().mono);
    ImGui::TextUnformatted(code.c_str());
    ImGui::PopFont();
}

void segment_tooltip(const TimelineInput& in, const Lane& lane, double t) {
    const auto& segs = lane.segments;
    auto it = std::upper_bound(segs.begin(), segs.end(), t,
                               [](double v, const Segment& s) { return v < static_cast<double>(s.start); });
    if (it == segs.begin()) return;
    size_t i = static_cast<size_t>(it - segs.begin()) - 1;
    const Segment& s = segs[i];
    Nanos end = segment_end(segs, i, in.end_time);
    if (t > static_cast<double>(end)) return;
    ImGui::BeginTooltip();
    ImGui::PushFont(fonts().bold);
    ImGui::Text("%s: %s", in.index->thread_name(lane.tid).c_str(), state_name(s.state));
    ImGui::PopFont();
    ImGui::TextColored(ImVec4(0.35f, 0.36f, 0.42f, 1), "%s", state_help(s.state));
    if (s.object != kNone) ImGui::Text("%s: %s", tr(S::Object), in.index->object_name(s.object).c_str());
    line_tooltip(in, s.line);
    const double span = static_cast<double>(end - s.start);
    ImGui::Text("%s - %s  (%s)", when(in, static_cast<double>(s.start)).c_str(),
                when(in, static_cast<double>(end)).c_str(), how_long(in, span).c_str());
    ImGui::EndTooltip();
}

// Which mark it is, in words, for a tooltip's second line ("" for a tick).
const char* mark_words(LaneMark mark) {
    switch (mark) {
    case LaneMark::ReturnedFalse: return tr(S::MarkOpFailed);
    case LaneMark::Raised: return tr(S::MarkRaised);
    case LaneMark::Uncaught: return tr(S::MarkFailed);
    case LaneMark::BarrierTripped: return tr(S::MarkBarrierTripped);
    case LaneMark::BarrierBroken: return tr(S::MarkBarrierBroken);
    case LaneMark::MainReturned: return tr(S::MarkMainReturnedHelp);
    case LaneMark::Tick: break;
    }
    return "";
}

void marker_tooltip(const TimelineInput& in, uint32_t tid, const OpMarker& k) {
    ImGui::BeginTooltip();
    ImGui::PushFont(fonts().bold);
    ImGui::Text("%s: %s", in.index->thread_name(tid).c_str(), in.index->describe(k).c_str());
    ImGui::PopFont();
    if (const char* words = mark_words(mark_of(k)); *words)
        ImGui::TextColored(ImVec4(0.55f, 0.0f, 0.40f, 1), "%s", words);
    if (k.waited) ImGui::TextColored(ImVec4(0.82f, 0.08f, 0.12f, 1), "%s", tr(S::WaitedHere));
    line_tooltip(in, k.line);
    ImGui::Text("%s%s", in.steps ? "" : "t = ", when(in, static_cast<double>(k.t)).c_str());
    ImGui::EndTooltip();
}

void wait_tooltip(const TimelineInput& in, uint32_t tid, const WaitSpan& w) {
    ImGui::BeginTooltip();
    ImGui::PushFont(fonts().bold);
    ImGui::Text("%s: %s", in.index->thread_name(tid).c_str(), tr(S::WaitedHere));
    ImGui::PopFont();
    ImGui::Text("%s %s  (%s, %s)", state_name(w.state), in.index->object_name(w.object).c_str(),
                how_long(in, static_cast<double>(w.end - w.start)).c_str(),
                when(in, static_cast<double>(w.start)).c_str());
    line_tooltip(in, w.line);
    ImGui::Text("%s%s", in.steps ? "" : "t = ", when(in, static_cast<double>(w.end)).c_str());
    ImGui::EndTooltip();
}

// The wait of `waits` ending nearest to x within `radius` pixels, or null.
const WaitSpan* wait_near(const TraceIndex& index, const std::vector<WaitSpan>& waits, const Mapping& m, float x,
                          float radius) {
    auto it = std::lower_bound(waits.begin(), waits.end(), m.t(x - radius),
                               [](const WaitSpan& w, double t) { return static_cast<double>(w.end) < t; });
    const WaitSpan* best = nullptr;
    float best_d = radius + 1;
    for (; it != waits.end() && static_cast<double>(it->end) <= m.t(x + radius); ++it) {
        if (!index.wait_marked(*it)) continue;
        const float d = std::fabs(m.x(static_cast<double>(it->end)) - x);
        if (d < best_d) best_d = d, best = &*it;
    }
    return best;
}

// The marker of `marks` nearest to x within `radius` pixels, or null.
const OpMarker* marker_near(const std::vector<OpMarker>& marks, const Mapping& m, float x, float radius) {
    double t0 = m.t(x - radius), t1 = m.t(x + radius);
    auto it = std::lower_bound(marks.begin(), marks.end(), t0,
                               [](const OpMarker& k, double t) { return static_cast<double>(k.t) < t; });
    const OpMarker* best = nullptr;
    float best_d = radius + 1;
    for (; it != marks.end() && static_cast<double>(it->t) <= t1; ++it) {
        float d = std::fabs(m.x(static_cast<double>(it->t)) - x);
        if (d < best_d || (d == best_d && it->waited)) {
            best_d = d;
            best = &*it;
        }
    }
    return best;
}

// The lane's state at time t: that of the last segment begun by then (new before its first).
ThreadState state_at(const Lane& lane, Nanos t) {
    const auto& segs = lane.segments;
    auto it = std::upper_bound(segs.begin(), segs.end(), t, [](Nanos x, const Segment& s) { return x < s.start; });
    return it == segs.begin() ? ThreadState::New : std::prev(it)->state;
}

constexpr double kYoungRun = 2e9;  // a run shorter than this is shown over 2 s

// Returns the visible span for this frame; sets view.left.
double apply_follow(const TimelineInput& in, TimelineViewState& view) {
    const double end = static_cast<double>(in.end_time);
    view.span = std::clamp(view.span, kMinSpan, kMaxSpan);
    switch (view.follow) {
    case TimelineFollow::Live: {
        // While the run is short, show all of it (filling the width); once it
        // is longer than the chosen span, slide with the live edge.
        const double shown = std::min(view.span, std::max(end * 1.05, std::min(kYoungRun, view.span)));
        view.left = std::max(0.0, end + shown * 0.04 - shown);
        return shown;
    }
    case TimelineFollow::WholeRun:
        view.left = 0;
        view.span = std::max(end * 1.03, 1e8);
        return view.span;
    case TimelineFollow::Free: break;
    }
    return view.span;
}

}  // namespace

std::string format_time(double ns, double step_ns) {
    char buf[48];
    const double s = ns / 1e9;
    if (step_ns >= 1e9 && std::fabs(std::round(s) - s) < 1e-9) std::snprintf(buf, sizeof buf, "%.0f s", s);
    else if (step_ns >= 1e8) std::snprintf(buf, sizeof buf, "%.1f s", s);
    else if (step_ns >= 1e7) std::snprintf(buf, sizeof buf, "%.2f s", s);
    else if (step_ns >= 1e6) std::snprintf(buf, sizeof buf, "%.3f s", s);
    else std::snprintf(buf, sizeof buf, "%.1f ms", ns / 1e6);
    return buf;
}

// A teacher's live change written on its own lane, beside the moment it
// came ("ticks 4 -> 2"): the thread runs for an instant, a blip no one would
// read. Right of the moment, or left of it near the run's end.
static void draw_live_change(ImDrawList* dl, const TraceIndex::LiveChange& c, const Mapping& m, float cy, float font) {
    const float x = m.x(static_cast<double>(c.t)), gap = font * 0.4f;
    const float w = ImGui::CalcTextSize(c.text.c_str()).x;
    float tx = x + gap;
    if (tx + w > m.x1) tx = std::max(m.x0 + 2, x - gap - w);
    dl->AddText(ImVec2(tx, cy - font * 0.5f), palette::kText, c.text.c_str());
}

// The phases as bands, alternately shaded, each named at its left end (the
// name cut to the band's width; in full on hover).
static void draw_phase_strip(ImDrawList* dl, const std::vector<TraceIndex::Phase>& phases, Nanos end, const Mapping& m,
                      float y0, float h, float width) {
    const float font = ImGui::GetFontSize();
    ImGui::InvisibleButton("##phases", ImVec2(width, h));
    const bool hovered = ImGui::IsItemHovered();
    dl->PushClipRect(ImVec2(m.x0, y0), ImVec2(m.x1, y0 + h), true);
    for (size_t i = 0; i < phases.size(); ++i) {
        const Nanos t1 = i + 1 < phases.size() ? phases[i + 1].t : std::max(end, phases[i].t);
        const float a = std::max(m.x(static_cast<double>(phases[i].t)), m.x0);
        const float b = std::min(m.x(static_cast<double>(t1)), m.x1);
        if (b < m.x0 || a > m.x1) continue;
        dl->AddRectFilled(ImVec2(a, y0 + 1), ImVec2(std::max(b, a + 2), y0 + h - 1),
                          i % 2 ? palette::kPhaseBandAlt : palette::kPhaseBand, 3.0f);
        dl->AddLine(ImVec2(a, y0), ImVec2(a, y0 + h), palette::kPhaseLine, 2.0f);
        // A phase's name is a word ("as_completed", "shutdown"): cut at its end, "as_comp…" (the full name on hover).
        const std::string label = fit_end(phases[i].name, b - a - font * 0.6f);
        if (!label.empty() && b - a > font)
            dl->AddText(ImVec2(a + font * 0.3f, y0 + (h - font) * 0.5f), palette::kText, label.c_str());
        if (hovered) {
            const float mx = ImGui::GetIO().MousePos.x;
            if (mx >= a && mx < b) ImGui::SetTooltip("%s", phases[i].name.c_str());
        }
    }
    dl->PopClipRect();
}

float timeline_label_width(const TimelineInput& in, float width) {
    // Sized to the longest thread name (and its process tag), within reason.
    const float font = ImGui::GetFontSize();
    float label_w = font * 4;
    if (in.lanes && in.index)
        for (const Lane& lane : *in.lanes)
            label_w = std::max(label_w, lane_label_width(*in.index, lane.tid, in.labels));
    return std::min(label_w + font * 0.8f, width * 0.3f);
}

void draw_timeline(const TimelineInput& in, TimelineViewState& view) {
    view.rects = view.segments_seen = view.markers = view.handoffs = 0;
    if (!in.lanes || !in.index) return;
    const auto& lanes = *in.lanes;
    const double shown = apply_follow(in, view);

    const float font = ImGui::GetFontSize();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (avail.x < 50 || avail.y < 30) return;

    const float label_w = in.label_w > 0 ? in.label_w : timeline_label_width(in, avail.x);

    const float axis_h = font * (in.axis_labels ? 1.4f : 0.4f);
    // The program's parts (threadlab.phase), when it marks any: a strip of
    // labelled bands under the axis, each phase's start a line through the lanes.
    const auto& phases = in.index->phases();
    const float phase_h = phases.empty() || !in.phase_strip ? 0.0f : font * 1.35f;
    const float lanes_h = avail.y - axis_h - phase_h;
    const size_t n = std::max<size_t>(lanes.size(), 1);
    const float lane_h = std::clamp(lanes_h / static_cast<float>(n), font * 1.5f, font * 2.8f);

    Mapping m;
    m.x0 = origin.x + label_w;
    m.x1 = origin.x + avail.x - ImGui::GetStyle().ScrollbarSize;
    m.left = view.left;
    m.ns_per_px = shown / std::max(1.0f, m.x1 - m.x0);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    draw_axis(dl, m, origin.y, origin.y + axis_h, origin.y + axis_h, in.steps, in.axis_labels);
    ImDrawList* axis_dl = dl;
    ImGui::Dummy(ImVec2(avail.x, axis_h));
    if (phase_h > 0) draw_phase_strip(dl, phases, in.end_time, m, origin.y + axis_h, phase_h, avail.x);

    ImGui::BeginChild("##lanes", ImVec2(avail.x, lanes_h), false, ImGuiWindowFlags_NoScrollWithMouse);
    dl = ImGui::GetWindowDrawList();
    const ImVec2 lo = ImGui::GetCursorScreenPos();
    const float total_h = lane_h * static_cast<float>(lanes.size());
    ImGui::InvisibleButton("##canvas", ImVec2(avail.x - ImGui::GetStyle().ScrollbarSize, std::max(total_h, 1.0f)));
    const bool hovered = ImGui::IsItemHovered();
    const bool active = ImGui::IsItemActive();
    const ImVec2 clip_min = dl->GetClipRectMin(), clip_max = dl->GetClipRectMax();

    // Vertical grid lines continue through the lanes.
    {
        const double step = nice_step(font * 5.0 * m.ns_per_px);
        for (double t = std::ceil(m.left / step) * step; m.x(t) <= m.x1; t += step) {
            float x = m.x(t);
            dl->AddLine(ImVec2(x, clip_min.y), ImVec2(x, clip_max.y), palette::kGrid, 1.0f);
        }
    }

    // A thread's coroutine lanes under it (lane_order), the rows as drawn.
    const std::vector<size_t> order = lane_order(lanes, *in.index);
    std::vector<size_t> row_of(lanes.size());
    for (size_t r = 0; r < order.size(); ++r) row_of[order[r]] = r;
    const size_t first = static_cast<size_t>(std::max(0.0f, (clip_min.y - lo.y) / lane_h));
    for (size_t i = first; i < order.size(); ++i) {
        const float y0 = lo.y + lane_h * static_cast<float>(i);
        if (y0 > clip_max.y) break;
        const Lane& lane = lanes[order[i]];
        dl->AddRectFilled(ImVec2(m.x0, y0), ImVec2(m.x1, y0 + lane_h),
                          i % 2 ? palette::kLaneBgAlt : palette::kLaneBg);
        // Name, after its label chip in its current state's colour (at the cursor, going back in time).
        const ThreadState now = in.cursor ? state_at(lane, *in.cursor)
                                : lane.segments.empty() ? ThreadState::New
                                                        : lane.segments.back().state;
        const float cy = y0 + lane_h * 0.5f;
        dl->PushClipRect(ImVec2(origin.x, y0), ImVec2(m.x0 - 4, y0 + lane_h), true);
        draw_lane_label(dl, *in.index, lane.tid, now, in.labels, ImVec2(origin.x, y0), ImVec2(m.x0 - 4, y0 + lane_h));
        dl->PopClipRect();

        dl->PushClipRect(ImVec2(m.x0, y0), ImVec2(m.x1, y0 + lane_h), true);
        if (const uint32_t pid = in.index->thread_pid(lane.tid))
            dl->AddRectFilled(ImVec2(m.x0, y0 + 1), ImVec2(m.x0 + 5, y0 + lane_h - 1), palette::process_color(pid));
        draw_segments(dl, *in.index, lane, in.end_time, m, y0 + lane_h * kBarTop, y0 + lane_h * kBarBottom, view);
        draw_end_mark(dl, lane, m, y0 + lane_h * kBarTop, y0 + lane_h * kBarBottom);
        draw_waits(dl, *in.index, in.index->waits(lane.tid), m, y0, lane_h, view);
        draw_markers(dl, *in.index, in.index->markers(lane.tid), m, y0, lane_h, view);
        if (const TraceIndex::LiveChange* c = in.index->live_change(lane.tid))
            draw_live_change(dl, *c, m, cy, font);
        dl->PopClipRect();
    }
    dl->PushClipRect(ImVec2(m.x0, clip_min.y), ImVec2(m.x1, clip_max.y), true);
    draw_handoffs(dl, *in.index, lanes, row_of, m, lo.y, lane_h, view);
    dl->PopClipRect();

    for (const TraceIndex::Phase& p : phases) {
        const float x = m.x(static_cast<double>(p.t));
        if (x >= m.x0 && x <= m.x1) dl->AddLine(ImVec2(x, clip_min.y), ImVec2(x, clip_max.y), palette::kPhaseLine, 2.0f);
    }

    // The live edge.
    const float edge = m.x(static_cast<double>(in.end_time));
    if (edge >= m.x0 && edge <= m.x1)
        dl->AddLine(ImVec2(edge, clip_min.y), ImVec2(edge, clip_max.y), palette::kLiveEdge, 2.0f);

    // The scrubber's moment: a line thicker than the live edge and of a
    // colour no state has, with a notch on the axis so it is found at a glance.
    if (in.cursor) {
        const float x = m.x(static_cast<double>(*in.cursor));
        if (x >= m.x0 && x <= m.x1) {
            // What had not happened yet at that moment, faded (still readable).
            dl->AddRectFilled(ImVec2(x, clip_min.y), ImVec2(m.x1, clip_max.y), IM_COL32(255, 255, 255, 110));
            dl->AddLine(ImVec2(x, clip_min.y), ImVec2(x, clip_max.y), palette::kScrubCursor, std::max(3.0f, font * 0.15f));
            // The notch, on the axis above the lanes (the pane's own draw list).
            const float h = axis_h * 0.55f;
            axis_dl->AddTriangleFilled(ImVec2(x - h * 0.6f, origin.y + axis_h - h), ImVec2(x + h * 0.6f, origin.y + axis_h - h),
                                       ImVec2(x, origin.y + axis_h), palette::kScrubCursor);
        }
    }

    // Interaction: wheel zooms around the mouse, drag pans, double-click shows the whole run.
    ImGuiIO& io = ImGui::GetIO();
    if (hovered && io.MouseWheel != 0) {
        const double k = std::pow(0.85, static_cast<double>(io.MouseWheel));
        const double new_span = std::clamp(shown * k, kMinSpan, kMaxSpan);
        if (view.follow != TimelineFollow::Live) {
            const double t_mouse = m.t(io.MousePos.x);
            view.left = t_mouse - (t_mouse - m.left) * (new_span / shown);
            view.follow = TimelineFollow::Free;
        }
        view.span = new_span;
    }
    if (active && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f)) {
        view.left = m.left - io.MouseDelta.x * m.ns_per_px;
        view.follow = TimelineFollow::Free;
    }
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) view.follow = TimelineFollow::WholeRun;

    if (hovered && !active && io.MousePos.x >= m.x0 && !lanes.empty()) {
        const size_t li = static_cast<size_t>((io.MousePos.y - lo.y) / lane_h);
        if (li < order.size()) {
            const Lane& lane = lanes[order[li]];
            const OpMarker* k = marker_near(in.index->markers(lane.tid), m, io.MousePos.x, 5.0f);
            const WaitSpan* wait = wait_near(*in.index, in.index->waits(lane.tid), m, io.MousePos.x, 6.0f);
            const float y_in_lane = io.MousePos.y - (lo.y + lane_h * static_cast<float>(li));
            const bool in_marks = y_in_lane < lane_h * (kBarTop + 0.15f);
            if (k && in_marks && (!wait || !k->waited || mark_of(*k) != LaneMark::Tick))
                marker_tooltip(in, lane.tid, *k);
            else if (wait && in_marks) wait_tooltip(in, lane.tid, *wait);
            else segment_tooltip(in, lane, m.t(io.MousePos.x));
        }
    }
    ImGui::EndChild();
}

}  // namespace tl::gui
