// Waits in the kernel in a deterministic run with several processes. A
// read of a pipe, a multiprocessing lock, a child's end: what ends them is
// another process's turn, and a real blocking call would keep this
// process's turn for ever. So the thread looks (a call that cannot block),
// and when the kernel is not ready it waits for the next turn of its
// process and looks again. Each look is a C call on the caller's behalf
// (`check`, for example functools.partial(poller.poll, 0)): no bytecode
// runs between looks, so looking again records nothing and moves no
// thread, and the run stays the same run after run.
#include <cmath>

#include "bridge.hpp"
#include "process_turns.hpp"
#include "time_args.hpp"

namespace tl::py {

namespace {

constexpr Nanos kLookCost = 1000;  // a poll() or sem_trywait() with the GIL given up and taken back

bool turns_shared() {
    ProcessTurns* t = shared_turns_or_null();
    return t && t->shared();
}

// wait_until(check, timeout=None): check() until it is true (its result),
// the timeout (virtual seconds) has run out (its last, false result), or
// no other process is alive (None: the caller makes the real call).
PyObject* wait_until(PyObject*, PyObject* args) {
    PyObject* check;
    PyObject* timeout = Py_None;
    if (!PyArg_ParseTuple(args, "O|O:wait_until", &check, &timeout)) return nullptr;
    std::optional<double> deadline;
    if (timeout != Py_None) {
        double seconds;
        if (!seconds_arg(timeout, &seconds)) return nullptr;
        deadline = tl::monotonic() + std::max(0.0, seconds);
    }
    bool shown = false;
    for (;;) {
        tl::charge_cpu(kLookCost);  // a look is a system call: it takes time
        PyObject* r = PyObject_CallNoArgs(check);
        if (!r) return nullptr;
        const int ready = PyObject_IsTrue(r);
        const bool late = deadline && tl::monotonic() >= *deadline;
        if (ready != 0 || late || !turns_shared()) {
            if (shown) tl::outside_end();
            // CPython gives up the GIL around the call, so another thread
            // may run first. Without it, a library loop that looks at a
            // ready pipe until another thread has read it (Pool's worker
            // handler, while its result handler has a result to read) would
            // keep the turn for ever. (Only here: a look that found nothing
            // parks, and is no step of the program.)
            if (!call_engine([] { tl::switch_point(); })) {
                Py_DECREF(r);
                return nullptr;
            }
            if (ready == 0 && !late) {
                Py_DECREF(r);
                Py_RETURN_NONE;
            }
            if (ready < 0) {
                Py_DECREF(r);
                return nullptr;
            }
            return r;
        }
        Py_DECREF(r);
        if (!shown && !being_ended()) {
            note_line();
            tl::outside_begin();
            shown = true;
        }
        if (!call_engine([&] { tl::wait_for_other_processes(deadline); })) return nullptr;
    }
}

PyObject* processes_shared(PyObject*, PyObject*) { return PyBool_FromLong(turns_shared()); }

// An OS pid argument; false (with the Python error set) when it is not an int.
bool pid_arg(PyObject* arg, int* pid) {
    const long v = PyLong_AsLong(arg);
    if (v == -1 && PyErr_Occurred()) return false;
    *pid = static_cast<int>(v);
    return true;
}

PyObject* process_status_fn(PyObject*, PyObject* arg) {
    int pid;
    return pid_arg(arg, &pid) ? PyLong_FromLong(process_status(pid)) : nullptr;
}

PyObject* process_over_fn(PyObject*, PyObject* arg) {
    int pid;
    return pid_arg(arg, &pid) ? PyBool_FromLong(process_status(pid) == 1) : nullptr;
}

PyObject* process_killed_fn(PyObject*, PyObject* args) {
    int pid, sig;
    if (!PyArg_ParseTuple(args, "ii:process_killed", &pid, &sig)) return nullptr;
    bool over = false;
    Py_BEGIN_ALLOW_THREADS
    over = process_killed(pid, sig);
    Py_END_ALLOW_THREADS
    if (over) announce_killed(pid);
    return PyBool_FromLong(over);
}

PyMethodDef functions[] = {
    {"wait_until", wait_until, METH_VARARGS,
     "wait_until(check, timeout=None): look at the kernel until check() is true (deterministic, several processes)"},
    {"processes_shared", processes_shared, METH_NOARGS, "True while the program has other processes alive"},
    {"process_status", process_status_fn, METH_O, "process_status(pid): -1 not the program's, 0 alive, 1 over"},
    {"process_over", process_over_fn, METH_O, "process_over(pid): the program's process pid has ended"},
    {"process_killed", process_killed_fn, METH_VARARGS, "process_killed(pid, sig): after os.kill with SIGTERM or SIGKILL"},
    {nullptr, nullptr, 0, nullptr}};

}  // namespace

bool install_kernel_waits(PyObject* module) { return PyModule_AddFunctions(module, functions) == 0; }

}  // namespace tl::py
