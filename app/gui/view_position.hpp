// Going back in time (issue 9): the moment every pane shows, and the
// reductions of the log as of that moment.
//
// The position is "live" (the end of the log, following it as it grows) or a
// fixed count k of events: the world after the first k events, log[k-1]
// being the event the scrubber names. A fixed position is 1..n (n: the
// events in the log); moving onto n is live again, so a paused run's Step
// (which adds events) is seen at once, and Right at the end of the scrubber
// hands over to Step (controls_view's keys).
//
// PrefixCache keeps one set of reductions (Timeline, World, TraceIndex,
// CpuShares, as Session folds for the live end) of the first k events, so the
// panes read one prefix and none folds its own. Moving forward folds on from
// where it was; moving back starts again from the nearest checkpoint, kept
// every spacing() events: 8192 at first (a drag over a run of 100k events
// refolds at most 16384 a frame, about 3 ms), doubled whenever there would
// be more than kMaxCheckpoints, so that a run of millions of events keeps a
// few copies of its reductions, not hundreds.
#pragma once
#include <cstddef>
#include <optional>
#include <vector>

#include "gui/cpu_share.hpp"
#include "gui/trace_index.hpp"
#include "threadlab/reduce.hpp"

namespace tl::gui {

// Everything a pane reads, of the first `events` events of one log.
struct Reductions {
    Timeline timeline;
    World world;
    TraceIndex index;
    CpuShares cpu;
    size_t events = 0;
    // Folds log[events, upto).
    void fold(const EventLog& log, size_t upto);
};

class ViewPosition {
public:
    bool live() const { return !at_; }
    // The events the panes show of a log of `n`: all of them when live.
    size_t events(size_t n) const { return at_ ? std::min(*at_, n) : n; }
    void go_live() { at_.reset(); }
    // To the first k events, clamped to 1..n; k >= n (or an empty log) is live.
    void go_to(size_t k, size_t n);
    // `delta` events on (negative: back) from where the view is.
    void move(long delta, size_t n);

private:
    std::optional<size_t> at_;
};

class PrefixCache {
public:
    static constexpr size_t kFirstSpacing = 8192;
    static constexpr size_t kMaxCheckpoints = 8;
    // The reductions of log[0, k); folded only when k changed since the last call.
    const Reductions& at(const EventLog& log, size_t k);
    // A new run (another log): forgets everything.
    void clear();
    // Events folded by at() since clear() (for tests: how much a move cost).
    size_t folded() const { return folded_; }
    size_t spacing() const { return spacing_; }
    size_t checkpoints() const { return checkpoints_.size(); }

private:
    Reductions now_;
    // now_ as it was after i * spacing_ events, for i = 1, 2, ...
    std::vector<Reductions> checkpoints_;
    size_t spacing_ = kFirstSpacing;
    size_t folded_ = 0;
};

}  // namespace tl::gui
