// The pool sweep plot (plot_view.hpp): the curves, axes and ticks it works
// out from tl::pool_sweep's rows, where a point lands, and that drawing it
// takes space only when there is something to compare, more at 200%.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "gui/plot_view.hpp"
#include "gui/session.hpp"
#include "headless.hpp"

using namespace tl;
using namespace tl::gui;

namespace {

PoolSweepRow row(const std::string& prefix, int64_t workers, double throughput, size_t finished = 16) {
    PoolSweepRow r;
    r.prefix = prefix;
    r.max_workers = workers;
    r.throughput = throughput;
    r.finished = finished;
    return r;
}

std::vector<PoolSweepRow> sweep() {
    std::vector<PoolSweepRow> rows;
    double io = 20;
    for (int64_t w = 1; w <= 32; w *= 2, io = std::min(io * 2, 320.0)) rows.push_back(row("io", w, io));
    for (int64_t w = 1; w <= 32; w *= 2) rows.push_back(row("cpu", w, 2380.5));
    return rows;
}

}  // namespace

TEST_CASE("pool sweep plot: one curve per prefix, points by workers, round axes", "[gui][plot]") {
    const SweepPlot plot = build_sweep_plot(sweep());
    REQUIRE(plot.curves.size() == 2);
    CHECK(plot.curves[0].prefix == "io");
    CHECK(plot.curves[1].prefix == "cpu");
    REQUIRE(plot.curves[0].points.size() == 6);
    CHECK(plot.curves[0].points[0].workers == 1);
    CHECK(plot.curves[0].points[0].throughput == 20);
    CHECK(plot.curves[0].points[5].workers == 32);
    CHECK(plot.curves[0].points[5].throughput == 320);
    CHECK(plot.x_min == 1);
    CHECK(plot.x_max == 32);
    CHECK(plot.x_ticks == std::vector<int64_t>{1, 2, 4, 8, 16, 32});
    // Each chart its own y axis: the smallest 1/2/5 x 10^k at or above its top.
    CHECK(plot.curves[0].y_max == 500);
    CHECK(plot.curves[0].y_ticks == std::vector<double>{0, 100, 200, 300, 400, 500});
    CHECK(plot.curves[1].y_max == 5000);
    CHECK(plot.curves[1].y_ticks == std::vector<double>{0, 1000, 2000, 3000, 4000, 5000});
}

TEST_CASE("pool sweep plot: nothing to compare is an empty plot", "[gui][plot]") {
    CHECK(build_sweep_plot({}).empty());
    CHECK(build_sweep_plot({row("io", 4, 80)}).empty());                       // one pool
    CHECK(build_sweep_plot({row("io", 4, 80), row("io", 8, 0, 0)}).empty());   // the other finished nothing
    const SweepPlot two = build_sweep_plot({row("", 2, 10), row("", 4, 20)});
    REQUIRE(two.curves.size() == 1);
    CHECK(two.curves[0].prefix == "pool");  // workers without a prefix: still a curve
    // Unsorted input, a size twice: sorted, and the later pool of a size wins.
    const SweepPlot again = build_sweep_plot({row("io", 8, 160), row("io", 2, 40), row("io", 8, 150)});
    REQUIRE(again.curves[0].points.size() == 2);
    CHECK(again.curves[0].points[0].workers == 2);
    CHECK(again.curves[0].points[1].throughput == 150);
}

TEST_CASE("pool sweep plot: nice_ceiling and where a point lands (log2 workers)", "[gui][plot]") {
    CHECK(nice_ceiling(0) == 1);
    CHECK(nice_ceiling(0.3) == Approx(0.5));
    CHECK(nice_ceiling(1) == 1);
    CHECK(nice_ceiling(320) == 500);
    CHECK(nice_ceiling(1001) == 2000);
    CHECK(nice_ceiling(2000) == 2000);
    const SweepPlot plot = build_sweep_plot(sweep());
    const SweepCurve& cpu = plot.curves[1];
    const PlotPos left = plot_point(plot, cpu, 100, 10, 600, 210, 1, 0);
    CHECK(left.x == Approx(100));
    CHECK(left.y == Approx(210));
    const PlotPos right = plot_point(plot, cpu, 100, 10, 600, 210, 32, 5000);
    CHECK(right.x == Approx(600));
    CHECK(right.y == Approx(10));
    // 4 workers is 2 of the 5 doublings from 1 to 32; 2500 jobs/s half way up.
    const PlotPos mid = plot_point(plot, cpu, 100, 10, 600, 210, 4, 2500);
    CHECK(mid.x == Approx(100 + 500 * 2.0 / 5));
    CHECK(mid.y == Approx(110));
    // On the io chart (up to 500) 250 jobs/s is half way up too.
    CHECK(plot_point(plot, plot.curves[0], 100, 10, 600, 210, 4, 250).y == Approx(110));
}

TEST_CASE("pool sweep plot: drawn only when there is a plot, and larger at 200%", "[gui][plot]") {
    testing::Headless gui;
    auto used = [&](const SweepPlot& plot, float scale) {
        float height = 0;
        int vertices = 0;
        ImGui::GetIO().FontGlobalScale = scale;
        gui.frame([&] {
            const float before = ImGui::GetCursorPosY();
            const int start = ImGui::GetWindowDrawList()->VtxBuffer.Size;
            draw_sweep_plot(plot);
            height = ImGui::GetCursorPosY() - before;
            vertices = ImGui::GetWindowDrawList()->VtxBuffer.Size - start;
        });
        return std::make_pair(height, vertices);
    };
    const auto none = used(SweepPlot{}, 1);
    CHECK(none.first == 0);
    CHECK(none.second == 0);
    const SweepPlot plot = build_sweep_plot(sweep());
    const auto normal = used(plot, 1);
    const auto doubled = used(plot, 2);
    CHECK(normal.first > 100);
    CHECK(normal.second > 100);  // two charts: axes, labels, a polyline and 6 markers each
    CHECK(doubled.first > normal.first * 1.5f);
}

TEST_CASE("pool sweep plot: the session's run of how-many-workers has an io, a cpu and a processes chart", "[gui][plot]") {
    testing::Headless gui;  // the plot's cache reads ImGui's clock
    Session s;
    s.set_child_program(THREADLAB_BINARY);
    s.config().mode = Mode::Deterministic;
    s.open_file(std::string(THREADLAB_PY_PROGRAMS) + "/../../../lessons/how-many-workers/program.py");
    CHECK_FALSE(has_pool_sweep(s));  // no run yet
    s.start();
    bool done = false;
    for (int i = 0; i < 3000 && !done; ++i) {
        s.poll();
        done = s.status() == RunStatus::Finished && s.outcome() != nullptr;
        if (!done) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(done);
    gui.frame([&] { draw_pool_sweep(s); });
    REQUIRE(has_pool_sweep(s));
    const SweepPlot& plot = pool_sweep_plot(s);
    REQUIRE(plot.curves.size() == 3);
    CHECK(plot.curves[0].prefix == "io");
    CHECK(plot.curves[1].prefix == "cpu");
    CHECK(plot.curves[2].prefix == "processes");
    REQUIRE(plot.curves[2].points.size() == 3);  // 1, 2 and 4 processes
    CHECK(plot.curves[2].points[1].throughput > 1.5 * plot.curves[2].points[0].throughput);  // 2 modelled cores
    CHECK(plot.curves[2].points[2].throughput < 2 * plot.curves[2].points[0].throughput);    // and no more
    CHECK(plot.x_ticks == std::vector<int64_t>{1, 2, 4, 8, 16, 32});
    // 16 jobs of 0.05 s: 20 jobs/s with one worker, 320 from 16 workers on.
    CHECK(plot.curves[0].points.front().throughput == Approx(20).epsilon(0.001));
    CHECK(plot.curves[0].points.back().throughput == Approx(320).epsilon(0.001));
}
