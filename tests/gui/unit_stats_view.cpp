// The Statistics tab (stats_view.hpp) and the charts it draws with
// (plot_view.hpp): which objects it lists and in what order, the series it
// plots from a hand-built log, the axes and the thinning of long series,
// and that it draws in a window without running off its right edge, at
// 100% and at 300%, in English and in Chinese.
#include <catch2/catch.hpp>

#include <imgui_internal.h>

#include "gui/i18n.hpp"
#include "gui/plot_view.hpp"
#include "gui/session.hpp"
#include "gui/stats_view.hpp"
#include "threadlab/threading.hpp"
#include "headless.hpp"
#include "log_builder.hpp"

using namespace tl;
using namespace tl::gui;
using tl::gui::testing::LogBuilder;

namespace {

constexpr Nanos kMs = 1'000'000;

// Three threads: two take turns waiting on a lock, one on an internal part;
// a queue fills and drains a little; an event's wait times out; a future
// finishes; main joins worker-1 (a wait on a thread's object).
struct Run {
    LogBuilder b;
    uint32_t main, w1, w2, q, lock, helper, joined, ev, f;
    Run() {
        main = b.thread("MainThread");
        w1 = b.thread("worker-1");
        w2 = b.thread("worker-2");
        q = b.object("q", ObjKind::Queue, 2);
        lock = b.object("lock", ObjKind::Lock);
        helper = b.object("q.mutex", ObjKind::Lock, 0, true);
        joined = b.object("worker-1", ObjKind::Thread);
        ev = b.object("ready", ObjKind::Event);
        f = b.object("f", ObjKind::Future);
        for (uint32_t t : {main, w1, w2}) b.state(t, ThreadState::Running);
        b.state(main, ThreadState::Blocked, helper);  // internal: never listed
        b.t = 1 * kMs;
        b.state(w1, ThreadState::Blocked, lock);      // 1 .. 3 ms
        b.op(main, q, Op::Put, 1);
        b.t = 2 * kMs;
        b.state(w2, ThreadState::Blocked, lock);      // 2 .. 6 ms
        b.op(main, q, Op::Put, 2);
        b.t = 3 * kMs;
        b.state(w1, ThreadState::Running);
        b.op(w1, ev, Op::Wait, 0, 0, false);          // timed out: a failure, no wait
        b.t = 4 * kMs;
        b.op(w1, q, Op::Get, 1);
        b.t = 5 * kMs;
        b.op(w1, f, Op::Finished, 7);
        b.state(main, ThreadState::Running);
        b.t = 6 * kMs;
        b.state(w2, ThreadState::Running);
        b.state(main, ThreadState::Waiting, joined);  // 6 .. 7 ms
        b.t = 7 * kMs;
        b.state(w1, ThreadState::Done);
        b.state(main, ThreadState::Running);
        b.state(w2, ThreadState::Done);
        b.t = 8 * kMs;
        b.state(main, ThreadState::Done);
    }
};

std::vector<uint32_t> ids(const StatsModel& m) {
    std::vector<uint32_t> out;
    for (const StatsRow& r : m.rows) out.push_back(r.id);
    return out;
}

}  // namespace

TEST_CASE("stats view: listed objects that were waited on or failed, the most waited-on first", "[gui][stats]") {
    set_language("en");
    Run run;
    const StatsModel m = build_stats_model(run.b.log);
    REQUIRE(m.has_log);
    // lock 2 + 4 ms, the join 1 ms, the event no wait but a failure; q and f
    // had no waits, the internal mutex is not listed.
    CHECK(ids(m) == std::vector<uint32_t>{run.lock, run.joined, run.ev});
    const StatsRow& lock = m.rows[0];
    CHECK(lock.name == "lock");
    CHECK(lock.waits == 2);
    CHECK(lock.total == 6 * kMs);
    CHECK(lock.mean == 3 * kMs);
    CHECK(lock.longest == 4 * kMs);
    CHECK(lock.max_waiters == 2);
    CHECK_FALSE(lock.thread);
    CHECK(m.rows[1].thread);
    CHECK(m.rows[2].failures == 1);
    CHECK(m.rows[2].lengths.empty());

    // The histogram: a thread's row only when clicked.
    StatsViewState state;
    CHECK(shown_row(m, state)->id == run.lock);
    state.selected = run.joined;
    CHECK(shown_row(m, state)->id == run.joined);
    state.selected = run.q;  // not a row: back to the first that is not a thread
    CHECK(shown_row(m, state)->id == run.lock);
    CHECK(shown_row(StatsModel{}, state) == nullptr);
    // Waits of 2 and 4 ms in bars of 0.5 ms: the 5th and the 9th.
    const BarChart hist = wait_histogram_chart(lock);
    CHECK(hist.width == Approx(0.5));
    REQUIRE(hist.heights.size() == 9);
    CHECK(hist.heights[4] == 1);
    CHECK(hist.heights[8] == 1);
    CHECK(hist.y.max == 1);
    CHECK(wait_histogram_chart(m.rows[2]).empty());
}

TEST_CASE("stats view: queue depth, threads alive and finished futures over time", "[gui][stats]") {
    set_language("en");
    Run run;
    const StatsModel m = build_stats_model(run.b.log);
    REQUIRE(m.queues.series.size() == 1);
    const StepSeries& q = m.queues.series[0];
    CHECK(q.label == "q");
    CHECK(q.x == std::vector<double>{0, 1, 2, 4});  // ms: the run is short
    CHECK(q.y == std::vector<double>{0, 1, 2, 1});
    CHECK(m.queues.x.max == Approx(8));
    CHECK(m.queues.y.max == 2);
    REQUIRE(m.alive.series.size() == 1);
    // worker-1 and worker-2 end at the same moment: one step, to what it came to.
    CHECK(m.alive.series[0].y == std::vector<double>{3, 1, 0});
    CHECK(m.alive.series[0].x == std::vector<double>{0, 7, 8});
    CHECK(m.rate_of_futures);
    double finished = 0;
    for (double per_second : m.rate.series[0].y) finished += per_second;
    CHECK(finished > 0);
    CHECK(m.alive.x_title == "run time (ms)");

    // The same log read in Chinese has its titles in Chinese.
    set_language("zh");
    const StatsModel zh = build_stats_model(run.b.log);
    CHECK(zh.alive.x_title == tr_in(S::StatsTimeMs, true));
    CHECK(zh.language == "zh");
    set_language("en");

    // A run of seconds is drawn in seconds; one without futures counts operations.
    LogBuilder slow;
    const uint32_t t = slow.thread("MainThread");
    const uint32_t sem = slow.object("pool", ObjKind::Semaphore, 1);
    slow.state(t, ThreadState::Running);
    slow.t = 3'000 * kMs;
    slow.op(t, sem, Op::Acquire, 0);
    slow.state(t, ThreadState::Done);
    const StatsModel s = build_stats_model(slow.log);
    CHECK(s.alive.x_title == "run time (s)");
    CHECK(s.alive.x.max == Approx(3));
    CHECK_FALSE(s.rate_of_futures);
    CHECK(s.queues.empty());
}

TEST_CASE("charts: round axes and tick labels", "[gui][stats][plot]") {
    const ChartAxis counts = nice_axis(3, true);
    CHECK(counts.ticks == std::vector<double>{0, 1, 2, 3});
    const ChartAxis rates = nice_axis(21);
    CHECK(rates.max == 30);
    CHECK(rates.ticks == std::vector<double>{0, 10, 20, 30});
    CHECK(nice_axis(0).max == 1);
    const ChartAxis time = span_axis(5.84);
    CHECK(time.max == Approx(5.84));
    CHECK(time.ticks == std::vector<double>{0, 1, 2, 3, 4, 5});
    CHECK(tick_label(0.5, 0.25) == "0.50");
    CHECK(tick_label(1.5, 0.5) == "1.5");
    CHECK(tick_label(40, 10) == "40");
    CHECK(tick_label(0.002, 0.001) == "0.002");
}

TEST_CASE("charts: a long series is drawn a column at a time, its peaks kept", "[gui][stats][plot]") {
    LineChart chart;
    chart.x = span_axis(1);
    chart.y.max = 5;
    StepSeries s;
    for (int i = 0; i < 10000; ++i) {
        s.x.push_back(i / 10000.0);
        s.y.push_back(i == 5000 ? 5 : i % 2);  // one item-long peak among thousands of steps
    }
    const std::vector<ColumnSpan> spans = step_columns(s, chart, 0, 0, 100, 50);
    CHECK(spans.size() <= 101);
    CHECK(spans.size() >= 99);
    const bool peak = std::any_of(spans.begin(), spans.end(), [](const ColumnSpan& c) { return c.y_high == 0; });
    CHECK(peak);  // y 5 is the top of the chart: screen y 0
    // Few steps: one span each, exact.
    StepSeries few;
    few.x = {0, 0.5};
    few.y = {1, 4};
    const std::vector<ColumnSpan> exact = step_columns(few, chart, 0, 0, 100, 50);
    REQUIRE(exact.size() == 2);
    CHECK(exact[0].x == 0);
    CHECK(exact[0].y_end == Approx(40));  // 1 of 5 up from 50
    CHECK(exact[1].x == Approx(50));
    CHECK(exact[1].y_low == Approx(40));   // from the value carried in
    CHECK(exact[1].y_high == Approx(10));  // to 4
}

TEST_CASE("stats view: drawn within the window's width, larger at 300%, in both languages", "[gui][stats]") {
    testing::Headless gui;
    Run run;
    for (const char* lang : {"en", "zh"}) {
        set_language(lang);
        const StatsModel m = build_stats_model(run.b.log);
        for (float scale : {1.0f, 3.0f}) {
            INFO(lang << " at " << scale);
            ImGui::GetIO().FontGlobalScale = scale;
            float height = 0, overflow = 0, font = 0;
            int vertices = 0;
            gui.frame([&] {
                font = ImGui::GetFontSize();
                // A side pane's width: at 300% the table does not fit it, the rows become cards.
                ImGui::BeginChild("pane", ImVec2(520, 0), true);
                const int start = ImGui::GetWindowDrawList()->VtxBuffer.Size;
                const float before = ImGui::GetCursorPosY();
                StatsViewState state;
                draw_stats(m, state);
                height = ImGui::GetCursorPosY() - before;
                vertices = ImGui::GetWindowDrawList()->VtxBuffer.Size - start;
                ImGuiWindow* w = ImGui::GetCurrentWindow();
                overflow = w->DC.CursorMaxPos.x - w->WorkRect.Max.x;
                ImGui::EndChild();
            });
            CHECK(vertices > 200);  // a table or cards, a histogram, three charts
            CHECK(height > font * 40);
            CHECK(overflow <= 1.0f);  // nothing wider than the pane: no horizontal scrolling, no cut text
        }
    }
    ImGui::GetIO().FontGlobalScale = 1;
    set_language("en");
    // Before any run: one line saying so.
    float empty_height = 0, font = 0;
    gui.frame([&] {
        font = ImGui::GetFontSize();
        const float before = ImGui::GetCursorPosY();
        StatsViewState state;
        draw_stats(StatsModel{}, state);
        empty_height = ImGui::GetCursorPosY() - before;
    });
    CHECK(empty_height > 0);
    CHECK(empty_height < font * 4);
}

TEST_CASE("stats view: the session's statistics follow the scrubber", "[gui][stats]") {
    testing::Headless gui;  // the model's cache reads ImGui's clock
    set_language("en");
    // main holds the lock while two workers queue for it (held_lock.py).
    Session s;
    s.config().mode = Mode::Deterministic;
    s.set_speed(20);
    CHECK_FALSE(stats_model(s).has_log);  // nothing to count before a run
    s.set_child_program(THREADLAB_BINARY);
    s.open_file(THREADLAB_PY_PROGRAMS "/held_lock.py");
    s.start();
    s.wait();
    s.poll();
    REQUIRE(s.status() == RunStatus::Finished);
    auto lock_row = [](const StatsModel& m) {
        for (const StatsRow& r : m.rows)
            if (r.name == "lock") return r;
        return StatsRow{};
    };
    const StatsModel& live = stats_model(s);
    CHECK(live.events == s.log_events());
    CHECK(lock_row(live).waits == 2);
    CHECK(lock_row(live).waiting_now == 0);
    // Back to just after the first worker began to wait: one wait, still going.
    const EventLog& log = *s.log();
    size_t k = 0;
    for (size_t i = 0; i < log.size() && k == 0; ++i)
        if (log[i].kind == EvKind::State && static_cast<ThreadState>(log[i].code) == ThreadState::Blocked)
            k = i + 1;
    REQUIRE(k > 0);
    s.scrub_to(k);
    stats_model(s);  // a frame while the scrubber moves (rebuilt at most four times a second) ...
    const StatsModel& back = stats_model(s);  // ... and one where it stands still: rebuilt
    CHECK(back.events == k);
    CHECK(lock_row(back).waits == 1);
    CHECK(lock_row(back).waiting_now == 1);
    s.scrub_live();
    stats_model(s);
    CHECK(lock_row(stats_model(s)).waits == 2);
}
