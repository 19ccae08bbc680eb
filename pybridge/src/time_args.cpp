#include "time_args.hpp"

#include <cmath>

namespace tl::py {

namespace {
bool too_large() {
    PyErr_SetString(PyExc_OverflowError, "timestamp too large to convert to C _PyTime_t");
    return false;
}
}  // namespace

bool seconds_arg(PyObject* obj, double* seconds) {
    constexpr double kLimit = 9223372036.854775807;  // INT64_MAX nanoseconds
    if (PyFloat_Check(obj)) {
        const double d = PyFloat_AS_DOUBLE(obj);
        if (std::isnan(d)) {
            PyErr_SetString(PyExc_ValueError, "Invalid value NaN (not a number)");
            return false;
        }
        if (!(std::fabs(d) < kLimit)) return too_large();
        *seconds = d;
        return true;
    }
    const long long whole = PyLong_AsLongLong(obj);  // uses __index__; TypeError for other types
    if (whole == -1 && PyErr_Occurred()) {
        if (PyErr_ExceptionMatches(PyExc_OverflowError)) {
            PyErr_Clear();
            return too_large();
        }
        return false;
    }
    if (std::fabs(double(whole)) >= kLimit) return too_large();
    *seconds = double(whole);
    return true;
}

}  // namespace tl::py
