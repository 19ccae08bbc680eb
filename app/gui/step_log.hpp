// Steps as the timeline's axis (issue 9, "stepping like The Deadlock
// Empire"): in deterministic mode virtual time stands still while threads
// take turns (a lost update happens in a few bytecodes at one moment), so a
// time axis draws those turns as nothing. StepLog is the run's log with
// each event's time replaced by its place in the order of turns: a turn
// begins when a thread becomes running (the thread the scheduler, or the
// student's pick, let run) and ends when that thread stops running (ready
// again at a switch point, blocked, done...); each turn is one unit of the
// axis (kStep) wide, and the events between turns and within one keep their
// order a nanosecond apart. The timeline's reducers (Timeline, TraceIndex)
// fold it as they fold the log, so every lane, mark and wait is drawn by
// turn; the axis labels it in turns (TimelineInput::steps).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "threadlab/event_log.hpp"

namespace tl::gui {

class StepLog {
public:
    static constexpr Nanos kStep = 1'000'000'000;

    // Copies the events of `src` not copied yet (and its new threads,
    // objects and strings, whose ids stay the same), re-timed.
    void update(const EventLog& src);
    const EventLog& log() const { return log_; }
    size_t turns() const { return turns_; }
    // The axis position of the source log's event i (i < the events
    // copied), for the scrubber's cursor.
    Nanos at(size_t i) const { return at_[i]; }
    size_t copied() const { return at_.size(); }

private:
    EventLog log_;
    size_t consumed_ = 0;
    size_t threads_ = 0, objects_ = 0, strings_ = 0;
    size_t turns_ = 0;     // running states so far
    Nanos in_turn_ = 0;    // events since clock_ moved
    Nanos clock_ = 0;      // the axis position the current turn began at (or the last one ended at)
    uint32_t runner_ = kNone;               // the thread of the turn going on
    std::vector<Nanos> at_;                 // by source event: its axis position
};

// "12": an axis position as a turn number.
std::string format_turn(double ns);

}  // namespace tl::gui
