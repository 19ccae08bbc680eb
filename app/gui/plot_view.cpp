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
    // Side by side while each chart keeps 12 font heights of width (three
    // curves, io, cpu and processes, in one row of the side pane), else stacked.
    const size_t columns = std::max<size_t>(1, std::min(charts, size_t((width + gap) / (font * 12 + gap))));
    const size_t rows = (charts + columns - 1) / columns;
    const float chart_w = (width - gap * float(columns - 1)) / float(columns);
    const float chart_h = std::clamp((avail.y - font * 0.5f) / float(rows), font * 9, font * 16);
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

// ---- Charts of the Statistics tab -------------------------------------------

namespace tl::gui {

ChartAxis nice_axis(double top, bool integers) {
    ChartAxis a;
    if (!(top > 0)) top = 1;
    a.step = nice_ceiling(top / 4);
    if (integers) a.step = std::max(1.0, std::round(a.step));
    a.max = std::ceil(top / a.step * (1 - 1e-12)) * a.step;
    for (int i = 0; i * a.step <= a.max * (1 + 1e-9); ++i) a.ticks.push_back(i * a.step);
    return a;
}

ChartAxis span_axis(double x_max) {
    ChartAxis a;
    a.max = x_max > 0 ? x_max : 1;
    a.step = nice_ceiling(a.max / 8);
    for (int i = 0; i * a.step <= a.max * (1 + 1e-9); ++i) a.ticks.push_back(i * a.step);
    return a;
}

std::string tick_label(double v, double step) {
    int decimals = 0;
    while (decimals < 6) {
        const double scaled = step * std::pow(10.0, decimals);
        if (std::fabs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, scaled)) break;
        ++decimals;
    }
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

void fit_axes(LineChart& chart, double x_max) {
    double top = 0;
    for (const StepSeries& s : chart.series)
        for (double y : s.y) top = std::max(top, y);
    chart.x = span_axis(x_max);
    chart.y = nice_axis(top, chart.integers);
}

void fit_axes(BarChart& chart) {
    double top = 0;
    for (double h : chart.heights) top = std::max(top, h);
    chart.y = nice_axis(top, true);
    // A tick at every bar's edge (labels that would overlap are skipped when drawn).
    chart.x = ChartAxis{};
    chart.x.max = std::max(1e-12, chart.width * double(chart.heights.size()));
    chart.x.step = chart.width;
    for (size_t i = 0; i <= chart.heights.size(); ++i) chart.x.ticks.push_back(double(i) * chart.width);
}

std::vector<ColumnSpan> step_columns(const StepSeries& s, const LineChart& chart, float x0, float y0, float x1,
                                     float y1) {
    std::vector<ColumnSpan> spans;
    const size_t n = std::min(s.x.size(), s.y.size());
    if (n == 0 || x1 <= x0) return spans;
    auto sx = [&](double x) { return float(x0 + std::clamp(x / chart.x.max, 0.0, 1.0) * (x1 - x0)); };
    auto sy = [&](double y) { return float(y1 - std::clamp(y / chart.y.max, 0.0, 1.0) * (y1 - y0)); };
    ColumnSpan cur;
    long column = 0;
    for (size_t i = 0; i < n; ++i) {
        const float x = sx(s.x[i]);
        const float y = sy(s.y[i]);
        const long c = long(std::floor(x));
        if (i == 0 || c != column) {
            if (i > 0) spans.push_back(cur);
            // A new column starts at the value carried in from the last one.
            const float carried = i > 0 ? cur.y_end : y;
            cur = ColumnSpan{x, std::max(carried, y), std::min(carried, y), y};
            column = c;
        } else {
            cur.y_low = std::max(cur.y_low, y);
            cur.y_high = std::min(cur.y_high, y);
            cur.y_end = y;
        }
    }
    spans.push_back(cur);
    return spans;
}

ImU32 series_color(size_t i) { return kCurveColors[i % std::size(kCurveColors)]; }

namespace {

// The plot rectangle of a chart at `origin`, `size` big, with room for the
// y labels on the left and the x labels and title below.
struct Frame {
    float x0, y0, x1, y1;
};

Frame chart_frame(ImVec2 origin, ImVec2 size, const ChartAxis& y) {
    const float font = ImGui::GetFontSize();
    float label_w = 0;
    for (double v : y.ticks) label_w = std::max(label_w, ImGui::CalcTextSize(tick_label(v, y.step).c_str()).x);
    return {origin.x + label_w + font * 0.5f, origin.y + font * 0.6f, origin.x + size.x - font * 1.2f,
            origin.y + size.y - font * 2.7f};
}

// Gridlines and labels of both axes, the axis lines and the x title.
void draw_axes(ImDrawList* dl, const Frame& f, const ChartAxis& x, const ChartAxis& y, const std::string& x_title) {
    const float font = ImGui::GetFontSize();
    const float tick_gap = y.ticks.size() > 1 ? (f.y1 - f.y0) / float(y.ticks.size() - 1) : f.y1 - f.y0;
    const size_t every = std::max<size_t>(1, size_t(std::ceil(font * 1.3f / std::max(1.0f, tick_gap))));
    for (size_t k = 0; k < y.ticks.size(); ++k) {
        const float py = float(f.y1 - y.ticks[k] / y.max * (f.y1 - f.y0));
        dl->AddLine(ImVec2(f.x0, py), ImVec2(f.x1, py), kGrid);
        if (k % every != 0) continue;
        const std::string text = tick_label(y.ticks[k], y.step);
        const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
        dl->AddText(ImVec2(f.x0 - ts.x - font * 0.3f, py - ts.y / 2), kInk, text.c_str());
    }
    float last_end = -1e9f;
    for (double v : x.ticks) {
        const float px = float(f.x0 + v / x.max * (f.x1 - f.x0));
        dl->AddLine(ImVec2(px, f.y1), ImVec2(px, f.y1 + font * 0.3f), kInk);
        const std::string text = tick_label(v, x.step);
        const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
        if (px - ts.x / 2 < last_end + font * 0.4f) continue;  // too close to the last label
        dl->AddText(ImVec2(px - ts.x / 2, f.y1 + font * 0.35f), kInk, text.c_str());
        last_end = px + ts.x / 2;
    }
    dl->AddLine(ImVec2(f.x0, f.y0), ImVec2(f.x0, f.y1), kInk, 1.5f);
    dl->AddLine(ImVec2(f.x0, f.y1), ImVec2(f.x1, f.y1), kInk, 1.5f);
    const ImVec2 xt = ImGui::CalcTextSize(x_title.c_str());
    dl->AddText(ImVec2(std::max(f.x0, (f.x0 + f.x1 - xt.x) / 2), f.y1 + font * 1.45f), kInk, x_title.c_str());
}

// The series' names in their colours, wrapped to the width available.
void chart_legend(const LineChart& chart) {
    if (chart.series.empty() || chart.series[0].label.empty()) return;
    const float font = ImGui::GetFontSize();
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    for (size_t i = 0; i < chart.series.size(); ++i) {
        const std::string& label = chart.series[i].label;
        const float w = font * 1.1f + ImGui::CalcTextSize(label.c_str()).x;
        // On the line while it fits (decided before SameLine, which once
        // taken counts as content even if a NewLine follows).
        if (i > 0 && ImGui::GetItemRectMax().x + font + w <= right) ImGui::SameLine(0, font);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float h = ImGui::GetTextLineHeight();
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + h * 0.2f), ImVec2(p.x + font * 0.7f, p.y + h * 0.8f),
                                                  series_color(i));
        ImGui::Dummy(ImVec2(font * 0.8f, h));
        ImGui::SameLine(0, font * 0.3f);
        ImGui::TextUnformatted(label.c_str());
    }
}

ImVec2 reserve(float height) {
    const float font = ImGui::GetFontSize();
    const ImVec2 size(std::max(ImGui::GetContentRegionAvail().x, font * 12), std::max(height, font * 8));
    ImGui::Dummy(size);
    return size;
}

}  // namespace

void draw_line_chart(const LineChart& chart, float height) {
    if (chart.empty()) return;
    chart_legend(chart);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 size = reserve(height);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Frame f = chart_frame(origin, size, chart.y);
    draw_axes(dl, f, chart.x, chart.y, chart.x_title);
    const float thick = std::max(2.0f, ImGui::GetFontSize() * 0.1f);
    for (size_t i = 0; i < chart.series.size(); ++i) {
        const std::vector<ColumnSpan> spans = step_columns(chart.series[i], chart, f.x0, f.y0, f.x1, f.y1);
        const ImU32 color = series_color(i);
        for (size_t k = 0; k < spans.size(); ++k) {
            const ColumnSpan& c = spans[k];
            if (c.y_low > c.y_high) dl->AddLine(ImVec2(c.x, c.y_low), ImVec2(c.x, c.y_high), color, thick);
            const float next = k + 1 < spans.size() ? spans[k + 1].x : f.x1;  // the last value lasts to the end
            dl->AddLine(ImVec2(c.x, c.y_end), ImVec2(next, c.y_end), color, thick);
        }
    }
}

void draw_bar_chart(const BarChart& chart, float height) {
    if (chart.empty()) return;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 size = reserve(height);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Frame f = chart_frame(origin, size, chart.y);
    const float bar_w = (f.x1 - f.x0) / float(chart.heights.size());
    const float gap = std::min(bar_w * 0.15f, ImGui::GetFontSize() * 0.2f);
    for (size_t k = 0; k < chart.heights.size(); ++k) {
        if (chart.heights[k] <= 0) continue;
        const float top = float(f.y1 - chart.heights[k] / chart.y.max * (f.y1 - f.y0));
        dl->AddRectFilled(ImVec2(f.x0 + bar_w * float(k) + gap / 2, top), ImVec2(f.x0 + bar_w * float(k + 1) - gap / 2, f.y1),
                          series_color(0));
    }
    draw_axes(dl, f, chart.x, chart.y, chart.x_title);
}

}  // namespace tl::gui
