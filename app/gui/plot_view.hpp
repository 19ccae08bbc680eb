// The pool sweep plot: jobs per second against a pool's max_workers, one
// chart per worker-name prefix ("io", "cpu"; each with its own y axis, as
// 300 I/O jobs/s and 2,400 CPU jobs/s share no useful scale), for a run that puts the same
// jobs through pools of several sizes (the lesson how-many-workers). The
// numbers are tl::pool_sweep's over the run's log, as `threadlab run`
// prints them. ImPlot is not in Debian: axes, ticks and curves are drawn
// with ImGui's draw list, sized from the font so that they stay readable
// at any UI scale. What is drawn is worked out by build_sweep_plot and
// plot_point (tested without a window).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

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

}  // namespace tl::gui
