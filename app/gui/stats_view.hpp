// The Statistics tab, beside Objects: the run's waits per object as
// `threadlab run` counts them (tl::run_statistics, the same numbers as the
// CLI's summary), a histogram of the selected object's wait times, and
// over time each queue's depth, the threads alive, and the futures finished
// (or, in a run without futures, the operations) per second. What is drawn
// is worked out by build_stats_model (tested without a window); the charts
// are plot_view's.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "gui/plot_view.hpp"
#include "threadlab/event_log.hpp"

namespace tl::gui {

class Session;

struct StatsRow {
    uint32_t id = kNone;
    std::string name;
    int64_t waits = 0, waiting_now = 0, max_waiters = 0, failures = 0;
    Nanos total = 0, mean = 0, longest = 0;
    std::vector<Nanos> lengths;  // the finished waits
    bool thread = false;         // a thread's object (its joins' waits)
};

struct StatsModel {
    bool has_log = false;
    size_t events = 0;            // of the log's, the first this many
    // Listed objects that were waited on or failed an operation, the most
    // waited-on (total time) first; a thread object only when joined with a wait.
    std::vector<StatsRow> rows;
    LineChart queues;             // one series per listed queue; empty when the run has none
    LineChart alive;
    LineChart rate;               // futures finished per second, else operations per second
    bool rate_of_futures = false;
    std::string language;         // the texts' (x titles, series names are the program's)
};

// The model of the first n events, its axis titles in the current language.
// Times are in ms for a run shorter than 2 s, else in seconds.
StatsModel build_stats_model(const EventLog& log, size_t n = SIZE_MAX);

// A row's wait times as bars (x in ms); empty when none has finished.
BarChart wait_histogram_chart(const StatsRow& row);

// Which object's histogram is shown (kNone: the first row that is not a
// thread's, else the first).
struct StatsViewState {
    uint32_t selected = kNone;
};

// The row whose histogram is shown; null when there are no rows.
const StatsRow* shown_row(const StatsModel& model, const StatsViewState& state);

// Draws the model into the current window, top to bottom; clicking a row
// selects its histogram.
void draw_stats(const StatsModel& model, StatsViewState& state);

// The model of the session's run up to the event the panes show
// (Session::view_events: the scrubber's, or the whole log when live),
// rebuilt as that grows (at most four times a second while a run streams
// in), on a move of the scrubber, and when the language changes.
const StatsModel& stats_model(const Session& session);

// The tab (titled tr(S::StatsTab)) in the current tab bar, its body a
// scrolling child; `bring`: selected (`gui --tab statistics`). True when
// it is the tab in front.
bool stats_tab(const Session& session, bool bring);

}  // namespace tl::gui
