#include "gui/plot_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/i18n.hpp"
#include "gui/session.hpp"

namespace tl::gui {

double nice_ceiling(double v) {
    if (!(v > 0)) return 1;
    const double decade = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * decade >= v * (1 - 1e-12)) return m * decade;
    return 10 * decade;
}

SweepPlot build_sweep_plot(const std::vector<PoolSweepRow>& rows) {
    SweepPlot plot;
    size_t pools = 0;
    for (const PoolSweepRow& row : rows) {
        if (row.finished == 0 || row.max_workers < 1) continue;
        ++pools;
        const std::string name = row.prefix.empty() ? "pool" : row.prefix;
        auto curve = std::find_if(plot.curves.begin(), plot.curves.end(),
                                  [&](const SweepCurve& c) { return c.prefix == name; });
        if (curve == plot.curves.end()) {
            SweepCurve fresh;
            fresh.prefix = name;
            plot.curves.push_back(fresh);
            curve = plot.curves.end() - 1;
        }
        auto same = std::find_if(curve->points.begin(), curve->points.end(),
                                 [&](const SweepPoint& p) { return p.workers == row.max_workers; });
        if (same != curve->points.end())
            same->throughput = row.throughput;
        else
            curve->points.push_back({row.max_workers, row.throughput});
    }
    if (pools < 2) return {};
    plot.x_min = INT64_MAX;
    plot.x_max = 0;
    for (SweepCurve& c : plot.curves) {
        std::sort(c.points.begin(), c.points.end(),
                  [](const SweepPoint& a, const SweepPoint& b) { return a.workers < b.workers; });
        double top = 0;
        for (const SweepPoint& p : c.points) {
            plot.x_min = std::min(plot.x_min, p.workers);
            plot.x_max = std::max(plot.x_max, p.workers);
            top = std::max(top, p.throughput);
            if (std::find(plot.x_ticks.begin(), plot.x_ticks.end(), p.workers) == plot.x_ticks.end())
                plot.x_ticks.push_back(p.workers);
        }
        c.y_max = nice_ceiling(top);
        // Four or five gridlines: a step of 1, 2 or 5 x 10^k.
        const double step = nice_ceiling(c.y_max / 5);
        for (int i = 0; i * step <= c.y_max * (1 + 1e-9); ++i) c.y_ticks.push_back(i * step);
    }
    std::sort(plot.x_ticks.begin(), plot.x_ticks.end());
    return plot;
}

PlotPos plot_point(const SweepPlot& plot, const SweepCurve& curve, float x0, float y0, float x1, float y1,
                   double workers, double throughput) {
    const double lo = std::log2(double(std::max<int64_t>(1, plot.x_min)));
    const double hi = std::log2(double(std::max<int64_t>(1, plot.x_max)));
    const double fx = hi > lo ? (std::log2(std::max(1.0, workers)) - lo) / (hi - lo) : 0.5;
    const double fy = curve.y_max > 0 ? std::clamp(throughput / curve.y_max, 0.0, 1.0) : 0.0;
    return {float(x0 + fx * (x1 - x0)), float(y1 - fy * (y1 - y0))};
}

namespace {

// Strong, distinct hues for a projector; the markers differ too (circle, square...).
constexpr ImU32 kCurveColors[] = {IM_COL32(31, 119, 180, 255), IM_COL32(214, 39, 40, 255),
                                  IM_COL32(44, 160, 44, 255), IM_COL32(148, 103, 189, 255),
                                  IM_COL32(255, 127, 14, 255)};
constexpr ImU32 kInk = IM_COL32(40, 40, 40, 255);
constexpr ImU32 kGrid = IM_COL32(0, 0, 0, 40);

std::string number(double v) {
    char buf[32];
    if (v >= 100 || v == std::floor(v))
        std::snprintf(buf, sizeof buf, "%.0f", v);
    else
        std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

void marker(ImDrawList* dl, size_t curve, ImVec2 at, float r, ImU32 color) {
    if (curve % 2 == 0)
        dl->AddCircleFilled(at, r, color);
    else
        dl->AddRectFilled(ImVec2(at.x - r, at.y - r), ImVec2(at.x + r, at.y + r), color);
}

// One curve's chart in the rectangle at `origin`, `size` big.
void draw_chart(const SweepPlot& plot, size_t i, ImVec2 origin, ImVec2 size) {
    const SweepCurve& c = plot.curves[i];
    const ImU32 color = kCurveColors[i % std::size(kCurveColors)];
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float font = ImGui::GetFontSize();
    float label_w = 0;
    for (double y : c.y_ticks) label_w = std::max(label_w, ImGui::CalcTextSize(number(y).c_str()).x);
    const float x0 = origin.x + label_w + font * 0.8f;
    const float x1 = origin.x + size.x - font * 1.2f;
    const float y0 = origin.y + font * 2.6f;
    const float y1 = origin.y + size.y - font * 2.8f;
    if (x1 - x0 < font * 4 || y1 - y0 < font * 3) return;

    // Its name in its colour, then the y axis' title (unrotated, above the axis).
    const float r = std::max(3.0f, font * 0.22f);
    marker(dl, i, ImVec2(origin.x + r, origin.y + font / 2), r, color);
    dl->AddText(ImVec2(origin.x + r * 2 + font * 0.4f, origin.y), color, c.prefix.c_str());
    dl->AddText(ImVec2(origin.x, origin.y + font * 1.2f), kInk, tr(S::PoolSweepY));
    // Every tick's gridline, but a label only where it has a line and a half of room.
    const float tick_gap = c.y_ticks.size() > 1 ? (y1 - y0) / float(c.y_ticks.size() - 1) : y1 - y0;
    const size_t every = std::max<size_t>(1, size_t(std::ceil(font * 1.5f / std::max(1.0f, tick_gap))));
    for (size_t k = 0; k < c.y_ticks.size(); ++k) {
        const double y = c.y_ticks[k];
        const PlotPos p = plot_point(plot, c, x0, y0, x1, y1, double(plot.x_min), y);
        dl->AddLine(ImVec2(x0, p.y), ImVec2(x1, p.y), kGrid);
        if (k % every != 0) continue;
        const std::string text = number(y);
        const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
        dl->AddText(ImVec2(x0 - ts.x - font * 0.4f, p.y - ts.y / 2), kInk, text.c_str());
    }
    float last_label_end = -1e9f;
    for (int64_t x : plot.x_ticks) {
        const PlotPos p = plot_point(plot, c, x0, y0, x1, y1, double(x), 0);
        dl->AddLine(ImVec2(p.x, y1), ImVec2(p.x, y1 + font * 0.3f), kInk);
        const std::string text = std::to_string(x);
        const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
        if (p.x - ts.x / 2 < last_label_end + font * 0.3f) continue;  // too close to the last one
        dl->AddText(ImVec2(p.x - ts.x / 2, y1 + font * 0.35f), kInk, text.c_str());
        last_label_end = p.x + ts.x / 2;
    }
    dl->AddLine(ImVec2(x0, y0), ImVec2(x0, y1), kInk, 1.5f);
    dl->AddLine(ImVec2(x0, y1), ImVec2(x1, y1), kInk, 1.5f);
    const ImVec2 xt = ImGui::CalcTextSize(tr(S::PoolSweepX));
    dl->AddText(ImVec2((x0 + x1 - xt.x) / 2, y1 + font * 1.5f), kInk, tr(S::PoolSweepX));

    std::vector<ImVec2> line;
    for (const SweepPoint& p : c.points) {
        const PlotPos at = plot_point(plot, c, x0, y0, x1, y1, double(p.workers), p.throughput);
        line.emplace_back(at.x, at.y);
    }
    if (line.size() > 1) dl->AddPolyline(line.data(), int(line.size()), color, 0, std::max(2.0f, font * 0.12f));
    for (const ImVec2& at : line) marker(dl, i, at, r, color);
}

}  // namespace

void draw_sweep_plot(const SweepPlot& plot) {
    if (plot.empty()) return;
    const float font = ImGui::GetFontSize();
    ImGui::TextUnformatted(tr(S::PoolSweep));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S::PoolSweepHelp));
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const size_t charts = plot.curves.size();
    const float gap = font * 1.5f;
    const float width = std::max(avail.x, font * 16);
    // Side by side while each chart keeps 16 font heights of width, else stacked.
    const size_t columns = std::max<size_t>(1, std::min(charts, size_t((width + gap) / (font * 16 + gap))));
    const size_t rows = (charts + columns - 1) / columns;
    const float chart_w = (width - gap * float(columns - 1)) / float(columns);
    const float chart_h = std::clamp((avail.y - font * 0.5f) / float(rows), font * 12, font * 16);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(width, chart_h * float(rows)));
    for (size_t i = 0; i < charts; ++i)
        draw_chart(plot, i,
                   ImVec2(origin.x + float(i % columns) * (chart_w + gap), origin.y + float(i / columns) * chart_h),
                   ImVec2(chart_w, chart_h));
}

const SweepPlot& pool_sweep_plot(const Session& session) {
    // The sweep is a pass over the whole log: rebuilt when the log grows,
    // and while a run streams in, no more than four times a second.
    static const EventLog* cached_log = nullptr;
    static size_t cached_size = 0;
    static double cached_at = -1;
    static size_t last_size = 0;
    static SweepPlot cached;
    static const SweepPlot none;
    const EventLog* log = session.log();
    if (log == nullptr) return none;
    const size_t size = log->size();
    const double now = ImGui::GetTime();
    const bool settled = size == last_size;  // the log stopped growing: show its end at once
    last_size = size;
    if (log != cached_log || (size != cached_size && (settled || now - cached_at >= 0.25))) {
        cached = build_sweep_plot(pool_sweep(*log, size));
        cached_log = log;
        cached_size = size;
        cached_at = now;
    }
    return cached;
}

void draw_pool_sweep(const Session& session) {
    const SweepPlot& plot = pool_sweep_plot(session);
    if (plot.empty()) return;
    draw_sweep_plot(plot);
}

}  // namespace tl::gui
