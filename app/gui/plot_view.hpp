// The pool sweep plot: jobs per second against a pool's max_workers, one
// chart per worker-name prefix ("io", "cpu"; each with its own y axis, as
// 300 I/O jobs/s and 2,400 CPU jobs/s share no useful scale), for a run that puts the same
// jobs through pools of several sizes (the lesson how-many-workers). The
// numbers are tl::pool_sweep's over the run's log, as `threadlab run`
// prints them. ImPlot is not in Debian: axes, ticks and curves are drawn
// with ImGui's draw list, sized from the font so that they stay readable
// at any UI scale. What is drawn is worked out by build_sweep_plot and
// plot_point (tested without a window). Below it, the general charts the
// Statistics tab draws: step lines over time, and bars (a histogram).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <imgui.h>

#include "threadlab/reduce_pool_sweep.hpp"

namespace tl::gui {

class Session;

struct SweepPoint {
    int64_t workers = 0;      // the pool's max_workers
    double throughput = 0;    // jobs per second
};

struct SweepCurve {
    std::string prefix;               // the workers' name prefix, "pool" when they have none
    std::vector<SweepPoint> points;   // by workers, ascending; one per pool size (the last pool of a size wins)
    double y_max = 1;                 // a round number at or above every throughput of the curve
    std::vector<double> y_ticks;      // 0, step, 2 step ... y_max
};

struct SweepPlot {
    std::vector<SweepCurve> curves;   // in the order their first pool was made
    int64_t x_min = 1, x_max = 1;     // the workers axis (log2 scale), shared by every chart
    std::vector<int64_t> x_ticks;     // every pool size plotted
    bool empty() const { return curves.empty(); }
};

// Pools that finished nothing are left out; a plot needs two or more pools
// that did (else it is empty: nothing to compare).
SweepPlot build_sweep_plot(const std::vector<PoolSweepRow>& rows);

// The smallest 1, 2 or 5 x 10^k at or above v (1 for v <= 0).
double nice_ceiling(double v);

// Where (workers, throughput) goes in the curve's chart, the rectangle
// [x0, x1] x [y0, y1] (screen coordinates: y grows downwards, so throughput
// 0 is at y1).
struct PlotPos {
    float x = 0, y = 0;
};
PlotPos plot_point(const SweepPlot& plot, const SweepCurve& curve, float x0, float y0, float x1, float y1,
                   double workers, double throughput);

// Draws the charts into the current window, side by side when its width
// allows, else one under the other; nothing (and no space taken) when the
// plot is empty.
void draw_sweep_plot(const SweepPlot& plot);

// The plot of the session's run, rebuilt as its log grows (at most a few
// times a second while it runs; the last one is kept). Empty when the run
// has fewer than two pools that finished work.
const SweepPlot& pool_sweep_plot(const Session& session);

// Whether the session's run has a plot to show: for a tab (titled
// tr(S::PoolSweepTab)) that appears only then.
inline bool has_pool_sweep(const Session& session) { return !pool_sweep_plot(session).empty(); }

// Draws pool_sweep_plot(session); returns at once when it is empty.
void draw_pool_sweep(const Session& session);

// ---- Charts of the Statistics tab (stats_view.hpp) ----------------------
// An axis from 0, with its gridlines.
struct ChartAxis {
    double max = 1;
    std::vector<double> ticks;    // 0, step, 2 step ...
    double step = 1;
};
// Values: up to the first multiple of a round step (1, 2 or 5 x 10^k, about
// a quarter of `top`) at or above `top`; 0 .. 1 when top is 0. `integers`:
// a step of at least 1 (counts of things).
ChartAxis nice_axis(double top, bool integers = false);
// Time: exactly 0 .. x_max, ticks at a round step (about an eighth of it;
// labels that would touch are skipped when drawn).
ChartAxis span_axis(double x_max);

// A tick's label: as many decimals as the step between ticks needs
// ("0.5", "0.25", "40").
std::string tick_label(double v, double step);

// A step function: y[i] from x[i] until x[i + 1]; the last value until the
// chart's x_max.
struct StepSeries {
    std::string label;             // in the legend (none when the first series has no label)
    std::vector<double> x, y;
};

struct LineChart {
    std::vector<StepSeries> series;
    std::string x_title;           // drawn under the axis
    ChartAxis x, y;                // x from 0 (time), y from 0
    bool integers = false;         // y counts things: no fractional ticks
    bool empty() const { return series.empty(); }
};
// The axes of `chart` from its series: x 0 .. x_max, y to above every value.
void fit_axes(LineChart& chart, double x_max);

// The vertical segments a series is drawn with in [x0, x1] x [y0, y1]
// (screen coordinates, y down), at most one a pixel column: a long run's
// thousands of steps become, per column, the range of values it took there
// (so a peak of one item never disappears), joined by horizontal lines.
struct ColumnSpan {
    float x = 0;
    float y_low = 0, y_high = 0;  // the column's range (y_low >= y_high: screen y grows downwards)
    float y_end = 0;              // the value it leaves the column with, drawn on to the next span
};
std::vector<ColumnSpan> step_columns(const StepSeries& s, const LineChart& chart, float x0, float y0, float x1,
                                     float y1);

// Bars from x = k width to (k + 1) width, heights[k] high (a histogram).
struct BarChart {
    double width = 1;              // of a bar, in x units
    std::vector<double> heights;
    std::string x_title;
    ChartAxis x, y;
    bool empty() const { return heights.empty(); }
};
void fit_axes(BarChart& chart);

// Each draws into the current window at the cursor, the full width
// available and `height` high (at least 8 text heights), and moves the
// cursor past it. A line chart whose series have labels has a legend
// above it, wrapped to the width.
void draw_line_chart(const LineChart& chart, float height);
void draw_bar_chart(const BarChart& chart, float height);
// The colour of the i-th series of a chart.
ImU32 series_color(size_t i);

}  // namespace tl::gui
