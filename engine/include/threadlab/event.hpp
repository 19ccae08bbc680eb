// One record of the event log, and the vocabularies it is written in.
// Every picture, summary, check and export is computed from a sequence of
// these, so the struct is small, trivially copyable and mode-independent.
#pragma once
#include <cstdint>
#include <string_view>

namespace tl {

using Nanos = int64_t;                       // scenario time in nanoseconds
constexpr uint32_t kNone = 0xFFFFFFFFu;      // "no thread" / "no object"

// What a thread is doing. Blocked is reserved for locks (Lock, RLock, and the
// lock a Condition re-acquires); every other kind of waiting is Waiting, with
// the object telling on what (condition, event, barrier, queue, semaphore,
// or a thread being joined).
enum class ThreadState : uint8_t {
    New, Ready, Running, Blocked, Waiting, Sleeping, IO, Done, Killed, Failed
};
constexpr int kThreadStateCount = 10;

enum class ObjKind : uint8_t {
    Thread, Lock, RLock, Condition, Semaphore, BoundedSemaphore, Event, Barrier, Queue,
    Future, Executor,
    Gil,   // one per interpreter (process): acquire/release/drop_request ops
    Pool   // multiprocessing.Pool / ProcessPoolExecutor
};
constexpr int kObjKindCount = 13;

// Operations on primitives, named as in Python (lower case in exports).
enum class Op : uint8_t {
    Start, Join, Acquire, Release, Wait, Notify, NotifyAll, Set, Clear,
    Put, Get, TaskDone, QueueJoin, Abort, Reset, Sleep, Cpu, Io, Raise,
    // Future transitions, named as the trace shows them: `f3.pending` ...
    Pending, Running, Finished, Cancelled, Callback, Result,
    // Executors and pools
    Submit, Shutdown,
    // The GIL: a waiter asks the holder to drop it (value: the switch interval in ns)
    DropRequest,
    // Processes: a pool started one of its worker processes (value: its pid,
    // other: its thread); a process or pool was terminated; a pool closed
    Spawn, Terminate, Close,
    // Coroutines: a lane (a greenlet inside an OS thread, threadlab/lanes.hpp)
    // switched to another (other: the lane switched to)
    Switch,
    // MainThread's program is over (returned: ok 1; raised: ok 0) and the
    // interpreter's shutdown begins: the non-daemon threads are joined, then
    // the daemon ones are cut off. value: the exit status so far
    Exit,
    // The program says which part of it begins now (threadlab.phase("serial")):
    // value: string id of the phase's name
    Phase,
    // A BoundedSemaphore's bound changed (the program set `_initial_value`,
    // as a connection pool that grows or shrinks does): value: the new
    // bound, aux: the counter then
    Resize
};
constexpr int kOpCount = 36;

enum class EvKind : uint8_t {
    ThreadNew,   // thread=tid, object=its Thread object, ok=daemon
    State,       // thread=tid, code=ThreadState, object=what it waits on (or kNone)
    ObjNew,      // object=id, code=ObjKind, value=capacity/parties/initial value
    OpDone,      // thread=tid, object=id, code=Op, ok, value, aux, other=woken thread
    Excepthook,  // thread=tid, value=string id of "TypeName: message"
    Print,       // thread=tid, value=string id of the printed line
    Deadlock,    // one per waiting thread: thread=tid, object=waited on, other=holder (or kNone)
    RunEnd,      // the last record of a run; ok=1 when it ended by itself, 0 when stopped
    RunStart,    // the first record: code=Mode, ok=paced, value=seed, aux=switch interval (ns),
                 // object=cores, other=GilMode, line=Policy
};

// Fields not used by a kind are kNone / 0. See docs/TRACE.md for every op's
// meaning of value, aux and other.
struct LogEvent {
    Nanos t = 0;
    int64_t value = 0;
    int64_t aux = 0;
    uint32_t thread = kNone;
    uint32_t object = kNone;
    uint32_t other = kNone;
    uint16_t line = 0;       // line of the scenario's Python listing (1-based, 0 = none)
    EvKind kind = EvKind::State;
    uint8_t code = 0;        // ThreadState, ObjKind or Op, depending on kind
    uint8_t ok = 1;
};

std::string_view to_string(ThreadState s);  // "running", "blocked", ...
std::string_view to_string(ObjKind k);      // "Lock", "BoundedSemaphore", ...
std::string_view to_string(Op o);           // "acquire", "notify_all", ...
std::string_view to_string(EvKind k);       // "state", "op", ...

// True for the states a thread never leaves.
constexpr bool is_final(ThreadState s) {
    return s == ThreadState::Done || s == ThreadState::Killed || s == ThreadState::Failed;
}

}  // namespace tl
