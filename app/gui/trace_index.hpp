// What the views need from the event log besides tl::Timeline and tl::World,
// folded incrementally like them: thread and object names (cached, so a
// frame never takes the log's name mutex), and per thread the operation
// markers the timeline draws as ticks, each knowing whether the thread had to
// wait for it (the red "contention" marks). Also what the views of executors,
// futures and the GIL need that World does not keep: which executor a future
// was submitted to and when it last changed, how often an object was used,
// each thread's process, and the GIL hand-overs in time order.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "threadlab/event_log.hpp"

namespace tl::gui {

struct OpMarker {
    Nanos t = 0;
    int64_t value = 0;
    int64_t aux = 0;
    uint32_t object = kNone;
    uint16_t line = 0;
    Op op = Op::Start;
    bool ok = true;
    bool waited = false;  // the thread blocked or waited on this object just before
    // An uncaught exception that ended the thread (its Excepthook record,
    // op Raise, no object; value indexes the texts like a raise's).
    bool uncaught = false;
    // Its LaneMark (lane_marks.hpp), decided once when it is indexed: the
    // timeline reads it for every marker in view, every frame.
    uint8_t mark = 0;
};

// A stretch a thread spent blocked or waiting on an object, ended by its
// wake-up (not by its death): each gets the timeline's "had to wait" mark,
// whatever it waited on (a lock, a queue, a condition, an event, a barrier,
// a join, a future's result()), even when no operation of the program is
// recorded at its end (a Python result() has none).
struct WaitSpan {
    Nanos start = 0;
    Nanos end = 0;
    uint32_t object = kNone;
    ThreadState state = ThreadState::Waiting;  // Blocked or Waiting
    uint16_t line = 0;
    bool in_start = false;  // start() waiting for its thread to begin (a Python program's)
    bool marked = false;    // TraceIndex::wait_marked, decided once when the wait ends
};

// A GIL changing hands: `from` released it straight to `to` (a forced switch
// or a release with waiters).
struct GilHandoff {
    Nanos t = 0;
    uint32_t from = kNone;
    uint32_t to = kNone;
    uint32_t gil = kNone;
};

// What the log says about one future beyond World's ObjectView.
struct FutureRow {
    uint32_t executor = kNone;  // the Executor / Pool whose submit made it
    Nanos created = 0;          // its `pending` op
    Nanos changed = 0;          // its latest transition (pending/running/finished/cancelled)
    int64_t argument = 0;       // the submit's work item / argument
    uint64_t order = 0;         // creation order among futures
};

class TraceIndex {
public:
    // Folds the published events [consumed(), upto).
    void update(const EventLog& log, size_t upto = SIZE_MAX);
    size_t consumed() const { return consumed_; }

    const std::string& thread_name(uint32_t tid) const;
    // The OS thread a coroutine lane (a greenlet, a generator) runs in; kNone for a thread.
    uint32_t lane_host(uint32_t tid) const;
    const std::string& object_name(uint32_t id) const;
    ObjKind object_kind(uint32_t id) const;
    size_t thread_count() const { return threads_.size(); }
    // Operation markers of thread `tid`, in time order.
    const std::vector<OpMarker>& markers(uint32_t tid) const;
    // "pool.acquire()", "q.put(3)", "q.get() -> 3": the marker as Python.
    std::string describe(const OpMarker& m) const;
    // The finished waits of thread `tid`, in the order they ended.
    const std::vector<WaitSpan>& waits(uint32_t tid) const;
    // The object's capacity / parties / initial value (its ObjNew).
    int64_t object_initial(uint32_t id) const;
    // A part of another object or a detail of the library, never listed.
    bool object_internal(uint32_t id) const;
    // Whether a thread waiting on this object is a pool worker with no work:
    // an Executor itself (a Python program's workers wait on the whole), or
    // the work queue of the engine's own ("E.work_queue", "P.call_queue").
    // Not a process Pool: its workers are processes, and what waits on the
    // Pool is a thread joining it.
    bool idle_wait(uint32_t object) const;
    // Whether the wait gets the timeline's "had to wait" mark: not an idle
    // worker's, not one for the GIL (its hand-overs have marks of their own),
    // not one inside the library, not start()'s wait for its thread to begin.
    bool wait_marked(const WaitSpan& w) const { return w.marked; }

    // Operations recorded on object `id` so far (0: never used).
    size_t op_count(uint32_t id) const;
    // The interpreter (process) of a thread: 0 is the main process.
    uint32_t thread_pid(uint32_t tid) const;
    // "MainProcess", or the name of the process's first thread (the Process itself).
    const std::string& process_name(uint32_t pid) const;
    size_t process_count() const { return processes_.size(); }
    // Every GIL hand-over, sorted by time.
    const std::vector<GilHandoff>& gil_handoffs() const { return handoffs_; }
    // The worker processes' threads a process pool started (its `spawn` ops).
    const std::vector<uint32_t>& spawned(uint32_t pool) const;
    // The parts of the program (threadlab.phase), in the order they began.
    struct Phase {
        Nanos t = 0;
        std::string name;
    };
    const std::vector<Phase>& phases() const { return phases_; }
    // A teacher's live change, on the lane of the thread that made it: what
    // its label says after "teacher: " ("ticks 4 -> 2") and when; null for a
    // thread that made none.
    struct LiveChange {
        Nanos t = 0;
        std::string text;
    };
    const LiveChange* live_change(uint32_t tid) const;
    // The future's row, or null when `id` is not a future seen in an op.
    const FutureRow* future(uint32_t id) const;

    // Objects whose values are texts (ObjectView::values_are_text: a Python
    // program's Queue items and Future results are string ids): the text of
    // such a value, kept from its put or its result ("?" for any other id).
    const std::string& text(int64_t id) const;
    // The value as the program would print it: the text, or the number.
    std::string value_text(uint32_t object, int64_t value) const;
    // Whether the i-th print line (World::output[i]) went to stderr: a
    // Python program's traceback does.
    bool printed_to_stderr(size_t i) const { return i < print_stderr_.size() && print_stderr_[i]; }

private:
    struct ThreadRow {
        std::string name;
        uint32_t pid = 0;
        uint32_t host = kNone;            // a coroutine lane's OS thread (ThreadNew.other)
        std::vector<OpMarker> markers;
        std::vector<uint32_t> waited_on;  // objects blocked/waited on since the last op
        std::vector<WaitSpan> waits;
        uint32_t just_started = kNone;    // the Thread object of its last op, a start()
        bool in_wait = false;             // waits.back()-to-be is open: `open`
        WaitSpan open;
        std::optional<LiveChange> change;  // its first print, when a teacher's label
    };
    struct ObjectRow {
        std::string name;
        ObjKind kind = ObjKind::Lock;
        int64_t initial = 0;
        bool internal = false;     // a part or the library's detail (ObjectInfo::internal)
        bool work_queue = false;   // named as an engine pool's work queue
        size_t ops = 0;
        bool is_future = false;
        bool text_values = false;  // ObjNew aux = 1
        FutureRow future;
        std::vector<uint32_t> spawned;  // a pool's worker threads, from its `spawn` ops
    };
    ThreadRow& thread_row(const EventLog& log, uint32_t tid);
    ObjectRow& object_row(const EventLog& log, uint32_t id);
    void note_object_op(const EventLog& log, const LogEvent& e, Op op);
    void end_wait(ThreadRow& row, Nanos t);
    bool marks_wait(const WaitSpan& w) const;

    std::vector<ThreadRow> threads_;
    std::vector<ObjectRow> objects_;
    std::vector<Phase> phases_;
    std::vector<std::string> raised_;  // "Type: message" of Raise markers (marker.value indexes it)
    std::vector<std::string> processes_;  // process names by pid
    std::vector<GilHandoff> handoffs_;
    std::unordered_map<int64_t, std::string> texts_;  // string id -> text, for text-valued objects
    std::vector<bool> print_stderr_;                   // per Print record, in log order
    uint64_t futures_seen_ = 0;
    size_t consumed_ = 0;
};

}  // namespace tl::gui
