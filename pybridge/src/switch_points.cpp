// Deterministic mode's switch points in the student's code: a C trace
// function per thread that calls the engine's switch point before each line,
// each bytecode, or each instruction at which CPython 3.11 itself may switch
// threads. Frames outside the student's file are not traced line by line, so
// the library's code runs between switch points as one step (its engine
// calls still are switch points), as CPython runs a C function.
#include "bridge.hpp"
#include <opcode.h>  // after Python.h

#include <algorithm>
#include <iterator>
#include <vector>

namespace tl::py {

namespace {

// Where CPython 3.11 checks its eval breaker (where a GIL drop request is
// honoured): at a function's RESUME and every backward jump (the end of a
// loop), before the instruction runs; and when a CALL or CALL_FUNCTION_EX
// has returned, before the caller's next instruction. The last matters for a
// read inside a C call: in `d[k] = d.get(k, 0) + 1` the switch falls between
// d.get's read and the store, as in CPython (a gate before the CALL would
// make it atomic). JUMP_BACKWARD_NO_INTERRUPT is exempt by design.
bool cpython_switches_before(int op) {
    switch (op) {
        case RESUME:
        case JUMP_BACKWARD:
        case POP_JUMP_BACKWARD_IF_TRUE:
        case POP_JUMP_BACKWARD_IF_FALSE:
        case POP_JUMP_BACKWARD_IF_NONE:
        case POP_JUMP_BACKWARD_IF_NOT_NONE:
            return true;
        default:
            return false;
    }
}

bool is_call(int op) { return op == CALL || op == CALL_FUNCTION_EX; }

// Modelled CPU cost of the student's code in deterministic mode, so that a
// thread that computes has a bar of some length (virtual time would stand
// still otherwise). CPython 3.11 here runs a simple specialised instruction
// in about 2-3 ns (a countdown loop of 9 instructions: 17.5 ns an
// iteration); a line is about five of them. The library's own code, run
// untraced between switch points, is not charged.
constexpr Nanos kCostPerInstruction = 3;
constexpr Nanos kCostPerLine = 15;
thread_local Nanos uncharged = 0;
// A switch point charges only once a microsecond of work has gathered: the
// clock is then at most that much behind at a switch, and a switch point
// costs no atomic operation on the clock at every instruction.
constexpr Nanos kChargeBatch = 1000;

// The frames (of this thread) with a CALL under way, innermost last. The
// next instruction traced in such a frame is the one after its call returned.
thread_local std::vector<PyFrameObject*> calls_under_way;

// True when `frame`'s previous instruction was a call that has now returned.
bool call_returned_in(PyFrameObject* frame) {
    auto it = std::find(calls_under_way.rbegin(), calls_under_way.rend(), frame);
    if (it == calls_under_way.rend()) return false;
    // Frames above it have ended (returned or unwound) by now.
    calls_under_way.erase(std::prev(it.base()), calls_under_way.end());
    return true;
}

int current_opcode(PyFrameObject* frame) {
    PyCodeObject* code = PyFrame_GetCode(frame);
    PyObject* bytes = PyCode_GetCode(code);  // cached by the code object after the first call
    int op = -1;
    const int lasti = PyFrame_GetLasti(frame);
    if (bytes && lasti >= 0 && lasti < PyBytes_GET_SIZE(bytes))
        op = static_cast<unsigned char>(PyBytes_AS_STRING(bytes)[lasti]);
    Py_XDECREF(bytes);
    Py_DECREF(code);
    return op;
}

int switch_here() {
    bool killed = false;
    charge_computed_work(kChargeBatch);
    note_engine_call(true);
    PyThreadState* ts = PyEval_SaveThread();
    try {
        tl::switch_point();
    } catch (const ThreadKilled&) {
        killed = true;
    }
    PyEval_RestoreThread(ts);
    note_engine_call(false);
    if (!killed) {
        start_pending_live_calls();  // this thread holds the token: a deterministic moment for them
        return 0;
    }
    raise_stopped();
    return -1;
}

int set_flag(PyFrameObject* frame, const char* name, bool on) {
    return PyObject_SetAttrString(reinterpret_cast<PyObject*>(frame), name, on ? Py_True : Py_False);
}

int trace(PyObject*, PyFrameObject* frame, int what, PyObject*) {
    const Granularity g = bridge().granularity;
    switch (what) {
        case PyTrace_CALL: {
            PyCodeObject* code = PyFrame_GetCode(frame);
            const bool mine = is_student_code(code);
            Py_DECREF(code);
            if (!mine) return set_flag(frame, "f_trace_lines", false);
            if (g != Granularity::Line) return set_flag(frame, "f_trace_opcodes", true);
            return 0;
        }
        case PyTrace_LINE: {
            const int line = PyFrame_GetLineNumber(frame);
            if (g == Granularity::Line) uncharged += kCostPerLine;  // otherwise each instruction is charged
            tl::at(line);
            note_activity(line);
            return g == Granularity::Line ? switch_here() : 0;
        }
        case PyTrace_OPCODE: {
            uncharged += kCostPerInstruction;
            const int op = current_opcode(frame);
            const bool after_call = call_returned_in(frame);
            if (is_call(op)) calls_under_way.push_back(frame);
            if (g == Granularity::Bytecode || after_call || cpython_switches_before(op)) return switch_here();
            return 0;
        }
        default:
            return 0;
    }
}

}  // namespace

void charge_computed_work(Nanos at_least) {
    if (uncharged == 0 || uncharged < at_least || !in_scenario_thread()) return;
    const Nanos cost = uncharged;
    uncharged = 0;
    tl::charge_cpu(cost);
}

void install_tracing_for_this_thread() {
    if (bridge().deterministic) PyEval_SetTrace(trace, nullptr);
}

}  // namespace tl::py
