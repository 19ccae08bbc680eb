#include "pybridge/checks.hpp"

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "boot_source.hpp"
#include "pybridge/program.hpp"

namespace tl::py {

namespace {

std::string error_text() {
    PyObject *type = nullptr, *value = nullptr, *tb = nullptr;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    std::string text = "the checks could not run";
    if (value) {
        if (PyObject* s = PyObject_Str(value)) {
            if (const char* u = PyUnicode_AsUTF8(s)) text += std::string(": ") + u;
            Py_DECREF(s);
        }
    }
    PyErr_Clear();
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    return text;
}

std::string escape_json(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) {
            out += ' ';
            continue;
        }
        out += c;
    }
    return out;
}

}  // namespace

std::string run_lesson_checks(const std::string& input_json) {
    initialize_interpreter("checks.py");
    std::string result;
    PyObject* code = Py_CompileString(kChecksApiSource, "<threadlab checks>", Py_file_input);
    PyObject* module = code ? PyImport_ExecCodeModule("threadlab", code) : nullptr;
    Py_XDECREF(code);
    PyObject* r = module ? PyObject_CallMethod(module, "_run_checks", "s#", input_json.data(),
                                               static_cast<Py_ssize_t>(input_json.size()))
                         : nullptr;
    if (r && PyUnicode_Check(r)) {
        if (const char* u = PyUnicode_AsUTF8(r)) result = u;
    }
    if (result.empty()) result = "{\"error\": \"" + escape_json(error_text()) + "\", \"checks\": []}";
    Py_XDECREF(r);
    Py_XDECREF(module);
    return result;
}

}  // namespace tl::py
