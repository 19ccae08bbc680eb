// Reducers: pure functions of a prefix of the event log. The GUI, the CLI
// summary, the scenario checks and the exports are all built on these, so
// that they can never disagree and any past moment can be rebuilt by folding
// the first n events.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <optional>
#include <vector>

#include "threadlab/event_log.hpp"
#include "threadlab/runtime.hpp"

namespace tl {

// ---- Timeline: one lane per thread, a segment per state ----------------
struct Segment {
    Nanos start = 0;
    Nanos end = 0;            // == start of the next segment; open segments end at Timeline::end_time()
    ThreadState state = ThreadState::New;
    uint32_t object = kNone;  // what the thread waits on, if it waits
    uint16_t line = 0;
};

struct Lane {
    uint32_t tid = 0;
    std::vector<Segment> segments;  // the last one is open while the thread lives
};

// Incremental: update() folds the events published since the last call.
class Timeline {
public:
    void update(const EventLog& log, size_t upto = SIZE_MAX);
    const std::vector<Lane>& lanes() const { return lanes_; }
    Nanos end_time() const { return end_; }   // time of the last folded event
    size_t consumed() const { return consumed_; }

private:
    std::vector<Lane> lanes_;
    Nanos end_ = 0;
    size_t consumed_ = 0;
};

// ---- World: the state of every thread and object at one point ----------
struct ThreadView {
    uint32_t tid = 0;
    ThreadState state = ThreadState::New;
    uint32_t object = kNone;  // waited on
    uint16_t line = 0;        // current line of the Python listing
    bool daemon = false;
    bool started = false;
    uint32_t pid = 0;         // interpreter (process)
    std::string error;        // the excepthook text when it failed
};

struct ObjectView {
    uint32_t id = 0;
    ObjKind kind = ObjKind::Lock;
    int64_t initial = 0;                 // capacity / parties / initial value
    uint32_t owner = kNone;              // Lock, RLock: owning thread
    int64_t depth = 0;                   // RLock recursion depth
    // Lock, RLock: still locked (owner kept) but its owner has ended (killed
    // after a deadlock, or returned or failed without releasing): nobody will
    // ever release it by itself. Cleared when someone releases or takes it.
    bool abandoned = false;
    int64_t value = 0;                   // Semaphore value, Queue size, Event flag, Barrier arrivals
    std::vector<uint32_t> holders;       // semaphores: threads holding a unit (one entry per unit)
    std::vector<uint32_t> waiters;       // threads blocked or waiting on it, in arrival order
    std::vector<int64_t> items;          // Queue contents, oldest first
    // A Python-level object (ObjNew aux = 1): a Queue's items and a
    // Future's result are string ids of their reprs, not numbers.
    bool values_are_text = false;
    uint32_t part_of = kNone;            // the object this one is a part of (ObjectInfo::part_of)
    bool internal = false;               // a part or detail: not listed in views and reports
    int64_t unfinished = 0;              // Queue: unfinished tasks
    bool tasks_tracked = false;          // Queue: task_done() or join() was used on it
    bool broken = false;                 // Barrier
    int64_t max_value = 0;               // highest value seen (queue size, holders...)
    // Futures: state (FutureState as a number: 0 PENDING, 1 RUNNING, 2 CANCELLED,
    // 3 CANCELLED_AND_NOTIFIED, 4 FINISHED), the worker that ran it, result or error.
    uint8_t future_state = 0;
    uint32_t worker = kNone;
    int64_t result = 0;
    std::string error;
    int64_t callbacks = 0;               // callbacks run so far
    int64_t drop_requests = 0;           // GIL: drop requests so far
    int64_t switches = 0;                // GIL: hand-overs so far
};

// The run's settings, from its RunStart record.
struct RunInfo {
    bool known = false;
    Mode mode = Mode::Free;
    Policy policy = Policy::Random;
    uint64_t seed = 0;
    int cores = 0;
    GilMode gil = GilMode::Modern;
    double switch_interval = 0;  // seconds, as the run began
};

struct World {
    RunInfo run;
    Nanos time = 0;
    size_t events = 0;
    std::vector<ThreadView> threads;     // by tid
    std::vector<ObjectView> objects;     // by object id
    std::vector<std::pair<uint32_t, std::string>> output;      // print() lines: (tid, text)
    std::vector<std::pair<uint32_t, std::string>> exceptions;  // excepthook: (tid, "Type: msg")
    std::vector<LogEvent> deadlock;      // the Deadlock records, if any
    bool ended = false;
    bool stopped = false;                // ended by stop() rather than by itself

    void apply(const EventLog& log, const LogEvent& e);
};

World world_at(const EventLog& log, size_t n = SIZE_MAX);

// The deadlock the run reported, rebuilt from its Deadlock records (as
// Runtime::deadlock() gave it, with the cycle in wait-for order), for a front
// end that has the log but not the Runtime (a run in another process).
std::optional<DeadlockInfo> deadlock_from(const World& world);

// ---- Summary: what the CLI prints and the JSON reports -------------------
struct ThreadStats {
    uint32_t tid = 0;
    std::array<Nanos, kThreadStateCount> time_in{};  // time spent in each state
};

struct ObjectStats {
    uint32_t id = 0;
    int64_t ops = 0;          // operations recorded on it
    int64_t waits = 0;        // times a thread had to block or wait on it
    Nanos wait_time = 0;      // total time threads spent blocked/waiting on it
    int64_t max_waiters = 0;  // longest queue of waiting threads seen
    int64_t failures = 0;     // operations that returned false or raised
};

struct Summary {
    Nanos duration = 0;
    size_t events = 0;
    std::vector<ThreadStats> threads;
    std::vector<ObjectStats> objects;
    World final_world;
};

Summary summarize(const EventLog& log, size_t n = SIZE_MAX);

}  // namespace tl
