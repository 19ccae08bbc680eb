// Reading the calling thread's Python frames: which line of the student's
// file it is at, and what name the student is giving the object being made.
#include <vector>

#include "bridge.hpp"
#include <opcode.h>  // after Python.h

namespace tl::py {

bool is_student_code(PyCodeObject* code) {
    PyObject* file = bridge().main_file;
    if (!file || !code->co_filename) return false;
    if (code->co_filename == file) return true;
    return PyUnicode_Compare(code->co_filename, file) == 0;
}

namespace {

// The calling thread's frames from the innermost outward (new references),
// and where the first one in the student's file is.
struct FramePath {
    static constexpr size_t kMaxDepth = 64;
    std::vector<PyFrameObject*> frames;
    size_t student = SIZE_MAX;  // index of the innermost frame of the student's file
    bool reaches_student = false;
    explicit FramePath(bool beyond_student = false) {
        PyFrameObject* f = PyEval_GetFrame();  // borrowed
        Py_XINCREF(f);
        while (f && frames.size() < kMaxDepth) {
            frames.push_back(f);
            PyCodeObject* code = PyFrame_GetCode(f);
            const bool mine = is_student_code(code);
            Py_DECREF(code);
            if (mine && !reaches_student) {
                reaches_student = true;
                student = frames.size() - 1;
                if (!beyond_student) return;
            }
            f = PyFrame_GetBack(f);  // new reference
        }
        Py_XDECREF(f);
    }
    ~FramePath() {
        for (PyFrameObject* f : frames) Py_DECREF(f);
    }
    FramePath(const FramePath&) = delete;
    FramePath& operator=(const FramePath&) = delete;
};

std::string utf8(PyObject* str) {
    if (!str || !PyUnicode_Check(str)) return {};
    const char* s = PyUnicode_AsUTF8(str);
    if (!s) {
        PyErr_Clear();
        return {};
    }
    return s;
}

std::string tuple_name(PyObject* tuple, int index) {
    if (!tuple || !PyTuple_Check(tuple) || index < 0 || index >= PyTuple_GET_SIZE(tuple)) return {};
    return utf8(PyTuple_GET_ITEM(tuple, index));
}

// The target of the assignment that the call now running in `f` feeds:
// the store instruction after the current CALL (and its inline caches).
// `self.x = ...` gives "self.x", and so does `self.x = Outer(inner())` for
// the inner call; anything else (a list item, a deeper argument) gives "".
std::string store_target(PyFrameObject* f) {
    PyCodeObject* code = PyFrame_GetCode(f);
    PyObject* bytes = PyCode_GetCode(code);
    std::string name;
    if (bytes && PyBytes_Check(bytes)) {
        const auto* b = reinterpret_cast<const unsigned char*>(PyBytes_AS_STRING(bytes));
        const Py_ssize_t n = PyBytes_GET_SIZE(bytes);
        Py_ssize_t i = PyFrame_GetLasti(f);
        auto skip_call = [&] {  // past a CALL and its inline caches
            i += 2;
            while (i + 1 < n && b[i] == CACHE) i += 2;
        };
        // A frame calling a C function is at its CALL; one calling a Python
        // function is at the CALL's last inline cache.
        const bool at_call = i >= 0 && i + 1 < n && (b[i] == CALL || b[i] == CACHE);
        if (at_call) {
            if (b[i] == CALL)
                skip_call();
            else
                while (i + 1 < n && b[i] == CACHE) i += 2;
            if (i + 1 < n && b[i] == PRECALL) {  // the last argument of an outer call
                i += 2;
                while (i + 1 < n && b[i] == CACHE) i += 2;
                if (i + 1 < n && b[i] == CALL) skip_call();
            }
            if (i + 1 < n && b[i] == BEFORE_WITH) i += 2;  // with Pool() as p: the result's __enter__
            int ext = 0;
            while (i + 1 < n && b[i] == EXTENDED_ARG) {
                ext = (ext | b[i + 1]) << 8;
                i += 2;
            }
            if (i + 1 < n) {
                const int op = b[i], arg = ext | b[i + 1];
                if (op == STORE_NAME || op == STORE_GLOBAL) {
                    name = tuple_name(code->co_names, arg);
                } else if (op == STORE_FAST) {
                    PyObject* vars = PyCode_GetVarnames(code);
                    name = tuple_name(vars, arg);
                    Py_XDECREF(vars);
                } else if (op == LOAD_FAST && i + 3 < n && b[i + 2] == STORE_ATTR) {
                    PyObject* vars = PyCode_GetVarnames(code);
                    const std::string owner = tuple_name(vars, arg);
                    Py_XDECREF(vars);
                    const std::string attr = tuple_name(code->co_names, b[i + 3]);
                    if (!owner.empty() && !attr.empty()) name = owner + "." + attr;
                }
            }
        }
    }
    Py_XDECREF(bytes);
    Py_DECREF(code);
    if (PyErr_Occurred()) PyErr_Clear();
    return name;
}

std::string function_name(PyFrameObject* f) {
    PyCodeObject* code = PyFrame_GetCode(f);
    std::string name = utf8(code->co_name);
    Py_DECREF(code);
    return name;
}

}  // namespace

int student_line() {
    FramePath path;
    return path.reaches_student ? PyFrame_GetLineNumber(path.frames[path.student]) : 0;
}

void note_line() {
    const int line = student_line();
    if (line > 0) tl::at(line);
}

std::string assigned_name(const std::string& fallback) {
    std::string name, innermost;
    {
        FramePath path(true);
        if (!path.frames.empty()) innermost = store_target(path.frames.front());
        if (path.reaches_student) {
            const size_t k = path.student;
            name = store_target(path.frames[k]);
            // Made by library code on the student's behalf: named after the
            // student's object only while every library frame between is a
            // constructor (Queue.__init__ making q.mutex) or the RLock
            // factory; a lock made inside a method call (a Condition's
            // waiter) is not the student's object.
            for (size_t i = k; i-- > 0 && !name.empty();) {
                const std::string fn = function_name(path.frames[i]);
                if (fn == "RLock" && i == 0) break;
                if (fn != "__init__") {
                    name.clear();
                    break;
                }
                // A constructor that only passes self on (a wrapper's, or a
                // subclass's super().__init__) adds nothing to the name.
                std::string inner = store_target(path.frames[i]);
                if (inner.rfind("self.", 0) == 0) inner.erase(0, 5);
                if (!inner.empty()) name += "." + inner;
            }
            // `self.lock = Lock()` in the student's own constructor: named
            // after what the caller assigns the new instance to (acct.lock).
            for (size_t j = k; name.rfind("self.", 0) == 0 && function_name(path.frames[j]) == "__init__" &&
                               j + 1 < path.frames.size();
                 ++j) {
                PyCodeObject* code = PyFrame_GetCode(path.frames[j + 1]);
                const bool mine = is_student_code(code);
                Py_DECREF(code);
                const std::string outer = mine ? store_target(path.frames[j + 1]) : std::string();
                if (outer.empty()) break;
                name = outer + name.substr(4);
            }
        }
    }
    if (!name.empty()) return name;
    // Library code's own object: named after the library's variable for it
    // (a Condition's `waiter`), numbered.
    if (innermost.rfind("self.", 0) == 0) innermost.erase(0, 5);
    return numbered(innermost.empty() ? fallback : innermost);
}

// Library functions whose new object is the caller's: a constructor, an
// executor's submit() (its Future), multiprocessing's Pool() factory (its
// Pool), a pool's apply_async() (its AsyncResult).
static bool makes_for_caller(const std::string& fn) {
    return fn == "__init__" || fn == "__new__" || fn == "submit" || fn == "RLock" || fn == "Pool" || fn == "apply_async" ||
           fn == "map_async" || fn == "starmap_async";
}

std::string constructed_name(const std::string& fallback) {
    std::string name;
    {
        FramePath path(true);
        if (!path.reaches_student) return numbered(fallback);
        const size_t k = path.student;
        for (size_t i = 0; i < k; ++i) {
            const std::string fn = function_name(path.frames[i]);
            if (!makes_for_caller(fn)) return numbered(fallback);
        }
        name = store_target(path.frames[k]);
        // Made by a library constructor as its own attribute: Timer.__init__'s
        // `self.finished = Event()` for `t = Timer(...)` is t.finished.
        for (size_t i = k; i-- > 0 && !name.empty();) {
            const std::string inner = store_target(path.frames[i]);
            if (inner.rfind("self.", 0) == 0) name += inner.substr(4);
        }
        // Constructed in the student's own constructor: a subclass's
        // super().__init__() takes the name of the instance (mq = MyQueue()),
        // and self.q = Queue() that of the instance's attribute (shop.q).
        for (size_t j = k; function_name(path.frames[j]) == "__init__" && j + 1 < path.frames.size(); ++j) {
            PyCodeObject* code = PyFrame_GetCode(path.frames[j + 1]);
            const bool mine = is_student_code(code);
            Py_DECREF(code);
            if (!mine) break;
            const std::string outer = store_target(path.frames[j + 1]);
            if (outer.empty()) break;
            if (name.empty())
                name = outer;
            else if (name.rfind("self.", 0) == 0)
                name = outer + name.substr(4);
            else
                break;
        }
    }
    return name.empty() ? numbered(fallback) : name;
}

bool made_for_library() {
    FramePath path;
    if (!path.reaches_student) return true;
    for (size_t i = 0; i < path.student; ++i) {
        const std::string fn = function_name(path.frames[i]);
        if (!makes_for_caller(fn)) return true;
    }
    return false;
}

std::string numbered(const std::string& base) {
    return base + "-" + std::to_string(bridge().rt->next_index("py:" + base) + 1);
}

}  // namespace tl::py
