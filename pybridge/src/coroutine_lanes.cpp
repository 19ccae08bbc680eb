// _threadlab's functions for coroutine lanes (engine: threadlab/lanes.hpp):
// py/coroutines.py calls them from greenlet's trace function at every switch,
// so each greenlet is a lane of its own inside the OS thread that runs it.
#include "bridge.hpp"
#include "threadlab/lanes.hpp"

namespace tl::py {

extern const char kCoroutinesSource[];  // py/coroutines.py (coroutines_source.cpp, generated)

namespace {

// Recording never blocks and is never a scheduling point, so it runs with
// the GIL held (no call_engine): a switch stays a switch, in every mode.
bool usable() { return bridge().rt && in_scenario_thread() && !being_ended(); }

PyObject* lane_new(PyObject*, PyObject* args) {
    const char* name = nullptr;
    int running = 0;
    if (!PyArg_ParseTuple(args, "sp:lane_new", &name, &running)) return nullptr;
    if (!usable()) return PyLong_FromLong(-1);
    note_line();
    try {
        // Named after its OS thread too, from the engine: once gevent has
        // patched threading, current_thread() in a greenlet is a DummyThread.
        const std::string full = std::string(name) + " @" + current_thread_name();
        return PyLong_FromUnsignedLong(new_lane(full, running ? ThreadState::Running : ThreadState::Ready));
    } catch (const std::exception& e) {
        PyErr_SetString(PyExc_RuntimeError, e.what());
        return nullptr;
    }
}

uint32_t lane_arg(long v) { return v < 0 ? kNone : static_cast<uint32_t>(v); }

PyObject* lane_switch(PyObject*, PyObject* args) {
    long from = -1, to = -1;
    const char* left = "ready";
    if (!PyArg_ParseTuple(args, "lls:lane_switch", &from, &to, &left)) return nullptr;
    const std::string how(left);
    const ThreadState state = how == "done" ? ThreadState::Done : how == "waiting" ? ThreadState::Waiting : ThreadState::Ready;
    if (!usable()) Py_RETURN_NONE;
    // The work the lane left did comes before the switch in (virtual) time,
    // so its running bar has the length of what it computed.
    charge_computed_work();
    try {
        switch_lanes(lane_arg(from), lane_arg(to), state, student_line());
    } catch (const std::exception& e) {
        PyErr_SetString(PyExc_RuntimeError, e.what());
        return nullptr;
    }
    Py_RETURN_NONE;
}

PyObject* lane_end(PyObject*, PyObject* args) {
    long lane = -1;
    int killed = 0;
    if (!PyArg_ParseTuple(args, "lp:lane_end", &lane, &killed)) return nullptr;
    if (!usable() || lane < 0) Py_RETURN_NONE;
    end_lane(lane_arg(lane), killed ? ThreadState::Killed : ThreadState::Done);
    Py_RETURN_NONE;
}

// Called by the prepare and check watchers of gevent's loop (coroutines.py):
// `sleeping` just before the loop waits, not just after.
PyObject* lane_state(PyObject*, PyObject* args) {
    long lane = -1;
    int sleeping = 0;
    if (!PyArg_ParseTuple(args, "lp:lane_state", &lane, &sleeping)) return nullptr;
    if (!usable() || lane < 0) Py_RETURN_NONE;
    charge_computed_work();
    lane_sleeps(lane_arg(lane), sleeping);
    Py_RETURN_NONE;
}

PyMethodDef lane_functions[] = {
    {"lane_new", lane_new, METH_VARARGS,
     "lane_new(name, running) -> tid: a coroutine lane of the calling thread, named 'NAME @THREAD' (-1 outside a run)"},
    {"lane_switch", lane_switch, METH_VARARGS,
     "lane_switch(from, to, left): the calling thread switched from one lane to another (-1: none); "
     "left: 'ready', 'waiting' or 'done', the state of the lane left"},
    {"lane_state", lane_state, METH_VARARGS,
     "lane_state(lane, sleeping): the running lane (and its thread) waits outside the engine, or is back"},
    {"lane_end", lane_end, METH_VARARGS, "lane_end(lane, killed): a lane that will never run again"},
    {nullptr, nullptr, 0, nullptr}};

}  // namespace

// Adds the functions to _threadlab and runs py/coroutines.py, which waits
// for the program to import greenlet (program.cpp calls this after the boot).
bool install_coroutine_lanes(PyObject* module) {
    if (PyModule_AddFunctions(module, lane_functions) < 0) return false;
    PyObject* code = Py_CompileString(kCoroutinesSource, "<threadlab coroutines>", Py_file_input);
    if (!code) return false;
    PyObject* lanes = PyImport_ExecCodeModule("_threadlab_coroutines", code);
    Py_DECREF(code);
    if (!lanes) return false;
    PyObject* r = PyObject_CallMethod(lanes, "install", "O", module);
    Py_DECREF(lanes);
    Py_XDECREF(r);
    return r != nullptr;
}

}  // namespace tl::py
