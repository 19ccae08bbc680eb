// _threadlab.hooked(original, before, after): CPython's own method with
// ThreadLab's recording around it, as a callable written in C.
//
// objects.py records what the student's Queue, Condition, Barrier or
// executor does by wrapping their methods. A wrapper written in Python is a
// frame of its own, and every exception that passes through it shows that
// frame in the student's traceback: `File "<threadlab objects>", line 79, in
// wait` between their `b.wait()` and threading.py's BrokenBarrierError,
// which CPython never prints. A C function adds no traceback entry, so the
// traceback reads as CPython's. The hooks stay Python (objects.py); they
// run before and after the call and return, so their frames are gone by the
// time the method's exception passes.
//
//   before(*args, **kwargs) -> token                     (None: no hook)
//   result = original(*args, **kwargs)
//   after(token, result, exception, *args, **kwargs)     (None: no hook)
//
// `after` runs whether the call returned (exception None) or raised (result
// None); the call's exception, traceback included, goes on unchanged.
#include "bridge.hpp"

namespace tl::py {
namespace {

struct Hooked {
    PyObject_HEAD
    PyObject* original;
    PyObject* before;  // Py_None: none
    PyObject* after;   // Py_None: none
    PyObject* dict;    // __name__, __doc__, __wrapped__: functools.update_wrapper's
};

// (a, b, c) + args, a new tuple.
PyObject* prepend(PyObject* a, PyObject* b, PyObject* c, PyObject* args) {
    const Py_ssize_t n = PyTuple_GET_SIZE(args);
    PyObject* t = PyTuple_New(n + 3);
    if (!t) return nullptr;
    PyObject* head[3] = {a, b, c};
    for (Py_ssize_t i = 0; i < 3; ++i) {
        Py_INCREF(head[i]);
        PyTuple_SET_ITEM(t, i, head[i]);
    }
    for (Py_ssize_t i = 0; i < n; ++i) {
        PyObject* item = PyTuple_GET_ITEM(args, i);
        Py_INCREF(item);
        PyTuple_SET_ITEM(t, i + 3, item);
    }
    return t;
}

PyObject* hooked_call(PyObject* self_obj, PyObject* args, PyObject* kwargs) {
    auto* self = reinterpret_cast<Hooked*>(self_obj);
    PyObject* token = Py_None;
    Py_INCREF(token);
    if (self->before != Py_None) {
        Py_DECREF(token);
        token = PyObject_Call(self->before, args, kwargs);
        if (!token) return nullptr;
    }
    PyObject* result = PyObject_Call(self->original, args, kwargs);
    if (self->after == Py_None) {
        Py_DECREF(token);
        return result;
    }
    PyObject *type = nullptr, *value = nullptr, *tb = nullptr;
    if (!result) {
        PyErr_Fetch(&type, &value, &tb);
        PyErr_NormalizeException(&type, &value, &tb);
        if (tb && value) PyException_SetTraceback(value, tb);
    }
    PyObject* after_args = prepend(token, result ? result : Py_None, value ? value : Py_None, args);
    PyObject* done = after_args ? PyObject_Call(self->after, after_args, kwargs) : nullptr;
    Py_XDECREF(after_args);
    Py_DECREF(token);
    if (!result) {
        // The call's own exception is what the program sees; a hook that
        // failed meanwhile is ThreadLab's bug, told on stderr, not raised.
        if (!done) PyErr_WriteUnraisable(self->after);
        Py_XDECREF(done);
        PyErr_Restore(type, value, tb);
        return nullptr;
    }
    if (!done) {
        Py_DECREF(result);
        return nullptr;
    }
    Py_DECREF(done);
    return result;
}

// As a function in a class: Condition.wait looked up on an instance is
// bound to it, as the Python function it replaces was.
PyObject* hooked_get(PyObject* self, PyObject* obj, PyObject*) {
    if (!obj || obj == Py_None) {
        Py_INCREF(self);
        return self;
    }
    return PyMethod_New(self, obj);
}

void hooked_dealloc(PyObject* self_obj) {
    auto* self = reinterpret_cast<Hooked*>(self_obj);
    PyObject_GC_UnTrack(self_obj);
    Py_CLEAR(self->original);
    Py_CLEAR(self->before);
    Py_CLEAR(self->after);
    Py_CLEAR(self->dict);
    Py_TYPE(self_obj)->tp_free(self_obj);
}

int hooked_traverse(PyObject* self_obj, visitproc visit, void* arg) {
    auto* self = reinterpret_cast<Hooked*>(self_obj);
    Py_VISIT(self->original);
    Py_VISIT(self->before);
    Py_VISIT(self->after);
    Py_VISIT(self->dict);
    return 0;
}

PyObject* hooked_repr(PyObject* self_obj) {
    return PyObject_Repr(reinterpret_cast<Hooked*>(self_obj)->original);  // CPython's method, as it is shown there
}

PyGetSetDef hooked_getset[] = {{"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, nullptr, nullptr},
                               {nullptr, nullptr, nullptr, nullptr, nullptr}};

PyTypeObject hooked_type = [] {
    PyTypeObject t{PyVarObject_HEAD_INIT(nullptr, 0)};
    t.tp_name = "_threadlab.hooked";
    t.tp_basicsize = sizeof(Hooked);
    t.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC;
    t.tp_doc = "A method of CPython's with ThreadLab's recording around it";
    t.tp_call = hooked_call;
    t.tp_descr_get = hooked_get;
    t.tp_dealloc = hooked_dealloc;
    t.tp_traverse = hooked_traverse;
    t.tp_repr = hooked_repr;
    t.tp_getset = hooked_getset;
    t.tp_dictoffset = offsetof(Hooked, dict);
    return t;
}();

PyObject* make_hooked(PyObject*, PyObject* args) {
    PyObject *original = nullptr, *before = Py_None, *after = Py_None;
    if (!PyArg_ParseTuple(args, "O|OO:hooked", &original, &before, &after)) return nullptr;
    auto* h = PyObject_GC_New(Hooked, &hooked_type);
    if (!h) return nullptr;
    Py_INCREF(original);
    Py_INCREF(before);
    Py_INCREF(after);
    h->original = original;
    h->before = before;
    h->after = after;
    h->dict = nullptr;
    PyObject_GC_Track(reinterpret_cast<PyObject*>(h));
    return reinterpret_cast<PyObject*>(h);
}

PyMethodDef functions[] = {
    {"hooked", make_hooked, METH_VARARGS,
     "hooked(original, before=None, after=None): original with before(*a, **k) and "
     "after(token, result, exception, *a, **k) around it, adding no frame to tracebacks"},
    {nullptr, nullptr, 0, nullptr}};

}  // namespace

bool install_hooked_calls(PyObject* module) {
    if (PyType_Ready(&hooked_type) < 0) return false;
    return PyModule_AddFunctions(module, functions) == 0;
}

}  // namespace tl::py
