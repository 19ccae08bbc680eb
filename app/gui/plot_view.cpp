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
            plot.curves.push_back({name, {}});
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
    double top = 0;
    plot.x_min = INT64_MAX;
    plot.x_max = 0;
    for (SweepCurve& c : plot.curves) {
        std::sort(c.points.begin(), c.points.end(),
                  [](const SweepPoint& a, const SweepPoint& b) { return a.workers < b.workers; });
        for (const SweepPoint& p : c.points) {
            plot.x_min = std::min(plot.x_min, p.workers);
            plot.x_max = std::max(plot.x_max, p.workers);
            top = std::max(top, p.throughput);
            if (std::find(plot.x_ticks.begin(), plot.x_ticks.end(), p.workers) == plot.x_ticks.end())
                plot.x_ticks.push_back(p.workers);
        }
    }
    std::sort(plot.x_ticks.begin(), plot.x_ticks.end());
    plot.y_max = nice_ceiling(top);
    // Four or five gridlines: a step of 1, 2 or 5 x 10^k.
    const double step = nice_ceiling(plot.y_max / 5);
    for (double y = 0; y <= plot.y_max * (1 + 1e-9); y += step) plot.y_ticks.push_back(y);
    return plot;
}

PlotPos plot_point(const SweepPlot& plot, float x0, float y0, float x1, float y1, double workers, double throughput) {
    const double lo = std::log2(double(std::max<int64_t>(1, plot.x_min)));
    const double hi = std::log2(double(std::max<int64_t>(1, plot.x_max)));
    const double fx = hi > lo ? (std::log2(std::max(1.0, workers)) - lo) / (hi - lo) : 0.5;
    const double fy = plot.y_max > 0 ? std::clamp(throughput / plot.y_max, 0.0, 1.0) : 0.0;
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

}  // namespace

void draw_sweep_plot(const SweepPlot& plot) {
    if (plot.empty()) return;
    const float font = ImGui::GetFontSize();
    ImGui::TextUnformatted(tr(S::PoolSweep));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S::PoolSweepHelp));
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float width = std::max(avail.x, font * 16);
    const float height = std::clamp(avail.y - font * 0.5f, font * 10, font * 18);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(width, height));
    ImDrawList* dl = ImGui::GetWindowDrawList();

    // Room for the y labels on the left, the x labels and axis title below, the legend on the right.
    float label_w = 0;
    for (double y : plot.y_ticks) label_w = std::max(label_w, ImGui::CalcTextSize(number(y).c_str()).x);
    float legend_w = 0;
    for (const SweepCurve& c : plot.curves) legend_w = std::max(legend_w, ImGui::CalcTextSize(c.prefix.c_str()).x);
    legend_w += font * 2.5f;
    const float x0 = origin.x + font * 1.6f + label_w;  // the y axis' title is written above it, unrotated
    const float x1 = origin.x + width - legend_w - font;
    const float y0 = origin.y + font * 1.4f;
    const float y1 = origin.y + height - font * 2.8f;
    if (x1 - x0 < font * 4 || y1 - y0 < font * 3) return;

    dl->AddText(ImVec2(origin.x, origin.y), kInk, tr(S::PoolSweepY));
    for (double y : plot.y_ticks) {
        const PlotPos p = plot_point(plot, x0, y0, x1, y1, double(plot.x_min), y);
        dl->AddLine(ImVec2(x0, p.y), ImVec2(x1, p.y), kGrid);
        const std::string text = number(y);
        const ImVec2 size = ImGui::CalcTextSize(text.c_str());
        dl->AddText(ImVec2(x0 - size.x - font * 0.4f, p.y - size.y / 2), kInk, text.c_str());
    }
    float last_label_end = -1e9f;
    for (int64_t x : plot.x_ticks) {
        const PlotPos p = plot_point(plot, x0, y0, x1, y1, double(x), 0);
        dl->AddLine(ImVec2(p.x, y1), ImVec2(p.x, y1 + font * 0.3f), kInk);
        const std::string text = std::to_string(x);
        const ImVec2 size = ImGui::CalcTextSize(text.c_str());
        if (p.x - size.x / 2 < last_label_end + font * 0.3f) continue;  // too close to the last one
        dl->AddText(ImVec2(p.x - size.x / 2, y1 + font * 0.35f), kInk, text.c_str());
        last_label_end = p.x + size.x / 2;
    }
    dl->AddLine(ImVec2(x0, y0), ImVec2(x0, y1), kInk, 1.5f);
    dl->AddLine(ImVec2(x0, y1), ImVec2(x1, y1), kInk, 1.5f);
    const ImVec2 xt = ImGui::CalcTextSize(tr(S::PoolSweepX));
    dl->AddText(ImVec2((x0 + x1 - xt.x) / 2, y1 + font * 1.5f), kInk, tr(S::PoolSweepX));

    const float r = std::max(3.0f, font * 0.22f);
    for (size_t i = 0; i < plot.curves.size(); ++i) {
        const SweepCurve& c = plot.curves[i];
        const ImU32 color = kCurveColors[i % std::size(kCurveColors)];
        std::vector<ImVec2> line;
        for (const SweepPoint& p : c.points) {
            const PlotPos at = plot_point(plot, x0, y0, x1, y1, double(p.workers), p.throughput);
            line.emplace_back(at.x, at.y);
        }
        if (line.size() > 1) dl->AddPolyline(line.data(), int(line.size()), color, 0, std::max(2.0f, font * 0.12f));
        for (const ImVec2& at : line) marker(dl, i, at, r, color);
        const ImVec2 key(x1 + font, y0 + font * 1.4f * float(i));
        marker(dl, i, ImVec2(key.x + r, key.y + font / 2), r, color);
        dl->AddText(ImVec2(key.x + font * 1.2f, key.y), kInk, c.prefix.c_str());
    }
}

void draw_pool_sweep(const Session& session) {
    // The sweep is a pass over the whole log: rebuilt when the log grows,
    // and while a run streams in, no more than four times a second.
    static const EventLog* cached_log = nullptr;
    static size_t cached_size = 0;
    static double cached_at = -1;
    static size_t last_frame_size = 0;
    static SweepPlot cached;
    const EventLog* log = session.log();
    if (log == nullptr) return;
    const size_t size = log->size();
    const double now = ImGui::GetTime();
    const bool settled = size == last_frame_size;  // the log stopped growing: show its end at once
    last_frame_size = size;
    if (log != cached_log || (size != cached_size && (settled || now - cached_at >= 0.25))) {
        cached = build_sweep_plot(pool_sweep(*log, size));
        cached_log = log;
        cached_size = size;
        cached_at = now;
    }
    draw_sweep_plot(cached);
}

}  // namespace tl::gui
