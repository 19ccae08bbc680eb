// The runtime: owns one run of a scenario, its threads, its objects and its
// event log, and the scheduler of the chosen mode.
//
//   free           threads run in parallel as the OS schedules them; scenario
//                  durations are scaled by a speed factor that may change live.
//   deterministic  still real OS threads, but exactly one runs at a time; at
//                  every engine call a policy (seeded random, round-robin or
//                  manual) picks who runs next. Time is virtual and jumps to
//                  the next wake-up when nobody can run. Same scenario, params
//                  and seed: same event log, byte for byte.
//
// Both modes provide the same small park/unpark layer (engine/src/scheduler.hpp);
// every primitive is written once over it.
#pragma once
#include <cstdint>
#include <functional>
#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "threadlab/event_log.hpp"

namespace tl {

enum class Mode { Free, Deterministic };
enum class Policy { Random, RoundRobin, Manual };
// The global interpreter lock of every interpreter (process) in the run:
//   Modern  CPython 3.2+: a waiting thread asks the holder to drop it after
//           the switch interval, and the holder hands it over (forced switch).
//   Ticks   before 3.2: the holder releases and re-takes it every 100 ticks,
//           with no hand-off, so a waiting thread rarely gets in.
//   Off     no GIL: CPU work of threads overlaps freely (as in C extensions).
enum class GilMode { Modern, Ticks, Off };

// The old GIL's model (GilMode::Ticks) on a machine of two or more cores.
// Every 100 ticks (about 5 us of bytecode) the holder releases the GIL,
// signals a waiter and takes it straight back; the waiter wakes on another
// core and usually finds it taken again, and the holder has paid for a
// release, a signal and a lost race. Now and then the waiter wins. Fitted
// to CPython 2.7 measured on this machine kind (2 cores): two CPU-bound
// threads took 1.64-1.76x the sequential time, the GIL changed hands
// 3,800-4,300 times a second, an I/O thread next to a CPU-bound one
// answered in 0.32-0.41 ms. On one core the checks cost nothing (there is
// no second core for the waiter to wake on and fight from).
struct OldGil {
    static constexpr Nanos check = 5'000;       // CPU work between two checks
    static constexpr Nanos overhead = 3'500;    // a check while someone waits: no progress
    static constexpr double waiter_wins = 1.0 / 30;  // how often the woken waiter gets in
    // Two CPU-bound threads against one doing both: every check is contended.
    static constexpr double slowdown = double(check + overhead) / double(check);
};

std::string_view to_string(Mode m);     // "free", "deterministic"
std::string_view to_string(Policy p);   // "random", "round-robin", "manual"
std::string_view to_string(GilMode g);  // "modern", "ticks", "off"

struct RunConfig {
    Mode mode = Mode::Free;
    Policy policy = Policy::Random;
    uint64_t seed = 1;
    double speed = 1.0;   // 0.05 .. 20: scenario seconds per real second
    // Deterministic mode only: when true, virtual time advances no faster than
    // real time times speed, so a live view can follow it. When false (the
    // CLI, tests) virtual time jumps at once.
    bool paced = false;
    GilMode gil = GilMode::Modern;
    double switch_interval = 0.005;  // seconds: sys.setswitchinterval, 0.0001 .. 0.05
    // Deterministic mode: the cores of the modelled machine (1..16). CPU work
    // of k threads that do not share a GIL overlaps on min(k, cores) cores.
    // Free mode uses the machine's real cores.
    int cores = 2;
    // Scenario seconds a new process spends starting (fork, imports) before
    // it runs its target.
    double process_start = 0.01;
    // Scenario seconds a deadlock is left standing after it is reported,
    // before its threads are ended: the GUI sets it so that the blocked lanes
    // can be seen. 0 (the CLI, tests) ends them at once.
    double deadlock_hold = 0;
    // Deterministic mode, random policy: switch threads as CPython's GIL
    // does instead of letting the policy pick at every switch point. The
    // running thread keeps running until it blocks, or until a thread that
    // could run has waited a switch interval (then that one runs); the
    // policy picks only among the threads waiting when the runner blocks.
    // Set for Python programs at CPython's own switch points.
    bool interval_switching = false;
};

constexpr double kMinSwitchInterval = 0.0001, kMaxSwitchInterval = 0.05;
constexpr int kMinCores = 1, kMaxCores = 16;

constexpr double kMinSpeed = 0.05;
constexpr double kMaxSpeed = 20.0;

// One edge of a deadlock report: `thread` waits on `object`, which `holder`
// holds (kNone when the object has no single owner, e.g. an Event).
struct WaitEdge {
    uint32_t thread = kNone;
    uint32_t object = kNone;
    uint32_t holder = kNone;
};
struct DeadlockInfo {
    std::vector<WaitEdge> waiting;  // every thread that can never run again
    std::vector<WaitEdge> cycle;    // the wait-for cycle among them, if there is one
    std::string describe(const EventLog& log) const;  // "A waits for lock_b held by B; ..."
};

class Object;
class GlobalBase;
class ProcessTurns;
namespace detail {
struct ThreadCtl;
class Scheduler;
class Gil;
}

class Runtime {
public:
    explicit Runtime(RunConfig cfg = {});
    ~Runtime();  // stops the run if it is still going; joins every thread
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;

    // Runs `main` as the thread "MainThread". When it returns, non-daemon
    // threads are joined (as CPython's interpreter shutdown does), then
    // daemon threads are killed at their next engine call.
    void start(std::function<void()> main);
    // Blocks the caller (not a scenario thread) until the run has ended.
    void wait();
    void run(std::function<void()> main) { start(std::move(main)); wait(); }
    // Like start(), but MainThread is the calling OS thread itself: an
    // embedded interpreter's main thread must be the thread that initialised
    // it. Returns when main and its shutdown (joining the non-daemon threads,
    // killing the daemon ones) are over; other threads may still be
    // unwinding: wait() or wait_for() then.
    void run_main_here(std::function<void()> main);
    // Free mode: runs `body` on the calling OS thread (not one of the run's)
    // as a new daemon thread of the run called `name`, then returns: an
    // actor from outside the program (a teacher moving a slider) acting
    // inside it, shown as a thread of its own. False, and nothing runs, in
    // deterministic mode (its scheduler decides who runs; an outside thread
    // would make the run irreproducible) or once the run has ended.
    bool adopt_here(std::string name, std::function<void()> body);
    // Deterministic mode's way in for the same actor: `hook` is what a
    // thread of the run does when let in; want_outside_turn(at) asks for it
    // at virtual time `at` (0: as soon as it can). A thread runs the hook at
    // its next switch point on its own (the embedding calls it there); while
    // every thread sleeps, the clock stops at `at` and a sleeping thread is
    // woken to run it, then sleeps on to its end. Free mode: nothing.
    void set_outside_hook(std::function<void()> hook) { outside_hook_ = std::move(hook); }
    void want_outside_turn(Nanos at);
    void run_outside_hook() const {
        if (outside_hook_) outside_hook_();
    }
    // A waiter the scheduler woke for an outside turn (the clock stopped at
    // a teacher's change while it slept or waited with a timeout): runs the
    // hook, then gives up the GIL its engine calls took back, as the wait
    // goes on. False, doing nothing, when `me` was not woken for that.
    bool serve_outside_turn(detail::ThreadCtl& me);
    // A signal for thread `tid` (CPython runs signal handlers in the main
    // thread only, and a signal breaks the wait it is blocked in): from any
    // thread, at any time. Thread `tid`, if in a sleep or a wait on an
    // object, wakes and calls `hook` (set before the run starts); when the
    // hook returns true (the handler raised) the wait ends with
    // WaitInterrupted, else it waits on to the same deadline. A thread not
    // waiting then finds nothing to do: the embedding runs its handlers
    // itself between statements.
    void set_interrupt_hook(std::function<bool()> hook) { interrupt_hook_ = std::move(hook); }
    void interrupt(uint32_t tid);
    // In a wait, after a wake: the hook's verdict if an interrupt came (and
    // false if none did).
    bool serve_interrupt(detail::ThreadCtl& me);
    // wait() with a limit in real seconds; false when the run has not ended.
    bool wait_for(double seconds);
    // Ends a run whose remaining threads will not unwind (a daemon thread in
    // a loop that makes no engine call): records each as killed and the
    // run's end (by itself, unless stopped: the interpreter cutting off its
    // daemon threads at exit is a normal end). Their OS threads are left
    // running; the caller ends the process without destroying this Runtime.
    void abandon(bool ended_by_itself);

    // fork() of the process a free-mode run is in (os.fork, multiprocessing).
    // pthread_atfork's prepare handler holds the engine's own mutexes (the
    // runtime's, the log's name tables, its chunk pool) across the fork, so
    // that the child never finds one held by a thread it does not have; the
    // parent and child handlers release them.
    void hold_for_fork() const;
    void release_after_fork() const;
    // In a forked child, when it is about to end its process (os._exit):
    // records the calling thread's end (done, or failed when `ok` is false)
    // and every other thread the child started (tid >= `first_own_tid`) and
    // left running as killed, as the process's exit ends them.
    void end_forked_process(uint32_t first_own_tid, bool ok);
    // In a forked child, right after the fork: the calling thread is the only
    // one the process has (deterministic mode's scheduler forgets the rest).
    void keep_only_caller_after_fork();
    // Deterministic mode with several processes: the turns they share (see
    // process_turns.hpp), set by the embedding when the program first forks.
    void set_process_turns(ProcessTurns* turns) { turns_.store(turns, std::memory_order_release); }
    ProcessTurns* process_turns() const { return turns_.load(std::memory_order_acquire); }

    // Ends the run from any state, deadlock and pause included: every thread
    // unwinds at its next engine call and is joined. Idempotent.
    void stop();
    bool finished() const;

    // Live controls, callable from any non-scenario thread while running.
    void set_speed(double s);  // clamped to [kMinSpeed, kMaxSpeed]
    double speed() const;
    void set_switch_interval(double seconds);  // clamped; applies at the next request
    // sys.setswitchinterval of a Python program: any positive interval, as
    // CPython takes it (down to its 1 us resolution), not the sliders' range.
    void set_program_switch_interval(double seconds);
    double switch_interval() const;
    void pause();
    void resume();
    bool paused() const;
    // While paused: deterministic mode makes one scheduling decision; free
    // mode runs until at least one more event is recorded, then pauses.
    void step();
    // Manual policy: the threads the scheduler may hand control to now
    // (empty when it is not waiting for a choice), and the choice itself.
    std::vector<uint32_t> choices() const;
    void pick(uint32_t tid);

    const RunConfig& config() const { return cfg_; }
    const EventLog& log() const { return log_; }
    EventLog& log() { return log_; }
    Nanos now() const;  // scenario time, as a paced display shows it
    // The time the next event would be recorded at: in deterministic mode
    // virtual time alone, never the paced display's (a decision taken on it
    // is the same every run).
    Nanos clock_now() const;
    std::optional<DeadlockInfo> deadlock() const;

    // Creates an object owned by the runtime; it lives until the runtime is
    // destroyed, so daemon threads may keep using it after main returns.
    template <class T, class... A>
    T& make(A&&... args) {
        // If the constructor throws, its memory just stays unused in the arena.
        T* p = new (allocate_object(sizeof(T), alignof(T))) T(*this, std::forward<A>(args)...);
        adopt(p);
        return *p;
    }

    // --- for the engine's own primitives ---------------------------------
    detail::Scheduler& scheduler() { return *sched_; }
    void record(LogEvent e);           // stamps time and publishes
    void record_from(detail::ThreadCtl& me, LogEvent e);  // fills thread and line too
    // Op::Exit by MainThread, once per run: its program is over and shutdown begins.
    void record_exit(detail::ThreadCtl& main, bool returned, int64_t status);
    // record_from for the hot paths (operations and state changes): the
    // event is written in place, never copied (see EventLog::emplace).
    void record_op(detail::ThreadCtl& me, EvKind kind, uint8_t code, uint32_t object, bool ok = true,
                   int64_t value = 0, int64_t aux = 0, uint32_t other = kNone);
    // An object's creation and, right after it, the first operation it is
    // born with (a Future is born PENDING): two events, one reservation.
    void record_birth(detail::ThreadCtl& me, ObjKind kind, uint32_t object, int64_t initial, Op born);
    detail::ThreadCtl& new_thread_ctl(std::string name, bool daemon, uint32_t object, uint32_t pid = 0);
    // A new interpreter (process) with its own GIL and its own copy of every
    // Global, copied from `parent_pid`. Returns its pid.
    uint32_t new_interpreter(const std::string& process_name, uint32_t parent_pid);
    // Gives up the calling thread's GIL before it blocks (no-op if it has none).
    void release_gil(detail::ThreadCtl& me);
    // tl::cpu: CPU work under the thread's GIL (or none, with GilMode::Off).
    void cpu_work(detail::ThreadCtl& me, Nanos work);
    std::vector<detail::ThreadCtl*> threads_snapshot() const;
    // Builds the wait-for graph of threads that can never run again (from what
    // each waits on and who holds that), finds its cycle, and records it.
    void report_deadlock(const std::vector<detail::ThreadCtl*>& stuck);
    uint32_t holder_of(uint32_t object) const;  // Object::holder() by id, kNone if unknown
    uint32_t shown_of(uint32_t object) const;   // Object::shown() by id, the id itself if unknown
    void launch(detail::ThreadCtl& t);          // starts the OS thread of a created thread
    void thread_exited();               // counts finished OS threads; last one ends the run
    // threading._register_atexit: run by MainThread when main returns, before
    // the non-daemon threads are joined (executors stop their workers here).
    void register_atexit(std::function<void()> fn);
    void adopt_global(std::unique_ptr<GlobalBase> g);
    // 0, 1, 2... per key: default names such as f0, ThreadPoolExecutor-0.
    uint32_t next_index(const std::string& key);
    uint32_t next_future_index();  // the same for futures (f0, f1...), which are many: no lock
    bool shutting_down() const;

private:
    // Objects live until the runtime ends, so they come from an arena of big
    // blocks: no malloc per object (a run may create a future per task), and
    // no heap growth a page at a time (glibc grows a thread's arena with one
    // mprotect call per page).
    void* allocate_object(size_t bytes, size_t align);
    void adopt(Object* obj);
    detail::ThreadCtl& begin(std::function<void()> main);  // RunStart, MainThread's records
    void thread_main(detail::ThreadCtl& t);
    void excepthook(detail::ThreadCtl& t, const std::string& text);
    void free_mode_deadlock();
    void shutdown(detail::ThreadCtl& main);  // CPython's threading._shutdown
    void join_os_threads();

    RunConfig cfg_;
    EventLog log_;
    // Read on every engine call by every thread: a cache line of its own,
    // apart from the bookkeeping below that each new object (each future)
    // writes.
    alignas(64) std::unique_ptr<detail::Scheduler> sched_;

    alignas(64) mutable std::mutex mutex_;  // threads_, objects_, deadlock_, end state
    std::vector<std::unique_ptr<detail::ThreadCtl>> threads_;
    std::deque<Object*> objects_;        // in creation order; destroyed in it too
    std::vector<std::unique_ptr<std::byte[]>> arena_blocks_;
    std::byte* arena_next_ = nullptr;    // free space in the block for objects made outside scenario threads
    std::byte* arena_end_ = nullptr;
    std::vector<Object*> by_id_;
    std::optional<DeadlockInfo> deadlock_;
    std::vector<std::function<void()>> atexit_;
    std::function<void()> outside_hook_;  // set before the run starts (set_outside_hook)
    std::function<bool()> interrupt_hook_;  // set before the run starts (set_interrupt_hook)
    std::vector<detail::Gil*> gils_;                  // by pid
    std::vector<std::unique_ptr<GlobalBase>> globals_;
    std::atomic<double> switch_interval_;
    std::map<std::string, uint32_t> counters_;
    std::atomic<uint32_t> future_count_{0};
    std::atomic<bool> exit_recorded_{false};
    std::atomic<ProcessTurns*> turns_{nullptr};
    struct EndState;
    std::unique_ptr<EndState> end_;
};

// The runtime of the calling scenario thread. Scenario code uses the free
// functions below and never passes the runtime around.
Runtime& current_runtime();
bool in_scenario_thread();

template <class T, class... A>
T& make(A&&... args) { return current_runtime().make<T>(std::forward<A>(args)...); }

// Tags the calling thread's next engine calls with a line of the scenario's
// Python listing, so the log (and the code pane) knows where each thread is.
void at(int line);
// time.sleep(seconds)
void sleep(double seconds);
// Whole seconds; also keeps `sleep(1)` from meaning POSIX ::sleep under `using namespace tl`.
inline void sleep(int seconds) { sleep(static_cast<double>(seconds)); }
// CPU-bound work for `seconds` of scenario time (a busy loop in free mode).
void cpu(double seconds);
// Blocking I/O for `seconds` of scenario time (the thread waits, state IO).
void io(double seconds);
// print(...): a line of output, recorded in the log; `to_stderr` for a
// line written to sys.stderr (a traceback), recorded with ok = 0.
void print(const std::string& line, bool to_stderr = false);
// A random number the scenario may use for durations: seeded per thread from
// the run's seed, so deterministic runs stay reproducible.
double uniform(double lo, double hi);
// threading.current_thread().name, and the thread's number in the log
std::string current_thread_name();
uint32_t current_thread_id();
// time.monotonic() in scenario time, seconds
double monotonic();
// A point where the deterministic scheduler may hand over to another thread
// (an embedded Python thread calls it at its line or bytecode switch points);
// in free mode it only honours pause and stop. Throws ThreadKilled when the
// run is stopped.
void switch_point();
// Deterministic mode: the calling thread, which holds the token, has done
// `cost` of modelled CPU work since its last call (an embedded interpreter
// charges a fixed cost per instruction of the student's code), so virtual
// time moves on by that much and a running thread's bar has a length.
// Nothing is recorded and no other thread is woken by it. Free mode: nothing.
void charge_cpu(Nanos cost);
// The calling thread waits in the kernel for something the engine does not
// see (a pipe from another process, a child's exit): recorded as state io
// until outside_end(). Not a scheduling point.
void outside_begin();
void outside_end();
// Deterministic mode with several processes: the calling thread, in io
// since outside_begin(), found the kernel not ready (a pipe empty, a child
// alive, a multiprocessing lock taken) and waits for another process to do
// something, or until `deadline` (virtual time.monotonic() seconds) passes:
// false then. Not a scheduling point and nothing is recorded, so looking
// again costs the log nothing. Throws ThreadKilled when the run is stopped.
bool wait_for_other_processes(std::optional<double> deadline);
// MainThread's program is over (it returned, or raised: `returned` false)
// and the interpreter's shutdown begins: Op::Exit, once per run (an
// embedded interpreter records it before its own threading._shutdown).
void program_exits(bool returned, int64_t status);
// True once the calling thread is being ended (killed at interpreter exit, or
// the run stopped): its next engine call will throw ThreadKilled.
bool being_ended();

// An object the engine does not implement but the log should show (an
// embedded Python's queue.Queue, whose blocking is done by engine locks):
// its creation is recorded now by the calling thread, honouring PartsOf
// (object.hpp). Returns its id.
// `texts`: its values (a Queue's items, a Future's result) are recorded as
// string ids of their text (ObjNew aux = 1).
uint32_t record_object(ObjKind kind, const std::string& name, int64_t initial = 0, bool texts = false);
// An operation on such an object by the calling thread, recorded as it is:
// no scheduling point, since it happens inside the operation the library
// runs (under the library's own lock).
void record_op_on(uint32_t object, Op op, bool ok, int64_t value = 0, int64_t aux = 0, uint32_t other = kNone);

}  // namespace tl
