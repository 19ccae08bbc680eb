// What the parts of the bridge share: the run it serves, the calling
// convention for engine calls made from Python, and how Python-side
// exceptions and engine errors cross over.
#pragma once
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <atomic>
#include <string>

#include "pybridge/program.hpp"
#include "threadlab/errors.hpp"
#include "threadlab/runtime.hpp"

namespace tl::py {

struct Bridge {
    Runtime* rt = nullptr;
    bool deterministic = false;
    Granularity granularity = Granularity::Switch;
    PyObject* main_file = nullptr;  // str: co_filename of the student's code
    PyObject* stopped = nullptr;    // _threadlab.Stopped, the exception that unwinds a stopped thread
    PyInterpreterState* interp = nullptr;
    // The interpreter is exiting: every Python thread still running is being
    // ended (as a daemon thread is cut off), whatever it was doing.
    std::atomic<bool> exiting{false};
    // See Activity in program.hpp.
    std::atomic<uint64_t> steps{0};
    std::atomic<uint32_t> active_tid{0};
    std::atomic<int> active_native{0};
    std::atomic<int> active_line{0};
    std::atomic<bool> active_in_engine{false};
};

// The calling thread is running the program's code now (at `line`, 0 to
// keep the last one), or is entering / has left an engine call: for the
// deterministic watchdog (program.hpp, Activity).
void note_activity(int line = 0);
void note_engine_call(bool entering);
// Deterministic mode: moves virtual time on by the modelled cost of the
// student's code this thread ran since it last did (switch_points.cpp), if
// that is at least `at_least` (a switch point charges in batches: it comes
// at every instruction at bytecode granularity).
void charge_computed_work(Nanos at_least = 0);
Bridge& bridge();

// The student's own code (their file), as opposed to the standard library.
bool is_student_code(PyCodeObject* code);

// Calls into the engine with the GIL released (an engine call may block, or
// in deterministic mode hand the token to another thread, which then needs
// the GIL). Engine errors become Python exceptions; a stopped run becomes
// _threadlab.Stopped. Returns false with a Python exception set on failure.
template <class F>
bool call_engine(F&& fn);

// Sets the Python exception for a thread the engine is ending, and marks the
// thread so that its end is recorded as killed.
void raise_stopped();
bool stop_was_raised();       // in the calling thread
void clear_stop_raised();
void set_python_error(const PyError& e);

// Tags the calling thread's next engine events with the line of the
// innermost frame of the student's file (a thread inside the library shows
// the line that called in).
void note_line();
int student_line();  // that line, 0 when no frame of the student's is on the stack

// The name a new object should have in the log: the variable it is being
// assigned to in the student's code (`q`, `self.lock`, `q.mutex` for a lock
// made by Queue.__init__ for `q = Queue()`), or `fallback` followed by a
// number.
std::string assigned_name(const std::string& fallback);
// The name of the object whose constructor (or factory: submit) is running
// now: what the student assigns it to (`q = Queue()`, `f = ex.submit(...)`).
std::string constructed_name(const std::string& fallback);
std::string numbered(const std::string& base);  // "lock-3": the base and a counter of its own
// True when the object being made is the library's own working state (the
// waiter as_completed() makes), not one the student made or asked a
// constructor to make: such objects are details, never listed.
bool made_for_library();

// threading.get_ident() of an engine thread: made from its number, so that
// it is the same in every deterministic run (an OS thread's address is not).
// 0 for kNone.
unsigned long python_ident(uint32_t tid);

// Module parts, registered by module.cpp.
bool add_lock_types(PyObject* module);
PyObject* new_engine_lock(bool rlock, const std::string& name);
bool install_thread_functions(PyObject* module);
bool install_time_functions(PyObject* module);
bool install_named_objects(PyObject* module);
bool install_process_functions(PyObject* module);
bool install_kernel_waits(PyObject* module);
// The program killed one of its processes (deterministic mode): the log
// says so at this point of the killer's stream.
void announce_killed(int ospid);
// Sends what this process has recorded now (the flush hook, if any).
void flush_log_now();
// Deterministic mode, in a thread of the run at a switch point, with the GIL:
// starts the teacher's threads for live changes that have arrived (outside_calls.cpp).
void start_pending_live_calls();
// _threadlab.live_call_ready(name): whether __main__ has defined the function
// `name` and every global it reads, so that a live change may call it now.
PyObject* live_call_ready(PyObject*, PyObject* arg);
// Deterministic mode: lets live and scripted changes in while every thread
// sleeps (Runtime::set_outside_hook), and asks for the first scripted one's turn.
void let_outside_calls_in(Runtime& rt);
// A signal reaches the main thread blocked in an engine wait (signals.cpp):
// from the start of the program's run to the end of its interpreter's exit.
void let_signals_in(Runtime& rt);
void stop_hearing_signals();
bool install_signal_functions(PyObject* module);
// _threadlab.hooked (hooked_calls.cpp): objects.py's wrappers, adding no frame to tracebacks.
bool install_hooked_calls(PyObject* module);
// pthread_atfork handlers that keep the engine usable in a forked child (processes.cpp).
void guard_engine_across_fork();
void install_tracing_for_this_thread();  // deterministic mode's switch points

// ---- template ----------------------------------------------------------

struct EngineFailure {
    enum Kind { None, Killed, Interrupted, Python, Other } kind = None;
    std::string type, message;
};

template <class F>
bool call_engine(F&& fn) {
    EngineFailure failure;
    charge_computed_work();  // the work done so far comes before the call in time
    note_engine_call(true);
    PyThreadState* ts = PyEval_SaveThread();
    try {
        fn();
    } catch (const ThreadKilled&) {
        failure.kind = EngineFailure::Killed;
    } catch (const WaitInterrupted&) {
        failure.kind = EngineFailure::Interrupted;  // a signal handler raised: its error is set
    } catch (const PyError& e) {
        failure = {EngineFailure::Python, e.type(), e.what()};
    } catch (const std::exception& e) {
        failure = {EngineFailure::Other, "SystemError", e.what()};
    }
    PyEval_RestoreThread(ts);
    note_engine_call(false);
    switch (failure.kind) {
        // (A handler's error with the wait over anyway: raised as the call
        // returns, as CPython would raise it at the next instruction.)
        case EngineFailure::None: return !PyErr_Occurred();
        case EngineFailure::Interrupted: return false;
        case EngineFailure::Killed: raise_stopped(); return false;
        case EngineFailure::Python: set_python_error(PyError(failure.type, failure.message)); return false;
        case EngineFailure::Other: PyErr_SetString(PyExc_SystemError, failure.message.c_str()); return false;
    }
    return false;
}

}  // namespace tl::py
