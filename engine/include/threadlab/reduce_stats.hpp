// Run statistics: per object, the waits the CLI summary counts (how many,
// how long in total, on average and at the longest, the most threads
// waiting at once, the failed operations) with every finished wait's
// length kept for a histogram; over time, each listed queue's depth, the
// threads alive, and the operations and finished futures per time bin.
// The GUI's Statistics tab draws these; the counts are the same as
// tl::summarize's (tested), so the CLI and the GUI cannot disagree.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "threadlab/event_log.hpp"

namespace tl {

struct ObjectWaits {
    uint32_t id = kNone;
    int64_t ops = 0;           // operations recorded on it (summarize: ops)
    int64_t waits = 0;         // waits begun on it, finished or not (summarize: waits)
    int64_t waiting_now = 0;   // of those, still going at the prefix's end
    Nanos total = 0;           // the finished waits' time (summarize: wait_time)
    Nanos longest = 0;         // the longest finished wait
    int64_t max_waiters = 0;   // most threads waiting on it at once (summarize: max_waiters)
    int64_t failures = 0;      // operations that returned false or raised (summarize: failures)
    std::vector<Nanos> lengths;  // every finished wait, in the order they ended
    // total / finished waits; 0 when none has finished.
    Nanos mean() const { return lengths.empty() ? 0 : total / Nanos(lengths.size()); }
};

// A step function: `value` from `t` until the next point's t.
struct StepPoint {
    Nanos t = 0;
    int64_t value = 0;
};

struct QueueDepth {
    uint32_t queue = kNone;
    std::vector<StepPoint> points;  // from its creation (0), a point per put/get (qsize after)
    int64_t max_depth = 0;
};

// Events counted into bins of `width` from time 0: counts[k] counts
// [k width, (k+1) width). The last bin is cut at `end`.
struct RateSeries {
    Nanos width = 0;
    Nanos end = 0;
    std::vector<int64_t> counts;
    // Events per second of scenario time in bin k (its covered width for
    // the last one); 0 for a bin of no width.
    double per_second(size_t k) const;
};

struct RunStatistics {
    Nanos duration = 0;                 // time of the last event of the prefix
    size_t events = 0;
    std::vector<ObjectWaits> objects;   // by object id, every object (views skip internal ones)
    std::vector<QueueDepth> queues;     // listed Queue objects, in creation order
    std::vector<StepPoint> alive;       // threads started and not yet ended (coroutine lanes left out)
    int64_t max_alive = 0;
    // Operations on listed objects other than threads, futures and the GIL
    // (those are each thread's start, a future's steps, the interpreter's
    // hand-overs), and futures finished (a result or an exception).
    RateSeries operations;
    RateSeries futures_finished;
};

// The statistics of the first n events. The rate series get about
// `rate_bins` bins, of a width of 1, 2 or 5 x 10^k ns.
RunStatistics run_statistics(const EventLog& log, size_t n = SIZE_MAX, size_t rate_bins = 40);

// The smallest 1, 2 or 5 x 10^k ns at or above `v` (1 for v <= 1).
Nanos nice_width(Nanos v);

// Finished waits' lengths counted into at most about `max_bins` bins of a
// round width from 0: counts[k] counts [k width, (k+1) width).
struct Histogram {
    Nanos width = 0;
    std::vector<int64_t> counts;
    int64_t max_count = 0;
    bool empty() const { return counts.empty(); }
};
Histogram histogram(const std::vector<Nanos>& values, size_t max_bins = 12);

}  // namespace tl
