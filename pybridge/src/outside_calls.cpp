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
#include <opcode.h>  // after Python.h

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

// Whether every global name `code` reads (LOAD_GLOBAL, in it and in the
// code nested in it: comprehensions, lambdas) is bound in `globals` or in
// builtins. A live change waits for this, not only for its function: a
// setter defined at the top of the file may use a lock or a list assigned
// further down, and on a slow machine the change can arrive in between
// (then it would fail with a NameError the program does not have).
bool names_bound(PyObject* code, PyObject* globals, PyObject* builtins, int depth = 0) {
    if (depth > 8) return true;  // (nesting this deep is not a student's setter)
    auto* c = reinterpret_cast<PyCodeObject*>(code);
    PyObject* bytes = PyCode_GetCode(c);  // without the interpreter's specialisations, as frames.cpp reads it
    PyObject* names = c->co_names;
    PyObject* consts = c->co_consts;
    bool bound = bytes && PyBytes_Check(bytes) && PyTuple_Check(names) && PyTuple_Check(consts);
    if (bound) {
        const auto* op = reinterpret_cast<const unsigned char*>(PyBytes_AS_STRING(bytes));
        const Py_ssize_t n = PyBytes_GET_SIZE(bytes);
        unsigned long ext = 0;
        for (Py_ssize_t i = 0; bound && i + 1 < n; i += 2) {
            const unsigned long arg = ext | op[i + 1];
            if (op[i] == EXTENDED_ARG) {
                ext = arg << 8;
                continue;
            }
            ext = 0;
            if (op[i] != LOAD_GLOBAL) continue;
            const Py_ssize_t at = static_cast<Py_ssize_t>(arg >> 1);  // 3.11: the low bit says "push NULL too"
            if (at >= PyTuple_GET_SIZE(names)) continue;
            PyObject* name = PyTuple_GET_ITEM(names, at);
            bound = PyDict_GetItemWithError(globals, name) || (builtins && PyDict_GetItemWithError(builtins, name));
        }
        for (Py_ssize_t i = 0; bound && i < PyTuple_GET_SIZE(consts); ++i)
            if (PyCode_Check(PyTuple_GET_ITEM(consts, i)))
                bound = names_bound(PyTuple_GET_ITEM(consts, i), globals, builtins, depth + 1);
    }
    Py_XDECREF(bytes);
    PyErr_Clear();
    return bound;
}

// Whether __main__ has defined `function` and everything it reads. With the GIL.
bool ready_to_call(const char* function) {
    PyObject* main = PyImport_AddModule("__main__");                       // borrowed
    PyObject* globals = main ? PyModule_GetDict(main) : nullptr;            // borrowed
    PyObject* fn = globals ? PyDict_GetItemString(globals, function) : nullptr;  // borrowed
    if (!fn || !PyFunction_Check(fn)) {
        const bool callable = fn && PyCallable_Check(fn);  // a class or a builtin: nothing to look into
        PyErr_Clear();
        return callable;
    }
    PyObject* builtins_module = PyImport_AddModule("builtins");             // borrowed
    PyObject* builtins = builtins_module ? PyModule_GetDict(builtins_module) : nullptr;
    const bool ready = names_bound(PyFunction_GET_CODE(fn), PyFunction_GET_GLOBALS(fn), builtins);
    PyErr_Clear();
    return ready;
}

}  // namespace

PyObject* live_call_ready(PyObject*, PyObject* arg) {
    const char* function = PyUnicode_AsUTF8(arg);
    if (!function) return nullptr;
    return PyBool_FromLong(ready_to_call(function));
}

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
    // Lookups in __main__'s dict and its code's attributes run no Python
    // code: no thread of the run is needed, only the GIL.
    PyThreadState* ts = PyThreadState_New(bridge().interp);
    PyEval_RestoreThread(ts);
    const bool defined = ready_to_call(function.c_str());
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
