// _thread.lock and _thread.RLock over the engine's Lock and RLock, with
// CPython 3.11's signatures, argument checks and messages, so that
// threading.Condition, Semaphore, Event, Barrier and queue.Queue (CPython's
// own Python code) run on them unchanged.
#include <cmath>
#include <optional>
#include <string>

#include "bridge.hpp"  // Python.h first, then its other headers
#include <structmember.h>
#include "threadlab/lock.hpp"
#include "time_args.hpp"

namespace tl::py {

namespace {

struct LockObject {
    PyObject_HEAD
    LockBase* lock;  // owned by the runtime, which outlives every Python object of the run
    bool rlock;
    PyObject* weakrefs;
};

PyTypeObject* lock_type = nullptr;
PyTypeObject* rlock_type = nullptr;

// acquire(blocking=True, timeout=-1), checked as _thread's lock_acquire_parse_args.
bool parse_acquire(PyObject* args, PyObject* kw, bool* blocking, double* timeout) {
    static const char* kwlist[] = {"blocking", "timeout", nullptr};
    int block = 1;
    PyObject* timeout_obj = nullptr;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|pO:acquire", const_cast<char**>(kwlist), &block, &timeout_obj))
        return false;
    *blocking = block;
    *timeout = -1;
    if (timeout_obj && !seconds_arg(timeout_obj, timeout)) return false;
    if (!block && *timeout != -1) {
        PyErr_SetString(PyExc_ValueError, "can't specify a timeout for a non-blocking call");
        return false;
    }
    if (*timeout < 0 && *timeout != -1) {
        PyErr_SetString(PyExc_ValueError, "timeout value must be positive");
        return false;
    }
    if (*timeout > kTimeoutMax) {
        PyErr_SetString(PyExc_OverflowError, "timeout value is too large");
        return false;
    }
    return true;
}

PyObject* lock_acquire(LockObject* self, PyObject* args, PyObject* kw) {
    bool blocking;
    double timeout;
    if (!parse_acquire(args, kw, &blocking, &timeout)) return nullptr;
    note_line();
    bool ok = false;
    if (!call_engine([&] { ok = self->lock->acquire(blocking, timeout); })) return nullptr;
    return PyBool_FromLong(ok);
}

PyObject* lock_enter(LockObject* self, PyObject*) {
    note_line();
    if (!call_engine([&] { self->lock->acquire(true, -1); })) return nullptr;
    Py_RETURN_TRUE;
}

PyObject* lock_release(LockObject* self, PyObject*) {
    note_line();
    if (!call_engine([&] { self->lock->release(); })) return nullptr;
    Py_RETURN_NONE;
}

PyObject* lock_exit(LockObject* self, PyObject*) { return lock_release(self, nullptr); }

PyObject* lock_locked(LockObject* self, PyObject*) { return PyBool_FromLong(self->lock->count() > 0); }

// After os.fork() in the child (and in CPython's tests): the lock becomes a
// fresh, unlocked one, whatever state it was in.
PyObject* lock_at_fork_reinit(LockObject* self, PyObject*) {
    const std::string name = self->lock->name();
    try {
        if (self->rlock)
            self->lock = &bridge().rt->make<RLock>(name);
        else
            self->lock = &bridge().rt->make<Lock>(name);
        self->lock->set_handoff(false);
    } catch (const std::exception& e) {
        PyErr_SetString(PyExc_RuntimeError, e.what());
        return nullptr;
    }
    Py_RETURN_NONE;
}

PyObject* rlock_is_owned(LockObject* self, PyObject*) { return PyBool_FromLong(self->lock->owned_by_me()); }

PyObject* rlock_release_save(LockObject* self, PyObject*) {
    if (!self->lock->owned_by_me()) {
        PyErr_SetString(PyExc_RuntimeError, "cannot release un-acquired lock");
        return nullptr;
    }
    const unsigned long owner = python_ident(self->lock->owner());
    int64_t count = 0;
    if (!call_engine([&] { count = self->lock->release_save(); })) return nullptr;
    return Py_BuildValue("(Lk)", static_cast<long long>(count), owner);
}

PyObject* rlock_acquire_restore(LockObject* self, PyObject* state) {
    long long count = 0;
    unsigned long owner = 0;
    if (!PyArg_ParseTuple(state, "(Lk):_acquire_restore", &count, &owner)) return nullptr;
    if (!call_engine([&] { self->lock->acquire_restore(count); })) return nullptr;
    Py_RETURN_NONE;
}

PyObject* rlock_recursion_count(LockObject* self, PyObject*) {
    return PyLong_FromLongLong(self->lock->owned_by_me() ? self->lock->count() : 0);
}

PyObject* lock_repr(LockObject* self) {
    const int64_t count = self->lock->count();
    if (!self->rlock)
        return PyUnicode_FromFormat("<%s %s object at %p>", count ? "locked" : "unlocked", Py_TYPE(self)->tp_name,
                                    self);
    return PyUnicode_FromFormat("<%s %s object owner=%lu count=%lld at %p>", count ? "locked" : "unlocked",
                                Py_TYPE(self)->tp_name, count ? python_ident(self->lock->owner()) : 0ul,
                                static_cast<long long>(count), self);
}

void lock_dealloc(LockObject* self) {
    PyObject_GC_UnTrack(self);
    if (self->weakrefs) PyObject_ClearWeakRefs(reinterpret_cast<PyObject*>(self));
    PyTypeObject* type = Py_TYPE(self);
    type->tp_free(self);
    Py_DECREF(type);
}

int lock_traverse(LockObject* self, visitproc visit, void* arg) {
    Py_VISIT(Py_TYPE(self));
    return 0;
}

PyObject* make_lock(PyTypeObject* type, bool rlock, const std::string& name) {
    auto* self = reinterpret_cast<LockObject*>(type->tp_alloc(type, 0));
    if (!self) return nullptr;
    self->rlock = rlock;
    self->weakrefs = nullptr;
    std::optional<PartsOf> detail;
    if (!PartsOf::current().active && made_for_library()) detail.emplace(kNone);
    try {
        if (rlock)
            self->lock = &bridge().rt->make<RLock>(name);
        else
            self->lock = &bridge().rt->make<Lock>(name);
        self->lock->set_handoff(false);  // CPython's locks are not fair
    } catch (const std::exception& e) {
        Py_DECREF(self);
        PyErr_SetString(PyExc_RuntimeError, e.what());
        return nullptr;
    }
    return reinterpret_cast<PyObject*>(self);
}

PyObject* rlock_new(PyTypeObject* type, PyObject* args, PyObject* kw) {
    if ((args && PyTuple_GET_SIZE(args)) || (kw && PyDict_GET_SIZE(kw))) {
        PyErr_SetString(PyExc_TypeError, "RLock() takes no arguments");
        return nullptr;
    }
    return make_lock(type, true, assigned_name("rlock"));
}

#define ACQUIRE_DOC "acquire(blocking=True, timeout=-1) -> bool"

PyMethodDef lock_methods[] = {
    {"acquire", reinterpret_cast<PyCFunction>(lock_acquire), METH_VARARGS | METH_KEYWORDS, ACQUIRE_DOC},
    {"acquire_lock", reinterpret_cast<PyCFunction>(lock_acquire), METH_VARARGS | METH_KEYWORDS, ACQUIRE_DOC},
    {"release", reinterpret_cast<PyCFunction>(lock_release), METH_NOARGS, "release()"},
    {"release_lock", reinterpret_cast<PyCFunction>(lock_release), METH_NOARGS, "release()"},
    {"locked", reinterpret_cast<PyCFunction>(lock_locked), METH_NOARGS, "locked() -> bool"},
    {"locked_lock", reinterpret_cast<PyCFunction>(lock_locked), METH_NOARGS, "locked() -> bool"},
    {"__enter__", reinterpret_cast<PyCFunction>(lock_enter), METH_NOARGS, "acquire()"},
    {"__exit__", reinterpret_cast<PyCFunction>(lock_exit), METH_VARARGS, "release()"},
    {"_at_fork_reinit", reinterpret_cast<PyCFunction>(lock_at_fork_reinit), METH_NOARGS, nullptr},
    {nullptr, nullptr, 0, nullptr}};

PyMethodDef rlock_methods[] = {
    {"acquire", reinterpret_cast<PyCFunction>(lock_acquire), METH_VARARGS | METH_KEYWORDS, ACQUIRE_DOC},
    {"release", reinterpret_cast<PyCFunction>(lock_release), METH_NOARGS, "release()"},
    {"__enter__", reinterpret_cast<PyCFunction>(lock_enter), METH_NOARGS, "acquire()"},
    {"__exit__", reinterpret_cast<PyCFunction>(lock_exit), METH_VARARGS, "release()"},
    {"_is_owned", reinterpret_cast<PyCFunction>(rlock_is_owned), METH_NOARGS, nullptr},
    {"_release_save", reinterpret_cast<PyCFunction>(rlock_release_save), METH_NOARGS, nullptr},
    {"_acquire_restore", reinterpret_cast<PyCFunction>(rlock_acquire_restore), METH_VARARGS, nullptr},
    {"_recursion_count", reinterpret_cast<PyCFunction>(rlock_recursion_count), METH_NOARGS, nullptr},
    {"_at_fork_reinit", reinterpret_cast<PyCFunction>(lock_at_fork_reinit), METH_NOARGS, nullptr},
    {nullptr, nullptr, 0, nullptr}};

PyMemberDef lock_members[] = {
    {"__weaklistoffset__", T_PYSSIZET, offsetof(LockObject, weakrefs), READONLY, nullptr},
    {nullptr, 0, 0, 0, nullptr}};

PyTypeObject* make_type(const char* name, PyMethodDef* methods, newfunc new_fn) {
    PyType_Slot slots[] = {{Py_tp_dealloc, reinterpret_cast<void*>(lock_dealloc)},
                           {Py_tp_traverse, reinterpret_cast<void*>(lock_traverse)},
                           {Py_tp_repr, reinterpret_cast<void*>(lock_repr)},
                           {Py_tp_methods, methods},
                           {Py_tp_members, lock_members},
                           {Py_tp_new, reinterpret_cast<void*>(new_fn)},
                           {0, nullptr}};
    const unsigned long flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
                                (new_fn ? Py_TPFLAGS_BASETYPE : Py_TPFLAGS_DISALLOW_INSTANTIATION);
    PyType_Spec spec{name, sizeof(LockObject), 0, static_cast<unsigned int>(flags), slots};
    return reinterpret_cast<PyTypeObject*>(PyType_FromSpec(&spec));
}

}  // namespace

PyObject* new_engine_lock(bool rlock, const std::string& name) {
    return make_lock(rlock ? rlock_type : lock_type, rlock, name);
}

bool add_lock_types(PyObject* module) {
    lock_type = make_type("_thread.lock", lock_methods, nullptr);
    rlock_type = make_type("_thread.RLock", rlock_methods, rlock_new);
    if (!lock_type || !rlock_type) return false;
    Py_INCREF(lock_type);
    Py_INCREF(rlock_type);
    return PyModule_AddObject(module, "LockType", reinterpret_cast<PyObject*>(lock_type)) == 0 &&
           PyModule_AddObject(module, "RLock", reinterpret_cast<PyObject*>(rlock_type)) == 0;
}

}  // namespace tl::py
