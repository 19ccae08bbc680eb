// What objects.py needs to show the student's objects as they named them:
// Python-level objects in the log (a Queue, an Event...), operations on
// them, their values as text, and the scope in which the objects a
// constructor makes are parts of the object being constructed.
#include <memory>
#include <optional>
#include <vector>

#include "bridge.hpp"
#include "threadlab/object.hpp"

namespace tl::py {

namespace {

thread_local std::vector<std::unique_ptr<PartsOf>> tls_parts;

bool kind_named(const std::string& text, ObjKind* kind) {
    static const std::pair<const char*, ObjKind> kinds[] = {
        {"Condition", ObjKind::Condition}, {"Semaphore", ObjKind::Semaphore},
        {"BoundedSemaphore", ObjKind::BoundedSemaphore}, {"Event", ObjKind::Event},
        {"Barrier", ObjKind::Barrier}, {"Queue", ObjKind::Queue},
        {"Future", ObjKind::Future}, {"Executor", ObjKind::Executor}, {"Pool", ObjKind::Pool}};
    for (const auto& [name, k] : kinds)
        if (text == name) {
            *kind = k;
            return true;
        }
    return false;
}

bool op_named(const std::string& text, Op* op) {
    static const std::pair<const char*, Op> ops[] = {
        {"acquire", Op::Acquire},   {"release", Op::Release},     {"wait", Op::Wait},
        {"notify", Op::Notify},     {"notify_all", Op::NotifyAll}, {"set", Op::Set},
        {"clear", Op::Clear},       {"put", Op::Put},             {"get", Op::Get},
        {"task_done", Op::TaskDone}, {"queue_join", Op::QueueJoin}, {"abort", Op::Abort},
        {"reset", Op::Reset},       {"raise", Op::Raise},         {"pending", Op::Pending},
        {"running", Op::Running},   {"finished", Op::Finished},   {"cancelled", Op::Cancelled},
        {"callback", Op::Callback}, {"result", Op::Result},       {"submit", Op::Submit},
        {"shutdown", Op::Shutdown}, {"close", Op::Close},         {"terminate", Op::Terminate},
        {"join", Op::Join},         {"spawn", Op::Spawn},         {"resize", Op::Resize}};
    for (const auto& [name, o] : ops)
        if (text == name) {
            *op = o;
            return true;
        }
    return false;
}

// object_new(kind, initial=0, fallback=kind.lower()) -> (id, shown)
PyObject* object_new(PyObject*, PyObject* args) {
    const char* kind_text = nullptr;
    long long initial = 0;
    const char* fallback = nullptr;
    if (!PyArg_ParseTuple(args, "s|Lz:object_new", &kind_text, &initial, &fallback)) return nullptr;
    ObjKind kind;
    if (!kind_named(kind_text, &kind)) {
        PyErr_Format(PyExc_ValueError, "object_new: unknown kind '%s'", kind_text);
        return nullptr;
    }
    std::string base = fallback ? fallback : kind_text;
    if (!fallback)
        for (char& c : base) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string name = constructed_name(base);
    const bool texts = kind == ObjKind::Queue || kind == ObjKind::Future;
    std::optional<PartsOf> detail;
    if (!PartsOf::current().active && made_for_library()) detail.emplace(kNone);
    const PartsOf::Scope& parts = PartsOf::current();
    uint32_t id = kNone;
    try {
        id = record_object(kind, name, initial, texts);
    } catch (const std::exception& e) {
        PyErr_SetString(PyExc_RuntimeError, e.what());
        return nullptr;
    }
    const uint32_t shown = parts.active && parts.whole != kNone ? parts.whole : id;
    return Py_BuildValue("(kk)", static_cast<unsigned long>(id), static_cast<unsigned long>(shown));
}

// op(id, name, ok=True, value=0, aux=0)
PyObject* op(PyObject*, PyObject* args) {
    unsigned long id = 0;
    const char* name = nullptr;
    int ok = 1;
    long long value = 0, aux = 0;
    if (!PyArg_ParseTuple(args, "ks|pLL:op", &id, &name, &ok, &value, &aux)) return nullptr;
    Op o;
    if (!op_named(name, &o)) {
        PyErr_Format(PyExc_ValueError, "op: unknown operation '%s'", name);
        return nullptr;
    }
    note_line();
    record_op_on(static_cast<uint32_t>(id), o, ok, value, aux);
    Py_RETURN_NONE;
}

// text(obj) -> the string id of repr(obj), cut to a readable length
PyObject* text(PyObject*, PyObject* obj) {
    constexpr Py_ssize_t kMax = 60;
    std::string out = "?";
    if (PyObject* r = PyObject_Repr(obj)) {
        Py_ssize_t n = 0;
        if (const char* c = PyUnicode_AsUTF8AndSize(r, &n)) {
            out.assign(c, static_cast<size_t>(n));
            if (PyUnicode_GET_LENGTH(r) > kMax) {
                PyObject* head = PyUnicode_Substring(r, 0, kMax - 1);
                if (head && PyUnicode_AsUTF8(head)) out = std::string(PyUnicode_AsUTF8(head)) + "…";
                Py_XDECREF(head);
            }
        }
        Py_DECREF(r);
    }
    PyErr_Clear();
    return PyLong_FromUnsignedLong(bridge().rt->log().intern(out));
}

// begin_parts(whole, waiting=False): objects this thread makes from now on
// are parts of `whole` (kNone: details of nothing shown) until end_parts().
PyObject* begin_parts(PyObject*, PyObject* args) {
    unsigned long whole = kNone;
    int waiting = 0;
    if (!PyArg_ParseTuple(args, "k|p:begin_parts", &whole, &waiting)) return nullptr;
    tls_parts.push_back(std::make_unique<PartsOf>(static_cast<uint32_t>(whole),
                                                  waiting ? ThreadState::Waiting : ThreadState::Blocked));
    Py_RETURN_NONE;
}

PyObject* end_parts(PyObject*, PyObject*) {
    if (!tls_parts.empty()) tls_parts.pop_back();
    Py_RETURN_NONE;
}

PyMethodDef functions[] = {
    {"object_new", object_new, METH_VARARGS, "object_new(kind, initial=0, fallback=None) -> (id, shown)"},
    {"op", op, METH_VARARGS, "op(id, name, ok=True, value=0, aux=0)"},
    {"text", text, METH_O, "text(obj) -> string id of its repr"},
    {"begin_parts", begin_parts, METH_VARARGS, "begin_parts(whole, waiting=False)"},
    {"end_parts", end_parts, METH_NOARGS, "end_parts()"},
    {nullptr, nullptr, 0, nullptr}};

}  // namespace

bool install_named_objects(PyObject* module) {
    return PyModule_AddFunctions(module, functions) == 0 &&
           PyModule_AddIntConstant(module, "NONE", static_cast<long>(kNone)) == 0;
}

}  // namespace tl::py
