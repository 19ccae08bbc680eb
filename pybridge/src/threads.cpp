// _thread.start_new_thread, _thread._set_sentinel and _thread.get_ident over
// engine threads: a Python thread is an engine Thread whose body takes a
// thread state of the interpreter and calls the function, and the lock that
// threading's join() waits on is the engine thread's own end.
#include <memory>
#include <mutex>
#include <optional>
#include <set>

#include "bridge.hpp"
#include "threadlab/lock.hpp"
#include "threadlab/thread.hpp"
#include "time_args.hpp"

namespace tl::py {

namespace {

thread_local Thread* tls_engine_thread = nullptr;  // nullptr in MainThread

// The OS idents of the Python threads running now, for interrupt_threads().
std::mutex live_mutex;
std::set<unsigned long> live_idents;
thread_local std::string tls_failure;             // "Type: message" when threading.excepthook reported one

std::string attr_text(PyObject* obj, const char* attr) {
    std::string out;
    if (PyObject* v = PyObject_GetAttrString(obj, attr)) {
        if (PyObject* s = PyObject_Str(v)) {
            if (const char* c = PyUnicode_AsUTF8(s)) out = c;
            Py_DECREF(s);
        }
        Py_DECREF(v);
    }
    PyErr_Clear();
    return out;
}

// The name and daemon flag of the threading.Thread whose _bootstrap is
// being started; a bare _thread.start_new_thread(fn, args) gets the
// function's name and, as far as exit is concerned, is a daemon.
void thread_identity(PyObject* func, std::string* name, bool* daemon) {
    *daemon = true;  // interpreter exit does not wait for a bare _thread thread
    PyObject* owner = PyObject_GetAttrString(func, "__self__");
    PyErr_Clear();
    if (owner && PyObject_HasAttrString(owner, "_bootstrap_inner")) {
        *name = attr_text(owner, "name");
        *daemon = attr_text(owner, "daemon") == "True";
    }
    Py_XDECREF(owner);
    if (name->empty()) *name = attr_text(func, "__qualname__");
    if (name->empty()) *name = "thread";
}

// Thread.start() waits on the thread's _started Event until the new thread
// runs: shown as waiting on the thread being started (its engine Thread
// object, which exists from now on), not on an Event the student never made.
void show_start_on_thread(PyObject* func, uint32_t object) {
    PyObject* owner = PyObject_GetAttrString(func, "__self__");
    PyObject* started = owner ? PyObject_GetAttrString(owner, "_started") : nullptr;
    PyObject* cond = started ? PyObject_GetAttrString(started, "_cond") : nullptr;
    PyErr_Clear();
    if (cond) {
        PyObject* id = PyLong_FromUnsignedLong(object);
        PyObject_SetAttrString(started, "_threadlab_shown", id);
        PyObject_SetAttrString(cond, "_threadlab_shown", id);
        Py_XDECREF(id);
        PyErr_Clear();
    }
    Py_XDECREF(cond);
    Py_XDECREF(started);
    Py_XDECREF(owner);
}

struct Start {
    PyObject* func;
    PyObject* args;
    PyObject* kwargs;  // may be nullptr
};

// The body of an engine thread that runs Python. In deterministic mode the
// engine has already given it the token, so taking the GIL never waits.
void run_python_thread(Start s, Thread* self) {
    tls_engine_thread = self;
    PyThreadState* ts = PyThreadState_New(bridge().interp);
    PyEval_RestoreThread(ts);
    {
        std::lock_guard lk(live_mutex);
        live_idents.insert(PyThread_get_thread_ident());
    }
    install_tracing_for_this_thread();
    PyObject* result = PyObject_Call(s.func, s.args, s.kwargs);
    if (!result) {
        if (PyErr_ExceptionMatches(PyExc_SystemExit) || PyErr_ExceptionMatches(bridge().stopped)) {
            PyErr_Clear();
        } else {
            // What _thread does for a function that raises (threading's own
            // threads never get here: _bootstrap_inner calls excepthook).
            PyObject* msg = PyUnicode_FromString("in thread started by");
            PyErr_WriteUnraisable(msg ? msg : s.func);
            Py_XDECREF(msg);
        }
    }
    Py_XDECREF(result);
    Py_DECREF(s.func);
    Py_DECREF(s.args);
    Py_XDECREF(s.kwargs);
    {
        std::lock_guard lk(live_mutex);
        live_idents.erase(PyThread_get_thread_ident());
    }
    // Killed: told so by an engine call (stop_was_raised), or by
    // interrupt_threads() while it ran pure Python (the engine knows).
    const bool killed = stop_was_raised() || being_ended() || bridge().exiting.load();
    clear_stop_raised();
    std::string failure;
    failure.swap(tls_failure);
    PyThreadState_Clear(ts);
    PyThreadState_DeleteCurrent();  // and lets go of the GIL
    tls_engine_thread = nullptr;
    if (killed) throw ThreadKilled{};
    if (!failure.empty()) {
        const size_t colon = failure.find(": ");
        throw PyError(failure.substr(0, colon), colon == std::string::npos ? "" : failure.substr(colon + 2));
    }
}

PyObject* start_new_thread(PyObject*, PyObject* args) {
    PyObject *func = nullptr, *fargs = nullptr, *fkw = nullptr;
    if (!PyArg_UnpackTuple(args, "start_new_thread", 2, 3, &func, &fargs, &fkw)) return nullptr;
    if (!PyCallable_Check(func)) {
        PyErr_SetString(PyExc_TypeError, "first arg must be callable");
        return nullptr;
    }
    if (!PyTuple_Check(fargs)) {
        PyErr_SetString(PyExc_TypeError, "2nd arg must be a tuple");
        return nullptr;
    }
    if (fkw == Py_None) fkw = nullptr;
    if (fkw && !PyDict_Check(fkw)) {
        PyErr_SetString(PyExc_TypeError, "optional 3rd arg must be a dictionary");
        return nullptr;
    }
    std::string name;
    bool daemon;
    thread_identity(func, &name, &daemon);
    note_line();
    Py_INCREF(func);
    Py_INCREF(fargs);
    Py_XINCREF(fkw);
    Start start{func, fargs, fkw};
    auto slot = std::make_shared<Thread*>(nullptr);
    uint32_t tid = kNone, object = kNone;
    bool launched = false;
    const bool ok = call_engine([&] {
        Thread& t = bridge().rt->make<Thread>(name, [start, slot] { run_python_thread(start, *slot); });
        *slot = &t;
        t.set_daemon(daemon);
        tid = t.tid();
        object = t.id();
        t.start();  // throws only before it launches the thread
        launched = true;
    });
    if (!launched) {  // the body will never run: the references are still ours
        Py_DECREF(func);
        Py_DECREF(fargs);
        Py_XDECREF(fkw);
    }
    if (!ok) return nullptr;
    show_start_on_thread(func, object);
    return PyLong_FromUnsignedLong(python_ident(tid));
}

// ---- the end-of-thread sentinel ------------------------------------------

// Like CPython's tstate lock: held while the thread runs; acquired (by a
// joiner) once it has ended; and once released it reads as unlocked, which
// Thread._stop() asserts after an interrupted join.
struct SentinelObject {
    PyObject_HEAD
    Thread* thread;
    bool released;
};
PyTypeObject* sentinel_type = nullptr;

bool is_own(SentinelObject* self) { return in_scenario_thread() && current_thread_id() == self->thread->tid(); }

PyObject* sentinel_acquire(SentinelObject* self, PyObject* args, PyObject* kw) {
    static const char* kwlist[] = {"blocking", "timeout", nullptr};
    int blocking = 1;
    PyObject* timeout_obj = nullptr;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|pO:acquire", const_cast<char**>(kwlist), &blocking, &timeout_obj))
        return nullptr;
    double timeout = -1;
    if (timeout_obj && !seconds_arg(timeout_obj, &timeout)) return nullptr;
    if (is_own(self)) Py_RETURN_TRUE;  // _set_tstate_lock: the thread holds its own end until it ends
    if (!blocking) return PyBool_FromLong(!self->thread->is_alive());
    note_line();
    Timeout t = timeout < 0 ? Timeout{} : Timeout{timeout};
    if (!call_engine([&] { self->thread->join(t); })) return nullptr;
    return PyBool_FromLong(!self->thread->is_alive());
}

PyObject* sentinel_release(SentinelObject* self, PyObject*) {
    self->released = true;
    Py_RETURN_NONE;
}

PyObject* sentinel_locked(SentinelObject* self, PyObject*) {
    return PyBool_FromLong(!self->released && self->thread->is_alive());
}

// threading._after_fork in a child forked by a thread other than main (a
// Pool's worker handler replacing a worker): that thread goes on in the
// child, still the same engine thread, so its end is still ahead of it.
PyObject* sentinel_at_fork_reinit(SentinelObject* self, PyObject*) {
    self->released = false;
    Py_RETURN_NONE;
}

PyMethodDef sentinel_methods[] = {
    {"acquire", reinterpret_cast<PyCFunction>(sentinel_acquire), METH_VARARGS | METH_KEYWORDS, nullptr},
    {"release", reinterpret_cast<PyCFunction>(sentinel_release), METH_NOARGS, nullptr},
    {"locked", reinterpret_cast<PyCFunction>(sentinel_locked), METH_NOARGS, nullptr},
    {"_at_fork_reinit", reinterpret_cast<PyCFunction>(sentinel_at_fork_reinit), METH_NOARGS, nullptr},
    {nullptr, nullptr, 0, nullptr}};

PyObject* set_sentinel(PyObject*, PyObject*) {
    if (!tls_engine_thread) return new_engine_lock(false, "MainThread._tstate_lock");
    auto* s = PyObject_New(SentinelObject, sentinel_type);
    if (s) {
        s->thread = tls_engine_thread;
        s->released = false;
    }
    return reinterpret_cast<PyObject*>(s);
}

PyObject* get_ident(PyObject*, PyObject*) {
    if (!in_scenario_thread()) return PyLong_FromUnsignedLong(PyThread_get_thread_ident());
    return PyLong_FromUnsignedLong(python_ident(current_thread_id()));
}

PyObject* get_native_id(PyObject*, PyObject*) {
    if (!bridge().deterministic || !in_scenario_thread()) return PyLong_FromUnsignedLong(PyThread_get_thread_native_id());
    return PyLong_FromUnsignedLong(4000 + current_thread_id());
}

// threading.excepthook reports the calling thread's exception: the thread
// then ends as failed in the log, with this text.
PyObject* thread_failed(PyObject*, PyObject* arg) {
    const char* text = PyUnicode_AsUTF8(arg);
    if (!text) return nullptr;
    tls_failure = text;
    Py_RETURN_NONE;
}

PyObject* allocate_lock(PyObject*, PyObject*) { return new_engine_lock(false, assigned_name("lock")); }

PyMethodDef thread_functions[] = {
    {"start_new_thread", start_new_thread, METH_VARARGS, "start_new_thread(function, args[, kwargs])"},
    {"allocate_lock", allocate_lock, METH_NOARGS, "allocate_lock() -> lock"},
    {"set_sentinel", set_sentinel, METH_NOARGS, nullptr},
    {"get_ident", get_ident, METH_NOARGS, nullptr},
    {"get_native_id", get_native_id, METH_NOARGS, nullptr},
    {"thread_failed", thread_failed, METH_O, nullptr},
    {nullptr, nullptr, 0, nullptr}};

}  // namespace

void interrupt_threads() {
    bridge().exiting = true;
    std::lock_guard lk(live_mutex);
    for (unsigned long ident : live_idents) PyThreadState_SetAsyncExc(ident, bridge().stopped);
}

unsigned long python_ident(uint32_t tid) {
    return tid == kNone ? 0ul : 140'000'000'000'000ul + 8'392'704ul * tid;
}

bool install_thread_functions(PyObject* module) {
    PyType_Slot slots[] = {{Py_tp_methods, sentinel_methods}, {0, nullptr}};
    const unsigned long flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION;
    PyType_Spec spec{"_threadlab.ThreadEnd", sizeof(SentinelObject), 0, static_cast<unsigned int>(flags), slots};
    sentinel_type = reinterpret_cast<PyTypeObject*>(PyType_FromSpec(&spec));
    if (!sentinel_type) return false;
    return PyModule_AddFunctions(module, thread_functions) == 0;
}

}  // namespace tl::py
