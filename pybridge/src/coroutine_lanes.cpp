// _threadlab's functions for coroutine lanes (engine: threadlab/lanes.hpp):
// py/coroutines.py calls them from greenlet's trace function at every switch,
// so each greenlet is a lane of its own inside the OS thread that runs it.
#include <unordered_map>

#include "bridge.hpp"
#include "threadlab/lanes.hpp"
#include <opcode.h>  // after Python.h

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
        const std::string short_name = full.substr(full.find(' ') + 1, full.rfind(" @") - full.find(' ') - 1);
        return PyLong_FromUnsignedLong(new_lane(full, short_name, running ? ThreadState::Running : ThreadState::Ready));
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

// ---- generators driven as coroutines -------------------------------------
//
// A generator of the student's whose yield receives a value (`x = yield y`:
// after the YIELD_VALUE comes a store, not a POP_TOP) is a coroutine: each
// time it resumes it is a lane of its own, switched to from its OS thread,
// and each yield switches back. A C profile function sees every resume (a
// call event of its frame) and every yield (a return event), and is set only
// in programs that have such a generator (watch_generators), since it runs
// at every call. A generator resumed from a greenlet is still shown switched
// to from the OS thread.

PyObject* lanes_module();  // py/coroutines.py, loaded when first needed (below)
PyObject* load_coroutines(PyObject*, PyObject*);

struct GeneratorLane {
    uint32_t lane;
    PyObject* ref;  // a weak reference to the generator: its address may be reused once it is gone
};
std::unordered_map<PyObject*, GeneratorLane> generator_lanes;  // under the GIL
std::unordered_map<PyCodeObject*, bool> coroutine_code;       // pinned code objects, under the GIL
bool watching = false;

// After a YIELD_VALUE (and the RESUME and caches after it): does the code use the value sent in?
bool receives_values(PyCodeObject* code) {
    if (!(code->co_flags & CO_GENERATOR) || !is_student_code(code)) return false;
    PyObject* bytes = PyCode_GetCode(code);
    bool found = false;
    if (bytes && PyBytes_Check(bytes)) {
        const auto* b = reinterpret_cast<const unsigned char*>(PyBytes_AS_STRING(bytes));
        const Py_ssize_t n = PyBytes_GET_SIZE(bytes);
        for (Py_ssize_t i = 0; i + 1 < n && !found; i += 2) {
            if (b[i] != YIELD_VALUE) continue;
            Py_ssize_t j = i + 2;
            while (j + 1 < n && (b[j] == CACHE || b[j] == RESUME)) j += 2;
            found = j + 1 < n && b[j] != POP_TOP;
        }
    }
    Py_XDECREF(bytes);
    PyErr_Clear();
    return found;
}

bool is_coroutine(PyCodeObject* code) {
    auto it = coroutine_code.find(code);
    if (it != coroutine_code.end()) return it->second;
    Py_INCREF(code);  // pinned: its address stays its own
    return coroutine_code[code] = receives_values(code);
}

bool yielded(PyFrameObject* frame, PyCodeObject* code) {
    PyObject* bytes = PyCode_GetCode(code);
    const int lasti = PyFrame_GetLasti(frame);
    bool y = bytes && PyBytes_Check(bytes) && lasti >= 0 && lasti < PyBytes_GET_SIZE(bytes) &&
             static_cast<unsigned char>(PyBytes_AS_STRING(bytes)[lasti]) == YIELD_VALUE;
    Py_XDECREF(bytes);
    return y;
}

// The lane of `gen`, made at its first resume, named by py/coroutines.py
// after the variable that holds it (`generator avg @MainThread`).
uint32_t generator_lane(PyObject* gen, PyFrameObject* caller) {
    auto it = generator_lanes.find(gen);
    if (it != generator_lanes.end()) {
        if (PyWeakref_GetObject(it->second.ref) == gen) return it->second.lane;
        Py_DECREF(it->second.ref);
        generator_lanes.erase(it);
    }
    std::string name = "generator";
    if (PyObject* lanes = lanes_module()) {
        PyObject* r = PyObject_CallMethod(lanes, "generator_name", "OO", gen, caller ? (PyObject*)caller : Py_None);
        if (r && PyUnicode_Check(r)) name = PyUnicode_AsUTF8(r);
        Py_XDECREF(r);
        Py_DECREF(lanes);
    }
    PyErr_Clear();
    PyObject* ref = PyWeakref_NewRef(gen, nullptr);
    if (!ref) {
        PyErr_Clear();
        return kNone;
    }
    const uint32_t lane = new_lane(name + " @" + current_thread_name(), name.substr(name.find(' ') + 1), ThreadState::Ready);
    generator_lanes[gen] = {lane, ref};
    return lane;
}

int watch_profile(PyObject*, PyFrameObject* frame, int what, PyObject* arg) {
    if (what != PyTrace_CALL && what != PyTrace_RETURN) return 0;
    PyCodeObject* code = PyFrame_GetCode(frame);
    if (!is_coroutine(code) || !usable()) {
        Py_DECREF(code);
        return 0;
    }
    PyObject* exc_type, *exc_value, *exc_tb;  // a return event may come with an exception on its way out
    PyErr_Fetch(&exc_type, &exc_value, &exc_tb);
    PyObject* gen = PyFrame_GetGenerator(frame);
    if (gen) {
        try {
            const uint32_t os = current_thread_id();
            charge_computed_work();
            if (what == PyTrace_CALL) {
                PyFrameObject* caller = PyFrame_GetBack(frame);
                const uint32_t lane = generator_lane(gen, caller);
                const int line = caller ? PyFrame_GetLineNumber(caller) : 0;
                Py_XDECREF(caller);
                if (lane != kNone) switch_lanes(os, lane, ThreadState::Running, line);
            } else if (auto it = generator_lanes.find(gen); it != generator_lanes.end()) {
                const bool ended = !arg || !yielded(frame, code);
                switch_lanes(it->second.lane, os, ended ? ThreadState::Done : ThreadState::Ready,
                             PyFrame_GetLineNumber(frame));
                if (ended) {
                    Py_DECREF(it->second.ref);
                    generator_lanes.erase(it);
                }
            }
        } catch (const std::exception&) {
            // the run is ending: nothing more to draw
        }
        Py_DECREF(gen);
    }
    PyErr_Clear();
    PyErr_Restore(exc_type, exc_value, exc_tb);
    Py_DECREF(code);
    return 0;
}

// _threadlab.watch_generators(): the calling thread's generators that take
// values are drawn as lanes, if the program has any (found when it was compiled).
PyObject* watch_generators(PyObject*, PyObject*) {
    if (watching && usable()) PyEval_SetProfile(watch_profile, nullptr);
    Py_RETURN_NONE;
}

// _threadlab.end_generator_lanes(): the program is over; a generator left
// suspended never resumes (CPython closes it when it is collected): killed.
PyObject* end_generator_lanes(PyObject*, PyObject*) {
    PyEval_SetProfile(nullptr, nullptr);
    for (auto& [gen, g] : generator_lanes) {
        if (usable() && PyWeakref_GetObject(g.ref) == gen) end_lane(g.lane, ThreadState::Killed);
        Py_DECREF(g.ref);
    }
    generator_lanes.clear();
    Py_RETURN_NONE;
}

bool has_coroutine_generator(PyCodeObject* code, int depth = 0) {
    if (depth > 50) return false;
    if (receives_values(code)) return true;
    PyObject* consts = code->co_consts;
    for (Py_ssize_t i = 0; consts && i < PyTuple_GET_SIZE(consts); ++i) {
        PyObject* c = PyTuple_GET_ITEM(consts, i);
        if (PyCode_Check(c) && has_coroutine_generator(reinterpret_cast<PyCodeObject*>(c), depth + 1)) return true;
    }
    return false;
}

PyMethodDef lane_functions[] = {
    {"lane_new", lane_new, METH_VARARGS,
     "lane_new(name, running) -> tid: a coroutine lane of the calling thread, named 'NAME @THREAD' (-1 outside a run)"},
    {"lane_switch", lane_switch, METH_VARARGS,
     "lane_switch(from, to, left): the calling thread switched from one lane to another (-1: none); "
     "left: 'ready', 'waiting' or 'done', the state of the lane left"},
    {"lane_state", lane_state, METH_VARARGS,
     "lane_state(lane, sleeping): the running lane (and its thread) waits outside the engine, or is back"},
    {"watch_generators", watch_generators, METH_NOARGS,
     "watch_generators(): this thread's generators that receive values (x = yield y) are drawn as lanes"},
    {"end_generator_lanes", end_generator_lanes, METH_NOARGS,
     "end_generator_lanes(): at exit, the lanes of generators left suspended are killed"},
    {"lane_end", lane_end, METH_VARARGS, "lane_end(lane, killed): a lane that will never run again"},
    {"load_coroutines", load_coroutines, METH_NOARGS, "load_coroutines(): runs py/coroutines.py (once)"},
    {nullptr, nullptr, 0, nullptr}};

PyObject* threadlab_module = nullptr;  // _threadlab, for coroutines.install

// py/coroutines.py as the module _threadlab_coroutines, compiled and
// installed the first time something needs it (2 ms that a program without
// greenlets or coroutine generators never pays). New reference.
PyObject* lanes_module() {
    if (PyObject* m = PyDict_GetItemString(PyImport_GetModuleDict(), "_threadlab_coroutines")) {  // borrowed
        Py_INCREF(m);
        return m;
    }
    PyObject* code = Py_CompileString(kCoroutinesSource, "<threadlab coroutines>", Py_file_input);
    if (!code) return nullptr;
    PyObject* lanes = PyImport_ExecCodeModule("_threadlab_coroutines", code);
    Py_DECREF(code);
    if (!lanes) return nullptr;
    PyObject* r = PyObject_CallMethod(lanes, "install", "O", threadlab_module);
    if (!r) {
        Py_DECREF(lanes);
        return nullptr;
    }
    Py_DECREF(r);
    return lanes;
}

PyObject* load_coroutines(PyObject*, PyObject*) {
    PyObject* m = lanes_module();
    if (!m) return nullptr;
    Py_DECREF(m);
    Py_RETURN_NONE;
}

// What runs at every start: a finder that loads coroutines.py when the
// program first imports greenlet or gevent, then lets its finders answer.
const char kOnFirstImport[] = R"__tl__(
import sys

class _LanesOnFirstImport:
    def find_spec(self, fullname, path=None, target=None):
        if fullname.partition('.')[0] not in ('greenlet', 'gevent'):
            return None
        sys.meta_path.remove(self)
        _threadlab.load_coroutines()
        # coroutines.py's finders are in sys.meta_path now: they answer this import too.
        for finder in list(sys.meta_path):
            find = getattr(finder, 'find_spec', None)
            spec = find(fullname, path, target) if find else None
            if spec is not None:
                return spec
        return None

sys.meta_path.insert(0, _LanesOnFirstImport())
)__tl__";

}  // namespace

// The student's compiled program: if it has a generator whose yield takes
// a value, MainThread watches its generators from now on (and each new
// thread from its start: coroutines.py calls watch_generators there).
void watch_generators_of(PyObject* program_code) {
    if (!program_code || !PyCode_Check(program_code)) return;
    watching = has_coroutine_generator(reinterpret_cast<PyCodeObject*>(program_code));
    if (!watching || !usable()) return;
    PyEval_SetProfile(watch_profile, nullptr);
    if (PyObject* lanes = lanes_module()) {
        PyObject* r = PyObject_CallMethod(lanes, "in_each_thread", nullptr);
        Py_XDECREF(r);
        Py_DECREF(lanes);
    }
    PyErr_Clear();
}

// Adds the functions to _threadlab and the finder that loads
// py/coroutines.py at the program's first import of greenlet or gevent
// (program.cpp calls this after the boot).
bool install_coroutine_lanes(PyObject* module) {
    if (PyModule_AddFunctions(module, lane_functions) < 0) return false;
    Py_INCREF(module);
    threadlab_module = module;
    PyObject* globals = PyDict_New();
    if (!globals) return false;
    PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins());
    PyDict_SetItemString(globals, "_threadlab", module);
    PyObject* r = PyRun_String(kOnFirstImport, Py_file_input, globals, globals);
    Py_DECREF(globals);
    Py_XDECREF(r);
    return r != nullptr;
}

}  // namespace tl::py
