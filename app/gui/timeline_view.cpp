#include "gui/timeline_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/colors.hpp"
#include "gui/fonts.hpp"
#include "gui/i18n.hpp"

namespace tl::gui {
namespace {

constexpr double kMinSpan = 1e5;   // 0.1 ms
constexpr double kMaxSpan = 1e13;  // hours

// Where things go inside one lane, as fractions of its height.
constexpr float kTickTop = 0.06f, kTickBottom = 0.30f;
constexpr float kBarTop = 0.32f, kBarBottom = 0.94f;

bool thin_state(ThreadState s) {
    return s == ThreadState::New || s == ThreadState::Done || s == ThreadState::Killed || s == ThreadState::Failed;
}

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

// A rectangle being grown from merged sub-pixel segments.
struct PendingRect {
    bool open = false;
    float x0 = 0, x1 = 0;
    ThreadState state = ThreadState::New;
};

void emit_rect(ImDrawList* dl, const PendingRect& r, float bar_y0, float bar_y1, size_t& count) {
    float x1 = std::max(r.x1, r.x0 + 1.0f);
    if (thin_state(r.state)) {
        float mid = (bar_y0 + bar_y1) * 0.5f, h = (bar_y1 - bar_y0) * 0.14f;
        dl->AddRectFilled(ImVec2(r.x0, mid - h), ImVec2(x1, mid + h), state_color(r.state));
    } else {
        dl->AddRectFilled(ImVec2(r.x0, bar_y0), ImVec2(x1, bar_y1), state_color(r.state));
    }
    ++count;
}

void draw_segments(ImDrawList* dl, const Lane& lane, Nanos end_time, const Mapping& m, float bar_y0,
                   float bar_y1, TimelineViewState& view) {
    const auto& segs = lane.segments;
    if (segs.empty()) return;
    const double t_right = m.t(m.x1);
    // First segment that may reach into the view: the last one starting at or before the left edge.
    auto it = std::upper_bound(segs.begin(), segs.end(), m.left,
                               [](double t, const Segment& s) { return t < static_cast<double>(s.start); });
    size_t i = it == segs.begin() ? 0 : static_cast<size_t>(it - segs.begin()) - 1;

    PendingRect cur;
    for (; i < segs.size(); ++i) {
        const Segment& s = segs[i];
        if (static_cast<double>(s.start) > t_right) break;
        ++view.segments_seen;
        float x0 = std::max(m.x(static_cast<double>(s.start)), m.x0);
        float x1 = std::min(m.x(static_cast<double>(segment_end(segs, i, end_time))), m.x1);
        if (x1 < x0) x1 = x0;
        if (cur.open) {
            if (x1 - cur.x0 < 1.0f) {  // still inside one pixel column: keep the most important state
                cur.x1 = x1;
                if (state_priority(s.state) > state_priority(cur.state)) cur.state = s.state;
                continue;
            }
            if (s.state == cur.state) {  // same colour continues: one rectangle
                cur.x1 = x1;
                continue;
            }
            emit_rect(dl, cur, bar_y0, bar_y1, view.rects);
            // The column already painted ends at cur.x1; start after it.
            x0 = std::max(x0, std::max(cur.x1, cur.x0 + 1.0f));
            if (x1 < x0) x1 = x0;
        }
        cur = PendingRect{true, x0, x1, s.state};
    }
    if (cur.open) emit_rect(dl, cur, bar_y0, bar_y1, view.rects);
}

void draw_markers(ImDrawList* dl, const std::vector<OpMarker>& marks, const Mapping& m, float y0, float lane_h,
                  TimelineViewState& view) {
    if (marks.empty()) return;
    auto it = std::lower_bound(marks.begin(), marks.end(), m.left,
                               [](const OpMarker& k, double t) { return static_cast<double>(k.t) < t; });
    const double t_right = m.t(m.x1);
    const float ty0 = y0 + lane_h * kTickTop, ty1 = y0 + lane_h * kTickBottom;
    const float bar_y0 = y0 + lane_h * kBarTop;
    const float half = std::max(4.0f, lane_h * 0.2f);
    float last_x = -1e9f;
    for (; it != marks.end() && static_cast<double>(it->t) <= t_right; ++it) {
        float x = m.x(static_cast<double>(it->t));
        const bool contended = it->waited && it->op == Op::Acquire;
        if (contended) {
            // A red arrow pointing at the bar: "this acquire had to wait".
            const ImVec2 a(x - half, y0 + 1), b(x + half, y0 + 1), c(x, bar_y0 + lane_h * 0.12f);
            dl->AddTriangleFilled(a, b, c, palette::kAlert);
            dl->AddTriangle(a, b, c, IM_COL32(255, 255, 255, 255), 1.5f);
            last_x = x;
            ++view.markers;
        } else if (x - last_x >= 3.0f) {
            ImU32 col = it->op == Op::Raise || !it->ok ? state_color(ThreadState::Failed) : palette::kText;
            dl->AddLine(ImVec2(x, ty0), ImVec2(x, ty1), col, 2.0f);
            last_x = x;
            ++view.markers;
        }
    }
}

// A killed or failed thread ends with a cross, so its end is seen even when
// it came at the very last moment of the run.
void draw_end_mark(ImDrawList* dl, const Lane& lane, const Mapping& m, float bar_y0, float bar_y1) {
    if (lane.segments.empty()) return;
    const Segment& last = lane.segments.back();
    if (last.state != ThreadState::Killed && last.state != ThreadState::Failed) return;
    const float x = m.x(static_cast<double>(last.start));
    if (x < m.x0 - 20 || x > m.x1 + 20) return;
    const float r = (bar_y1 - bar_y0) * 0.45f, cy = (bar_y0 + bar_y1) * 0.5f;
    const ImU32 col = state_color(last.state);
    dl->AddLine(ImVec2(x - r, cy - r), ImVec2(x + r, cy + r), IM_COL32(255, 255, 255, 255), 6.0f);
    dl->AddLine(ImVec2(x - r, cy + r), ImVec2(x + r, cy - r), IM_COL32(255, 255, 255, 255), 6.0f);
    dl->AddLine(ImVec2(x - r, cy - r), ImVec2(x + r, cy + r), col, 3.5f);
    dl->AddLine(ImVec2(x - r, cy + r), ImVec2(x + r, cy - r), col, 3.5f);
}

double nice_step(double min_ns) {
    double p = std::pow(10.0, std::floor(std::log10(std::max(min_ns, 1.0))));
    for (double k : {1.0, 2.0, 5.0, 10.0})
        if (k * p >= min_ns) return k * p;
    return 10 * p;
}

void draw_axis(ImDrawList* dl, const Mapping& m, float y0, float y1, float grid_bottom) {
    const float font = ImGui::GetFontSize();
    const double step = nice_step(font * 5.0 * m.ns_per_px);
    double t = std::ceil(m.left / step) * step;
    for (; m.x(t) <= m.x1; t += step) {
        float x = m.x(t);
        dl->AddLine(ImVec2(x, y1 - font * 0.3f), ImVec2(x, grid_bottom), palette::kGrid, 1.0f);
        std::string label = format_time(t, step);
        dl->AddText(ImVec2(x + 3, y0), palette::kTextDim, label.c_str());
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
    ImGui::Text("%s - %s  (%s)", format_time(static_cast<double>(s.start), 1e6).c_str(),
                format_time(static_cast<double>(end), 1e6).c_str(), format_time(span, 1e6).c_str());
    ImGui::EndTooltip();
}

void marker_tooltip(const TimelineInput& in, uint32_t tid, const OpMarker& k) {
    ImGui::BeginTooltip();
    ImGui::PushFont(fonts().bold);
    ImGui::Text("%s: %s", in.index->thread_name(tid).c_str(), in.index->describe(k).c_str());
    ImGui::PopFont();
    if (k.waited) ImGui::TextColored(ImVec4(0.82f, 0.08f, 0.12f, 1), "%s", tr(S::WaitedHere));
    line_tooltip(in, k.line);
    ImGui::Text("t = %s", format_time(static_cast<double>(k.t), 1e6).c_str());
    ImGui::EndTooltip();
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

void draw_timeline(const TimelineInput& in, TimelineViewState& view) {
    view.rects = view.segments_seen = view.markers = 0;
    if (!in.lanes || !in.index) return;
    const auto& lanes = *in.lanes;
    const double shown = apply_follow(in, view);

    const float font = ImGui::GetFontSize();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (avail.x < 50 || avail.y < 30) return;

    // Label column sized to the longest thread name, within reason.
    float label_w = font * 4;
    for (const Lane& lane : lanes)
        label_w = std::max(label_w, ImGui::CalcTextSize(in.index->thread_name(lane.tid).c_str()).x);
    label_w = std::min(label_w + font * 1.6f, avail.x * 0.3f);

    const float axis_h = font * 1.4f;
    const float lanes_h = avail.y - axis_h;
    const size_t n = std::max<size_t>(lanes.size(), 1);
    const float lane_h = std::clamp(lanes_h / static_cast<float>(n), font * 1.5f, font * 2.8f);

    Mapping m;
    m.x0 = origin.x + label_w;
    m.x1 = origin.x + avail.x - ImGui::GetStyle().ScrollbarSize;
    m.left = view.left;
    m.ns_per_px = shown / std::max(1.0f, m.x1 - m.x0);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    draw_axis(dl, m, origin.y, origin.y + axis_h, origin.y + axis_h);
    ImGui::Dummy(ImVec2(avail.x, axis_h));

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

    const size_t first = static_cast<size_t>(std::max(0.0f, (clip_min.y - lo.y) / lane_h));
    for (size_t i = first; i < lanes.size(); ++i) {
        const float y0 = lo.y + lane_h * static_cast<float>(i);
        if (y0 > clip_max.y) break;
        const Lane& lane = lanes[i];
        dl->AddRectFilled(ImVec2(m.x0, y0), ImVec2(m.x1, y0 + lane_h),
                          i % 2 ? palette::kLaneBgAlt : palette::kLaneBg);
        // Name, after a square of the thread's current state.
        const ThreadState now = lane.segments.empty() ? ThreadState::New : lane.segments.back().state;
        const float sq = font * 0.7f, cy = y0 + lane_h * 0.5f;
        dl->AddRectFilled(ImVec2(origin.x + 2, cy - sq * 0.5f), ImVec2(origin.x + 2 + sq, cy + sq * 0.5f),
                          state_color(now), 2.0f);
        dl->PushClipRect(ImVec2(origin.x, y0), ImVec2(m.x0 - 4, y0 + lane_h), true);
        dl->AddText(ImVec2(origin.x + sq + 8, cy - font * 0.5f), palette::kText,
                    in.index->thread_name(lane.tid).c_str());
        dl->PopClipRect();

        dl->PushClipRect(ImVec2(m.x0, y0), ImVec2(m.x1, y0 + lane_h), true);
        draw_segments(dl, lane, in.end_time, m, y0 + lane_h * kBarTop, y0 + lane_h * kBarBottom, view);
        draw_end_mark(dl, lane, m, y0 + lane_h * kBarTop, y0 + lane_h * kBarBottom);
        draw_markers(dl, in.index->markers(lane.tid), m, y0, lane_h, view);
        dl->PopClipRect();
    }

    // The live edge.
    const float edge = m.x(static_cast<double>(in.end_time));
    if (edge >= m.x0 && edge <= m.x1)
        dl->AddLine(ImVec2(edge, clip_min.y), ImVec2(edge, clip_max.y), palette::kLiveEdge, 2.0f);

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
        if (li < lanes.size()) {
            const Lane& lane = lanes[li];
            const OpMarker* k = marker_near(in.index->markers(lane.tid), m, io.MousePos.x, 5.0f);
            const float y_in_lane = io.MousePos.y - (lo.y + lane_h * static_cast<float>(li));
            if (k && y_in_lane < lane_h * (kBarTop + 0.15f)) marker_tooltip(in, lane.tid, *k);
            else segment_tooltip(in, lane, m.t(io.MousePos.x));
        }
    }
    ImGui::EndChild();
}

}  // namespace tl::gui
