// A call into the running program from outside it: a teacher's slider in
// the front end becomes `set_consumers(4)` in the student's program, run by
// a thread of its own ("teacher") so that the timeline shows who did it.
#include <algorithm>
#include <atomic>
#include <limits>
#include <deque>
#include <mutex>

#include "bridge.hpp"
#include "pybridge/program.hpp"

namespace tl::py {

namespace {

// Deterministic mode: calls waiting for a thread of the run to start them.
struct LiveCall {
    std::string function, value_literal, label;
    int tries = 0;  // switch points it has waited for its function to be defined
};
// After this many, the call runs anyway (and its NameError is printed): a
// function that never comes must not cost every switch point a call into Python.
constexpr int kMostTries = 2000;
std::mutex live_mutex;
std::deque<LiveCall> live_calls;
std::atomic<bool> live_pending{false};
// Scripted calls not yet due, latest first (the next one is at the back);
// touched only by the thread holding the token, and before the run starts.
std::vector<TimedCall> timed_calls;
std::atomic<Nanos> next_timed{std::numeric_limits<Nanos>::max()};

// Asks the scheduler for a turn at the next scripted call's time, so that
// it lands then even while every thread sleeps (Runtime::want_outside_turn).
void want_next_timed_turn() {
    const Nanos next = next_timed.load(std::memory_order_relaxed);
    if (bridge().rt && next != std::numeric_limits<Nanos>::max()) bridge().rt->want_outside_turn(next);
}

// Moves the scripted calls that are due by `now` into the queue.
void queue_due_calls(Nanos now) {
    if (now < next_timed.load(std::memory_order_relaxed)) return;
    if (in_forked_child()) return;  // the script is the parent's: a pool's worker process does not replay it
    std::lock_guard lk(live_mutex);
    while (!timed_calls.empty() && timed_calls.back().at <= now) {
        TimedCall& c = timed_calls.back();
        live_calls.push_back({std::move(c.function), std::move(c.value_literal), std::move(c.label)});
        timed_calls.pop_back();
        live_pending.store(true, std::memory_order_release);
    }
    next_timed.store(timed_calls.empty() ? std::numeric_limits<Nanos>::max() : timed_calls.back().at,
                     std::memory_order_relaxed);
    want_next_timed_turn();
}

// function(eval(value_literal)) in __main__, as boot.run_live_call_here does
// it: to the program, a thread named `thread_name` while the call runs (free
// mode's adopted thread). False with a Python error set.
bool call_as_teacher(const std::string& thread_name, const std::string& function, const std::string& value_literal) {
    PyObject* boot = PyImport_ImportModule("_threadlab_boot");
    if (!boot) return false;
    PyObject* r = PyObject_CallMethod(boot, "run_live_call_here", "sss", thread_name.c_str(), function.c_str(),
                                      value_literal.c_str());
    Py_DECREF(boot);
    Py_XDECREF(r);
    return r != nullptr;
}

}  // namespace

bool call_in_program(Runtime& rt, const std::string& thread_name, const std::string& function,
                     const std::string& value_literal, const std::string& label) {
    if (bridge().exiting.load()) return false;
    if (rt.config().mode == Mode::Deterministic) {  // (the run's own setting: bridge() is the program thread's)
        // No thread from outside may run here (the scheduler alone decides
        // who runs): the thread running at the next switch point starts the
        // teacher's thread, as a thread of the program would.
        if (rt.finished()) return false;
        {
            std::lock_guard lk(live_mutex);
            live_calls.push_back({function, value_literal, label});
            live_pending.store(true, std::memory_order_release);
        }
        rt.want_outside_turn(0);  // now, even while every thread sleeps
        return true;
    }
    // Python state is touched only inside, with the GIL held.
    return rt.adopt_here(thread_name, [&] {
        PyThreadState* ts = PyThreadState_New(bridge().interp);
        PyEval_RestoreThread(ts);
        tl::print(label);
        if (!call_as_teacher(thread_name, function, value_literal)) {
            if (PyErr_ExceptionMatches(bridge().stopped))
                PyErr_Clear();
            else
                PyErr_Print();  // the traceback, in the run's output as stderr lines
        }
        const bool killed = stop_was_raised() || being_ended() || bridge().exiting.load();
        clear_stop_raised();
        PyThreadState_Clear(ts);
        PyThreadState_DeleteCurrent();
        if (killed) throw ThreadKilled{};
    });
}

bool program_defines(const std::string& function) {
    if (bridge().exiting.load() || !bridge().interp) return false;
    // A lookup in __main__'s dict runs no Python code: no thread of the run
    // is needed, only the GIL.
    PyThreadState* ts = PyThreadState_New(bridge().interp);
    PyEval_RestoreThread(ts);
    PyObject* main = PyImport_AddModule("__main__");                 // borrowed
    PyObject* globals = main ? PyModule_GetDict(main) : nullptr;      // borrowed
    PyObject* fn = globals ? PyDict_GetItemString(globals, function.c_str()) : nullptr;  // borrowed
    const bool defined = fn && PyCallable_Check(fn);
    PyErr_Clear();
    PyThreadState_Clear(ts);
    PyThreadState_DeleteCurrent();
    return defined;
}

void schedule_calls(std::vector<TimedCall> calls) {
    std::stable_sort(calls.begin(), calls.end(), [](const TimedCall& a, const TimedCall& b) { return a.at < b.at; });
    std::reverse(calls.begin(), calls.end());  // the earliest at the back, popped first
    std::lock_guard lk(live_mutex);
    timed_calls = std::move(calls);
    next_timed.store(timed_calls.empty() ? std::numeric_limits<Nanos>::max() : timed_calls.back().at);
}

void let_outside_calls_in(Runtime& rt) {
    // A sleeper woken for them: inside time.sleep, the GIL released.
    rt.set_outside_hook([] {
        PyGILState_STATE g = PyGILState_Ensure();
        note_engine_call(false);
        start_pending_live_calls();
        note_engine_call(true);  // back in the engine: the sleep goes on
        PyGILState_Release(g);
    });
    want_next_timed_turn();
}

void start_pending_live_calls() {
    if (bridge().rt) queue_due_calls(bridge().rt->clock_now());
    if (!live_pending.load(std::memory_order_acquire)) return;
    std::deque<LiveCall> calls;
    {
        std::lock_guard lk(live_mutex);
        calls.swap(live_calls);
        live_pending.store(false, std::memory_order_release);
    }
    PyObject* boot = PyImport_ImportModule("_threadlab_boot");
    std::deque<LiveCall> waiting;
    for (LiveCall& c : calls) {
        PyObject* r = boot ? PyObject_CallMethod(boot, "start_live_call", "sssi", c.function.c_str(),
                                                 c.value_literal.c_str(), c.label.c_str(), c.tries < kMostTries)
                           : nullptr;
        if (!r) PyErr_Print();  // in the run's output, as the program's own errors are
        if (r == Py_False) {    // its function is not defined yet: at a later switch point
            ++c.tries;
            waiting.push_back(std::move(c));
        }
        Py_XDECREF(r);
    }
    Py_XDECREF(boot);
    if (!waiting.empty()) {
        std::lock_guard lk(live_mutex);
        for (auto it = waiting.rbegin(); it != waiting.rend(); ++it) live_calls.push_front(std::move(*it));
        live_pending.store(true, std::memory_order_release);
    }
}

}  // namespace tl::py
