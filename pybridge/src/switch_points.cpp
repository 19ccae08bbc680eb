// Deterministic mode's switch points in the student's code: a C trace
// function per thread that calls the engine's switch point before each line,
// each bytecode, or each instruction at which CPython 3.11 itself may switch
// threads. Frames outside the student's file are not traced line by line, so
// the library's code runs between switch points as one step (its engine
// calls still are switch points), as CPython runs a C function.
#include "bridge.hpp"
#include <opcode.h>  // after Python.h

namespace tl::py {

namespace {

// The instructions after which CPython 3.11 checks its eval breaker (where a
// GIL drop request is honoured): a function's RESUME, a CALL, and every
// backward jump (the end of a loop). JUMP_BACKWARD_NO_INTERRUPT is exempt
// by design. The gate is placed before the instruction: for a
// read-modify-write this is the same place, between the read and the write
// when a call falls between them and not otherwise.
bool cpython_switches_at(int op) {
    switch (op) {
        case RESUME:
        case CALL:
        case CALL_FUNCTION_EX:
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
    note_engine_call(true);
    PyThreadState* ts = PyEval_SaveThread();
    try {
        tl::switch_point();
    } catch (const ThreadKilled&) {
        killed = true;
    }
    PyEval_RestoreThread(ts);
    note_engine_call(false);
    if (!killed) return 0;
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
            tl::at(line);
            note_activity(line);
            return g == Granularity::Line ? switch_here() : 0;
        }
        case PyTrace_OPCODE:
            if (g == Granularity::Bytecode || cpython_switches_at(current_opcode(frame))) return switch_here();
            return 0;
        default:
            return 0;
    }
}

}  // namespace

void install_tracing_for_this_thread() {
    if (bridge().deterministic) PyEval_SetTrace(trace, nullptr);
}

}  // namespace tl::py
