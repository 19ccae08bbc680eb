// A call into the running program from outside it: a teacher's slider in
// the front end becomes `set_consumers(4)` in the student's program, run by
// a thread of its own ("teacher") so that the timeline shows who did it.
#include "bridge.hpp"
#include "pybridge/program.hpp"

namespace tl::py {

namespace {

// function(eval(value_literal)) in __main__; false with a Python error set.
bool call_main_function(const std::string& function, const std::string& value_literal) {
    PyObject* main = PyImport_AddModule("__main__");  // borrowed
    PyObject* globals = main ? PyModule_GetDict(main) : nullptr;  // borrowed
    if (!globals) return false;
    PyObject* fn = PyDict_GetItemString(globals, function.c_str());  // borrowed
    if (!fn || !PyCallable_Check(fn)) {
        PyErr_Format(PyExc_NameError, "the program has no function %s() for this live change", function.c_str());
        return false;
    }
    PyObject* value = PyRun_String(value_literal.c_str(), Py_eval_input, globals, globals);
    if (!value) return false;
    PyObject* result = PyObject_CallOneArg(fn, value);
    Py_DECREF(value);
    Py_XDECREF(result);
    return result != nullptr;
}

}  // namespace

bool call_in_program(Runtime& rt, const std::string& thread_name, const std::string& function,
                     const std::string& value_literal, const std::string& label) {
    if (bridge().exiting.load()) return false;
    // Python state is touched only inside, with the GIL held.
    return rt.adopt_here(thread_name, [&] {
        PyThreadState* ts = PyThreadState_New(bridge().interp);
        PyEval_RestoreThread(ts);
        tl::print(label);
        if (!call_main_function(function, value_literal)) {
            if (PyErr_ExceptionMatches(bridge().stopped))
                PyErr_Clear();
            else
                PyErr_Print();  // the traceback, in the run's output as stderr lines
        }
        const bool killed = stop_was_raised() || being_ended() || bridge().exiting.load();
        clear_stop_raised();
        PyThreadState_Clear(ts);
        PyThreadState_DeleteCurrent();
        if (killed) throw ThreadKilled{};
    });
}

}  // namespace tl::py
