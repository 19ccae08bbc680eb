// Time arguments as CPython 3.11 reads them (_PyTime_FromSecondsObject):
// the same accepted types, the same errors and messages.
#pragma once
#include "bridge.hpp"

namespace tl::py {

// threading.TIMEOUT_MAX / _thread.TIMEOUT_MAX on this platform.
constexpr double kTimeoutMax = 9223372036.0;

// A float or an integer (anything with __index__) as seconds. Sets the
// Python error and returns false for NaN ("Invalid value NaN (not a
// number)"), for values too large for nanoseconds in 64 bits (OverflowError)
// and for other types (TypeError).
bool seconds_arg(PyObject* obj, double* seconds);

}  // namespace tl::py
