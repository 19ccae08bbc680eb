// Running a student's Python program over the engine. The interpreter is
// CPython 3.11 embedded in this process; `threading`, `queue`,
// `concurrent.futures` and `time` are the stock modules, with the few
// low-level hooks under them (the lock factory, thread start, the end-of-
// thread sentinel, sleep and the clocks) redirected to the engine, so every
// Python thread is an engine thread, every blocking call an engine wait, and
// every operation an event in the run's log.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "threadlab/runtime.hpp"

namespace tl::py {

// Where deterministic mode may switch threads in the student's code:
//   Line      before every line
//   Bytecode  before every bytecode instruction
//   Switch    where CPython 3.11 itself can switch threads (at RESUME and
//             backward jumps, and after a call returns): `counter += 1` in
//             a loop then almost never loses an update, while
//             `counter += f()` and `d[k] = d.get(k, 0) + 1` do, as in CPython.
// Engine calls (lock acquire, sleep, print...) are switch points in all three.
enum class Granularity { Line, Bytecode, Switch };
std::string_view to_string(Granularity g);  // "line", "bytecode", "switch"
std::optional<Granularity> parse_granularity(std::string_view text);

struct ProgramSpec {
    std::string path;    // the file, as tracebacks and markers name it
    std::string source;  // its text (UTF-8)
    Granularity granularity = Granularity::Switch;
};

// How the program ended, as the run's report tells it.
struct ProgramOutcome {
    bool compiled = true;      // false: a SyntaxError (or similar) before anything ran
    bool main_raised = false;  // an exception escaped the main program
    std::string error;         // "ZeroDivisionError: division by zero"
    int error_line = 0;        // its line in the student's file (0 when unknown)
    int exit_status = 0;       // what `python3.11 FILE` would exit with
    bool stopped = false;      // the engine ended MainThread (the run was stopped)
};

// Initialises the interpreter once per process, on the thread that will be
// the run's MainThread: a fixed hash seed (so sets and dicts of strings
// iterate in the same order every run), Debian's python3.11 as
// sys.executable, no user site-packages.
void initialize_interpreter(const std::string& program_path);

// Runs the program as `__main__` in the calling thread, which must be the
// run's MainThread (Runtime::run_main_here) and the thread that initialised
// the interpreter. Then does what interpreter exit does: threading's
// shutdown (joining non-daemon threads) and atexit handlers.
ProgramOutcome run_program(Runtime& rt, const ProgramSpec& spec);

// Free mode: calls the program's top-level `function` (the run `rt` runs)
// with the value that
// `value_literal` evaluates to ("4", "0.5", "True"), from a new thread of
// the run named `thread_name`, which first prints `label` ("teacher:
// consumers 1 -> 4"). Called from a thread that is neither Python's nor the
// run's (the runner's control channel). An error in the function is printed
// as its traceback in the run's output. Deterministic mode: queued, and
// started by the thread running at the program's next switch point
// (start_live_call in boot.py). False when nothing could run: the run has ended.
bool call_in_program(Runtime& rt, const std::string& thread_name, const std::string& function,
                     const std::string& value_literal, const std::string& label);

// A live change scripted for a moment of run time (`--change`).
struct TimedCall {
    std::string function, value_literal, label;  // as call_in_program takes them
    Nanos at = 0;
};
// Deterministic mode: each call is started, as call_in_program's are, at the
// first switch point at or after its time, so the same script gives the
// same log every run. Called once, before the program starts.
void schedule_calls(std::vector<TimedCall> calls);

// Free mode: whether the program has defined its top-level `function` yet
// (a change scripted for its first moments waits for it, as deterministic
// mode's do). From a thread that is neither Python's nor the run's.
bool program_defines(const std::string& function);

// Called when the program is about to end its own process (os._exit), so
// that everything recorded so far reaches the front end first.
void set_flush_hook(std::function<void()> flush);

// A free-mode program's os.fork() (multiprocessing's processes): where the
// child's copy of the log forked from its parent's, taken in the child.
struct ForkPoint {
    uint32_t parent_ospid = 0;
    uint32_t fork_tid = 0;      // the thread that forked: the child's main thread
    uint64_t events = 0, threads = 0, objects = 0, strings = 0;  // sizes of the log then
    Nanos t = 0;
    std::string name;           // the child's: multiprocessing's process name, or fork-N
};
struct ProcessHooks {
    // In the child, once Python runs again after the fork: start sending its log.
    std::function<void(const ForkPoint&)> child_started;
    // In the child, before it ends itself: send the rest of its log.
    std::function<void()> child_ending;
    // Deterministic mode: the program killed its process `ospid` (the
    // kernel has ended it); sent in order with this process's own events.
    std::function<void(uint32_t)> killed;
};
void set_process_hooks(ProcessHooks hooks);
// True in a process forked from the program's.
bool in_forked_child();
// Ends a forked child that ran to the end of the program: its threads'
// ends and the rest of its log are sent, then the process exits.
[[noreturn]] void end_forked_child(int status);

// What the deterministic run is doing, for a watchdog in another thread:
// `steps` grows at every line the student's code runs and every engine
// call; the rest names the thread that last did either (in deterministic
// mode, the one running now). A run whose steps stand still while that
// thread sleeps in the kernel is blocked outside the engine (input(), a
// socket, a subprocess), which deterministic mode cannot schedule around.
struct Activity {
    uint64_t steps = 0;
    uint32_t tid = 0;     // engine thread
    int native_tid = 0;   // its OS thread (gettid)
    int line = 0;         // its line in the student's file
    bool in_engine = false;  // it is inside an engine call (waiting there is the engine's business)
};
Activity activity();

// Raises _threadlab.Stopped in every other Python thread still running, at
// its next bytecode: a daemon thread looping in pure Python makes no engine
// call through which the engine could end it. Needs the GIL.
void interrupt_threads();

// The calling thread (MainThread, after run_program) lets go of the GIL for
// good: daemon threads that the engine is ending need it to unwind.
void leave_interpreter();

// Compiles without running: the outcome of a program that does not parse.
ProgramOutcome check_syntax(const ProgramSpec& spec);

}  // namespace tl::py
