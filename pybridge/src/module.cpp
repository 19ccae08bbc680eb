// The built-in module `_threadlab`: what boot.py puts under threading,
// queue and time, gathered from the files that implement each part.
#include <unistd.h>

#include "bridge.hpp"

namespace tl::py {

namespace {
thread_local bool tls_stop_raised = false;

PyObject* print_line(PyObject*, PyObject* args) {
    const char* text = nullptr;
    int to_stderr = 0;
    if (!PyArg_ParseTuple(args, "s|p:print_line", &text, &to_stderr)) return nullptr;
    note_line();
    std::string line(text);
    if (!call_engine([&] { tl::print(line, to_stderr); })) return nullptr;
    Py_RETURN_NONE;
}

PyObject* student_line_fn(PyObject*, PyObject*) { return PyLong_FromLong(student_line()); }

std::function<void()>& flush_hook() {
    static std::function<void()> hook;
    return hook;
}

PyObject* flush_log(PyObject*, PyObject*) {
    if (flush_hook()) {
        Py_BEGIN_ALLOW_THREADS
        flush_hook()();
        Py_END_ALLOW_THREADS
    }
    Py_RETURN_NONE;
}

// sys.setswitchinterval reaches the engine too: in deterministic mode the
// modelled GIL switches threads after that interval of virtual time.
PyObject* set_switch_interval(PyObject*, PyObject* arg) {
    const double seconds = PyFloat_AsDouble(arg);
    if (seconds == -1.0 && PyErr_Occurred()) return nullptr;
    if (bridge().rt) bridge().rt->set_program_switch_interval(seconds);
    Py_RETURN_NONE;
}

// phase(name): the part of the program that begins now, a band on the timeline.
PyObject* phase(PyObject*, PyObject* arg) {
    const char* text = PyUnicode_AsUTF8(arg);
    if (!text) return nullptr;
    note_line();
    std::string name(text);
    if (!in_scenario_thread()) Py_RETURN_NONE;
    if (!call_engine([&] { tl::record_op_on(kNone, Op::Phase, true, current_runtime().log().intern(name)); }))
        return nullptr;
    Py_RETURN_NONE;
}

PyMethodDef module_functions[] = {
    {"phase", phase, METH_O, "phase(name): the part of the program that begins now"},
    {"set_switch_interval", set_switch_interval, METH_O, "set_switch_interval(seconds): the engine's switch interval"},
    {"print_line", print_line, METH_VARARGS, "print_line(text, to_stderr=False): a line of the program's output"},
    {"student_line", student_line_fn, METH_NOARGS, "the line of the student's file this thread is at"},
    {"live_call_ready", live_call_ready, METH_O, "live_call_ready(name): may a live change call name() now"},
    {"flush_log", flush_log, METH_NOARGS, "sends the log recorded so far to the front end now"},
    {nullptr, nullptr, 0, nullptr}};

PyModuleDef module_def = {PyModuleDef_HEAD_INIT, "_threadlab", "ThreadLab's engine under threading, queue and time",
                          -1, module_functions, nullptr, nullptr, nullptr, nullptr};

PyObject* init_module() {
    PyObject* m = PyModule_Create(&module_def);
    if (!m) return nullptr;
    Bridge& b = bridge();
    b.stopped = PyErr_NewExceptionWithDoc(
        "_threadlab.Stopped",
        "Raised in a thread that ThreadLab is ending: the run was stopped, or the interpreter is exiting under a "
        "daemon thread. Derived from BaseException so that `except Exception` does not catch it.",
        PyExc_BaseException, nullptr);
    if (!b.stopped) return nullptr;
    Py_INCREF(b.stopped);
    if (PyModule_AddObject(m, "Stopped", b.stopped) < 0 || !add_lock_types(m) || !install_thread_functions(m) ||
        !install_time_functions(m) || !install_named_objects(m) || !install_process_functions(m) || !install_signal_functions(m) || !install_hooked_calls(m) || PyModule_AddIntConstant(m, "deterministic", b.deterministic) < 0 ||
        PyModule_AddObject(m, "seed", PyLong_FromUnsignedLongLong(b.rt ? b.rt->config().seed : 0)) < 0 ||
        PyModule_AddObject(m, "speed", PyFloat_FromDouble(b.rt ? b.rt->config().speed : 1.0)) < 0) {
        Py_DECREF(m);
        return nullptr;
    }
    return m;
}
}  // namespace

void set_flush_hook(std::function<void()> flush) { flush_hook() = std::move(flush); }

void flush_log_now() {
    if (flush_hook()) flush_hook()();
}

void note_activity(int line) {
    Bridge& b = bridge();
    if (!b.deterministic) return;  // free mode has no watchdog: keep its engine calls cheap
    thread_local const int native = static_cast<int>(gettid());
    b.active_native.store(native, std::memory_order_relaxed);
    if (in_scenario_thread()) b.active_tid.store(current_thread_id(), std::memory_order_relaxed);
    // This thread's own last line, never another's: a thread that blocks
    // right after a switch is reported at its line, not the previous
    // thread's (0 when it has not reached a line of the student's yet).
    thread_local int own_line = 0;
    if (line > 0) own_line = line;
    b.active_line.store(own_line, std::memory_order_relaxed);
    b.steps.fetch_add(1, std::memory_order_release);
}

void note_engine_call(bool entering) {
    if (!bridge().deterministic) return;
    note_activity();
    bridge().active_in_engine.store(entering, std::memory_order_relaxed);
}

Activity activity() {
    const Bridge& b = bridge();
    Activity a;
    a.steps = b.steps.load(std::memory_order_acquire);
    a.tid = b.active_tid.load(std::memory_order_relaxed);
    a.native_tid = b.active_native.load(std::memory_order_relaxed);
    a.line = b.active_line.load(std::memory_order_relaxed);
    a.in_engine = b.active_in_engine.load(std::memory_order_relaxed);
    return a;
}

Bridge& bridge() {
    static Bridge b;
    return b;
}

// Registered with PyImport_AppendInittab before the interpreter starts.
extern "C" PyObject* threadlab_module_init() { return init_module(); }

void raise_stopped() {
    tls_stop_raised = true;
    PyErr_SetString(bridge().stopped, "the run is being stopped");
}

bool stop_was_raised() { return tls_stop_raised; }
void clear_stop_raised() { tls_stop_raised = false; }

void set_python_error(const PyError& e) {
    PyObject* type = PyExc_RuntimeError;
    if (e.type() == "ValueError")
        type = PyExc_ValueError;
    else if (e.type() == "TimeoutError")
        type = PyExc_TimeoutError;
    else if (e.type() == "AttributeError")
        type = PyExc_AttributeError;
    else if (e.type() == "OverflowError")
        type = PyExc_OverflowError;
    PyErr_SetString(type, e.what());
}

}  // namespace tl::py
