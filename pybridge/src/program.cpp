// Initialising the interpreter, running the student's file as __main__ over
// the engine, and ending it the way CPython's interpreter exit does.
#include "pybridge/program.hpp"

#include <filesystem>

#include <pthread.h>

#include "boot_source.hpp"
#include "bridge.hpp"

extern "C" PyObject* threadlab_module_init();

namespace tl::py {

bool install_coroutine_lanes(PyObject* threadlab_module);  // coroutine_lanes.cpp
void watch_generators_of(PyObject* program_code);          // coroutine_lanes.cpp

std::string_view to_string(Granularity g) {
    switch (g) {
        case Granularity::Line: return "line";
        case Granularity::Bytecode: return "bytecode";
        case Granularity::Switch: return "switch";
    }
    return "switch";
}

std::optional<Granularity> parse_granularity(std::string_view text) {
    for (Granularity g : {Granularity::Line, Granularity::Bytecode, Granularity::Switch})
        if (text == to_string(g)) return g;
    return std::nullopt;
}

namespace {

// Debian's interpreter, whatever python3 comes first on PATH: its standard
// library and dist-packages (greenlet, gevent) are the ones linked in.
constexpr const char* kPython = "/usr/bin/python3.11";

std::string utf8_of(PyObject* obj) {
    std::string out;
    if (PyObject* s = obj ? PyObject_Str(obj) : nullptr) {
        if (const char* c = PyUnicode_AsUTF8(s)) out = c;
        Py_DECREF(s);
    }
    PyErr_Clear();
    return out;
}

// "ZeroDivisionError: division by zero", as a traceback's last line says it.
std::string describe(PyObject* type, PyObject* value) {
    std::string out;
    PyObject* tb = PyImport_ImportModule("traceback");
    if (tb) {
        PyObject* lines = PyObject_CallMethod(tb, "format_exception_only", "OO", type, value ? value : Py_None);
        if (lines && PyList_Check(lines) && PyList_GET_SIZE(lines) > 0)
            out = utf8_of(PyList_GET_ITEM(lines, PyList_GET_SIZE(lines) - 1));
        Py_XDECREF(lines);
        Py_DECREF(tb);
    }
    PyErr_Clear();
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

// The line of the innermost traceback entry in the student's file.
int student_line_of(PyObject* traceback) {
    int line = 0;
    for (auto* tb = reinterpret_cast<PyTracebackObject*>(traceback); tb; tb = tb->tb_next) {
        PyCodeObject* code = PyFrame_GetCode(tb->tb_frame);
        if (is_student_code(code)) line = tb->tb_lineno;
        Py_DECREF(code);
    }
    return line;
}

int syntax_error_line(PyObject* value) {
    PyObject* lineno = value ? PyObject_GetAttrString(value, "lineno") : nullptr;
    const int line = lineno && PyLong_Check(lineno) ? static_cast<int>(PyLong_AsLong(lineno)) : 0;
    Py_XDECREF(lineno);
    PyErr_Clear();
    return line;
}

// The exit status SystemExit asks for, as Py_Exit would compute it.
int exit_status_of(PyObject* value) {
    PyObject* code = value ? PyObject_GetAttrString(value, "code") : nullptr;
    PyErr_Clear();
    int status = 0;
    if (!code || code == Py_None)
        status = 0;
    else if (PyLong_Check(code))
        status = static_cast<int>(PyLong_AsLong(code));
    else
        status = 1;  // a message: printed to stderr, exit 1
    Py_XDECREF(code);
    PyErr_Clear();
    return status;
}

// The program's file as its code and tracebacks name it: absolute, as
// `python3.11 FILE` names it since 3.9 (`File "/home/me/race.py", line 7`);
// sys.argv[0] stays as it was given.
std::string absolute_path(const ProgramSpec& spec) {
    std::error_code ec;
    const std::filesystem::path p = std::filesystem::absolute(spec.path, ec);
    return ec ? spec.path : p.lexically_normal().string();
}

PyObject* compile_program(const ProgramSpec& spec, ProgramOutcome* outcome) {
    PyObject* code = Py_CompileStringExFlags(spec.source.c_str(), absolute_path(spec).c_str(), Py_file_input, nullptr, -1);
    if (code) return code;
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    outcome->compiled = false;
    outcome->exit_status = 1;
    outcome->error = describe(type, value);
    outcome->error_line = syntax_error_line(value);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    return nullptr;
}

PyObject* load_module(const char* name, const char* source, const char* file) {
    PyObject* code = Py_CompileString(source, file, Py_file_input);
    if (!code) return nullptr;
    PyObject* module = PyImport_ExecCodeModule(name, code);  // also into sys.modules
    Py_DECREF(code);
    return module;
}

PyObject* boot_module() {
    PyObject* objects = load_module("_threadlab_objects", kObjectsSource, "<threadlab objects>");
    if (!objects) return nullptr;
    Py_DECREF(objects);
    return load_module("_threadlab_boot", kBootSource, "<threadlab boot>");
}

bool call_boot(PyObject* boot, const char* fn) {
    PyObject* r = PyObject_CallMethod(boot, fn, nullptr);
    Py_XDECREF(r);
    return r != nullptr;
}

// Greenlets drawn as lanes of their thread (coroutine_lanes.cpp), once the
// boot has made _threadlab.
bool install_lanes() {
    PyObject* m = PyImport_ImportModule("_threadlab");
    const bool ok = m && install_coroutine_lanes(m);
    Py_XDECREF(m);
    return ok;
}

void set_main_attrs(PyObject* globals, const ProgramSpec& spec) {
    PyObject* file = PyUnicode_FromString(absolute_path(spec).c_str());
    PyDict_SetItemString(globals, "__file__", file);
    Py_DECREF(file);
    PyDict_SetItemString(globals, "__cached__", Py_None);
    PyObject* argv = Py_BuildValue("[s]", spec.path.c_str());
    PySys_SetObject("argv", argv);
    Py_DECREF(argv);
    // As `python3.11 FILE` does: the file's folder first on sys.path.
    const std::string dir = std::filesystem::absolute(spec.path).parent_path().string();
    if (PyObject* path = PySys_GetObject("path")) {  // borrowed
        PyObject* d = PyUnicode_FromString(dir.c_str());
        PyList_Insert(path, 0, d);
        Py_DECREF(d);
    }
}

// What Py_FinalizeEx does first: threading's shutdown (join every
// non-daemon thread, run the executors' exit hooks), then atexit.
void interpreter_exit() {
    PyObject* modules = PyImport_GetModuleDict();
    if (PyObject* threading = PyDict_GetItemString(modules, "threading")) {  // borrowed
        PyObject* r = PyObject_CallMethod(threading, "_shutdown", nullptr);
        if (!r) PyErr_WriteUnraisable(threading);
        Py_XDECREF(r);
    }
    if (PyObject* atexit = PyImport_ImportModule("atexit")) {
        PyObject* r = PyObject_CallMethod(atexit, "_run_exitfuncs", nullptr);
        if (!r) PyErr_Clear();
        Py_XDECREF(r);
        Py_DECREF(atexit);
    }
    PyErr_Clear();
}

}  // namespace

void initialize_interpreter(const std::string& program_path) {
    PyImport_AppendInittab("_threadlab", threadlab_module_init);
    PyConfig config;
    // Isolated: the user's PYTHONPATH or ~/.local (perhaps for another
    // Python on PATH) cannot mix other packages in.
    PyConfig_InitIsolatedConfig(&config);
    config.use_hash_seed = 1;
    config.hash_seed = 0;
    config.write_bytecode = 0;
    config.install_signal_handlers = 1;
    PyConfig_SetBytesString(&config, &config.executable, kPython);
    PyConfig_SetBytesString(&config, &config.program_name, kPython);
    const char* argv[] = {program_path.c_str()};
    PyConfig_SetBytesArgv(&config, 1, const_cast<char* const*>(argv));
    PyStatus status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) Py_ExitStatusException(status);
    bridge().interp = PyInterpreterState_Get();
}

void leave_interpreter() { PyEval_SaveThread(); }

ProgramOutcome check_syntax(const ProgramSpec& spec) {
    ProgramOutcome outcome;
    if (PyObject* code = compile_program(spec, &outcome)) Py_DECREF(code);
    return outcome;
}


ProgramOutcome run_program(Runtime& rt, const ProgramSpec& spec) {
    Bridge& b = bridge();
    b.rt = &rt;
    guard_engine_across_fork();
    b.deterministic = rt.config().mode == Mode::Deterministic;
    if (b.deterministic) let_outside_calls_in(rt);
    let_signals_in(rt);
    b.granularity = spec.granularity;
    b.main_file = PyUnicode_FromString(absolute_path(spec).c_str());
    PyUnicode_InternInPlace(&b.main_file);

    ProgramOutcome outcome;
    PyObject* boot = boot_module();
    if (!boot || !call_boot(boot, "install") || !install_lanes()) {
        outcome.main_raised = true;
        outcome.exit_status = 1;
        outcome.error = "ThreadLab could not set up the interpreter";
        PyErr_Print();
        stop_hearing_signals();
        Py_XDECREF(boot);
        return outcome;
    }
    PyObject* code = compile_program(spec, &outcome);
    if (code) {
        PyObject* main = PyImport_AddModule("__main__");  // borrowed
        PyObject* globals = PyModule_GetDict(main);       // borrowed
        set_main_attrs(globals, spec);
        install_tracing_for_this_thread();
        watch_generators_of(code);
        PyObject* result = PyEval_EvalCode(code, globals, globals);
        PyEval_SetTrace(nullptr, nullptr);
        PyEval_SetProfile(nullptr, nullptr);
        Py_DECREF(code);
        if (result) {
            Py_DECREF(result);
        } else if (PyErr_ExceptionMatches(b.stopped) || stop_was_raised()) {
            // Ended by the engine; what the unwinding raised on the way
            // (an assert in threading's cleanup) is not the program's error.
            PyErr_Clear();
        } else {
            PyObject *type, *value, *tb;
            PyErr_Fetch(&type, &value, &tb);
            PyErr_NormalizeException(&type, &value, &tb);
            if (tb) PyException_SetTraceback(value, tb);
            if (PyErr_GivenExceptionMatches(type, PyExc_SystemExit)) {
                outcome.exit_status = exit_status_of(value);
                PyObject* code_attr = PyObject_GetAttrString(value, "code");
                PyErr_Clear();
                if (code_attr && code_attr != Py_None && !PyLong_Check(code_attr)) {
                    PySys_WriteStderr("%s\n", utf8_of(code_attr).c_str());
                }
                Py_XDECREF(code_attr);
            } else {
                outcome.main_raised = true;
                outcome.exit_status = 1;
                outcome.error = describe(type, value);
                outcome.error_line = student_line_of(tb);
                PyErr_Display(type, value, tb);  // the traceback, to the run's stderr
            }
            Py_XDECREF(type);
            Py_XDECREF(value);
            Py_XDECREF(tb);
        }
    }
    outcome.stopped = stop_was_raised();
    if (!outcome.stopped) {
        // The moment main's code is over and the interpreter's shutdown
        // begins (joining the non-daemon threads, then atexit): a mark on
        // MainThread's lane.
        const bool returned = !outcome.main_raised;
        const int status = outcome.exit_status;
        if (!call_engine([&] { tl::program_exits(returned, status); })) PyErr_Clear();
        interpreter_exit();
    }
    stop_hearing_signals();
    call_boot(boot, "finish");
    PyErr_Clear();
    Py_DECREF(boot);
    return outcome;
}

}  // namespace tl::py
