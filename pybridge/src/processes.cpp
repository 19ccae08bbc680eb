// Processes: os.fork() (and so multiprocessing, whose default start method
// on Linux is fork) in a free-mode run. The child goes on with a copy of the
// engine and of its log; it must find the engine's mutexes free (the
// pthread_atfork handlers below hold them across the fork), and it sends
// what it records from the fork point on as a stream of its own, which the
// front end merges into the run's log (runner/stream_merge.hpp). Python's
// own fork hooks (threading._after_fork) run after these, so they already
// find a working engine.
#include <pthread.h>
#include <unistd.h>

#include "bridge.hpp"
#include "process_turns.hpp"
#include "pybridge/program.hpp"

namespace tl::py {

namespace {

struct ForkState {
    ForkPoint point;             // of the last fork, taken in the child
    std::string next_name;       // what the next fork's child is called
    uint32_t forks = 0;          // children named by default so far
    uint32_t own_threads = 0;    // this process's own tids start here (0: the program's process)
    bool forked_child = false;
};

ForkState& state() {
    static ForkState s;
    return s;
}

ProcessHooks& hooks() {
    static ProcessHooks h;
    return h;
}

void before_fork() {
    if (Runtime* rt = bridge().rt) rt->hold_for_fork();
}

void after_fork_in_parent() {
    if (Runtime* rt = bridge().rt) rt->release_after_fork();
}

// Only what is safe with one thread and no Python: the point is read, the
// stream starts later, when Python is back (forked()).
void after_fork_in_child() {
    Runtime* rt = bridge().rt;
    if (!rt) return;
    rt->release_after_fork();
    ForkState& s = state();
    ForkPoint& p = s.point;
    p.parent_ospid = static_cast<uint32_t>(getppid());
    p.events = rt->log().seal_after_fork();
    p.threads = rt->log().thread_count();
    p.objects = rt->log().object_count();
    p.strings = rt->log().string_count();
    p.fork_tid = in_scenario_thread() ? current_thread_id() : kNone;
    p.t = rt->now();
    p.name = s.next_name.empty() ? "fork-" + std::to_string(++s.forks) : s.next_name;
    s.next_name.clear();
    s.own_threads = static_cast<uint32_t>(p.threads);
    s.forked_child = true;
    if (bridge().deterministic && shared_turns_or_null()) {
        // The parent's shipper is not this process's (its thread did not
        // survive the fork): nothing is sent until the child's own starts.
        set_flush_hook({});
        rt->keep_only_caller_after_fork();
        begin_child_process();  // waits for the child's first turn
    }
}

// reserve_process(): before os.fork() in a deterministic run, the child's
// place in the processes' turns.
PyObject* reserve_process(PyObject*, PyObject*) {
    Runtime* rt = bridge().rt;
    if (!rt || !bridge().deterministic) Py_RETURN_NONE;
    if (std::optional<std::string> error = reserve_child_process(rt->now())) {
        PyErr_SetString(PyExc_RuntimeError, ("ThreadLab: " + *error).c_str());
        return nullptr;
    }
    set_turn_flush([] { flush_log_now(); });
    Py_RETURN_NONE;
}

// child_pid(pid): in the parent, what os.fork() returned (-1: it raised).
PyObject* child_pid(PyObject*, PyObject* arg) {
    const long pid = PyLong_AsLong(arg);
    if (pid == -1 && PyErr_Occurred()) return nullptr;
    child_forked(static_cast<int>(pid));
    Py_RETURN_NONE;
}

// name_next_fork(name): what the child of the next os.fork() is called.
PyObject* name_next_fork(PyObject*, PyObject* arg) {
    const char* name = PyUnicode_AsUTF8(arg);
    if (!name) return nullptr;
    state().next_name = name;
    Py_RETURN_NONE;
}

// forked(): in the child, right after os.fork() returned there.
PyObject* forked(PyObject*, PyObject*) {
    if (!state().forked_child || !hooks().child_started) Py_RETURN_NONE;
    const ForkPoint p = state().point;
    Py_BEGIN_ALLOW_THREADS
    hooks().child_started(p);
    Py_END_ALLOW_THREADS
    Py_RETURN_NONE;
}

// end_process(status): a forked child is about to end itself (os._exit).
PyObject* end_process(PyObject*, PyObject* arg) {
    const long status = PyLong_AsLong(arg);
    if (status == -1 && PyErr_Occurred()) return nullptr;
    Runtime* rt = bridge().rt;
    if (!state().forked_child || !rt) Py_RETURN_NONE;
    Py_BEGIN_ALLOW_THREADS
    rt->end_forked_process(state().own_threads, status == 0);
    if (hooks().child_ending) hooks().child_ending();
    end_child_process(rt->now());
    Py_END_ALLOW_THREADS
    Py_RETURN_NONE;
}

// fn(*args, **kwargs) with the thread shown waiting in I/O meanwhile; or,
// `after_turns`, a call that waits only for the kernel to finish what the
// processes' turns have already ended (the exit of a child whose last turn
// is over). That takes no virtual time, so nothing is shown, but on a loaded
// machine it can take seconds of real time (the child seen in state D): it
// is no wait outside the program, and the blocked-outside watchdog must not
// report it.
PyObject* call_outside(PyObject* args, PyObject* kwargs, bool after_turns) {
    const Py_ssize_t n = PyTuple_GET_SIZE(args);
    if (n < 1) {
        PyErr_SetString(PyExc_TypeError, "outside(fn, *args): fn is missing");
        return nullptr;
    }
    PyObject* rest = PyTuple_GetSlice(args, 1, n);
    if (!rest) return nullptr;
    const bool shown = !after_turns && in_scenario_thread() && !being_ended();
    if (shown) tl::outside_begin();  // a record only: never blocks, so the GIL may stay held
    if (after_turns) note_engine_call(true);
    PyObject* result = PyObject_Call(PyTuple_GET_ITEM(args, 0), rest, kwargs);
    if (after_turns) note_engine_call(false);
    if (shown) tl::outside_end();
    Py_DECREF(rest);
    return result;
}

// outside(fn, *args, **kwargs): a call that waits in the kernel, for example
// a read of a pipe from another process, a wait for a child, a
// multiprocessing lock, which the engine cannot see (the thread would
// otherwise look busy running).
PyObject* outside(PyObject*, PyObject* args, PyObject* kwargs) { return call_outside(args, kwargs, false); }

// after_last_turn(fn, *args, **kwargs): as outside(), for a call that only
// waits for a process whose last turn is over to leave the kernel.
PyObject* after_last_turn(PyObject*, PyObject* args, PyObject* kwargs) { return call_outside(args, kwargs, true); }

PyMethodDef functions[] = {
    {"outside", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(outside)), METH_VARARGS | METH_KEYWORDS,
     "outside(fn, *args, **kwargs): a call that waits in the kernel, shown as io"},
    {"after_last_turn", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(after_last_turn)),
     METH_VARARGS | METH_KEYWORDS, "after_last_turn(fn, *args, **kwargs): outside(), for a child whose last turn is over"},
    {"name_next_fork", name_next_fork, METH_O, "name_next_fork(name): the next forked child's name"},
    {"forked", forked, METH_NOARGS, "in a forked child: start sending its own log"},
    {"end_process", end_process, METH_O, "end_process(status): a forked child ends (before os._exit)"},
    {"reserve_process", reserve_process, METH_NOARGS, "before os.fork() in a deterministic run"},
    {"child_pid", child_pid, METH_O, "child_pid(pid): after os.fork() in the parent"},
    {nullptr, nullptr, 0, nullptr}};

}  // namespace

void end_forked_child(int status) {
    Runtime* rt = bridge().rt;
    if (rt) rt->end_forked_process(state().own_threads, status == 0);
    if (hooks().child_ending) hooks().child_ending();
    if (rt) end_child_process(rt->now());
    ::_exit(status);
}

void set_process_hooks(ProcessHooks h) { hooks() = std::move(h); }

bool in_forked_child() { return state().forked_child; }

void guard_engine_across_fork() {
    static const bool registered = (pthread_atfork(before_fork, after_fork_in_parent, after_fork_in_child), true);
    (void)registered;
}

void announce_killed(int ospid) {
    if (hooks().killed) hooks().killed(static_cast<uint32_t>(ospid));
}

bool install_process_functions(PyObject* module) {
    return PyModule_AddFunctions(module, functions) == 0 && install_kernel_waits(module);
}

}  // namespace tl::py
