// time.sleep over the engine (a sleeping thread is an engine wait), and in
// deterministic mode the clocks too: time.monotonic, perf_counter and time
// read virtual time, so that a program measuring itself prints the same
// numbers in every run.
#include <cmath>
#include <ctime>

#include "bridge.hpp"
#include "process_turns.hpp"
#include "time_args.hpp"

namespace tl::py {

namespace {

// time.time() of virtual time zero: 2026-01-01 00:00:00 UTC.
constexpr double kVirtualEpoch = 1767225600.0;

PyObject* sleep(PyObject*, PyObject* arg) {
    double seconds;
    if (!seconds_arg(arg, &seconds)) return nullptr;
    if (seconds < 0) {
        PyErr_SetString(PyExc_ValueError, "sleep length must be non-negative");
        return nullptr;
    }
    note_line();
    const bool real_clock = !bridge().deterministic;
    if (!call_engine([&] {
            tl::sleep(seconds);
            // As CPython 3.11's time.sleep: the GIL stays released around a
            // real clock_nanosleep, here to a moment already past. For
            // sleep(0) that kernel call is the whole window in which a
            // thread waiting for the GIL can take it; without it the
            // sleeper took the GIL straight back, every time, and an I/O
            // thread next to a loop calling sleep(0) starved (163 ms per
            // answer measured, 0.6 ms in CPython 3.11).
            if (real_clock && seconds == 0) {
                timespec now{};
                clock_gettime(CLOCK_MONOTONIC, &now);
                clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &now, nullptr);
            }
        }))
        return nullptr;
    Py_RETURN_NONE;
}

// Reading the clock takes time, as it does in CPython (time.monotonic()
// costs about 50 ns here); charged once the program has forked (only then
// for now, so that one-process runs keep the logs they had). Without it a loop that polls until the clock
// moves would spin for ever in virtual time: multiprocessing's
// connection.wait(timeout=0) looks again until `deadline - monotonic()` is
// negative, and only time spent reading the clock makes it so.
constexpr Nanos kClockReadCost = 50;

double virtual_seconds() {
    if (!in_scenario_thread()) return 0.0;
    if (bridge().deterministic && shared_turns_or_null()) tl::charge_cpu(kClockReadCost);
    return tl::monotonic();
}

PyObject* monotonic(PyObject*, PyObject*) { return PyFloat_FromDouble(virtual_seconds()); }
PyObject* monotonic_ns(PyObject*, PyObject*) {
    return PyLong_FromLongLong(static_cast<long long>(std::llround(virtual_seconds() * 1e9)));
}
PyObject* wall_time(PyObject*, PyObject*) { return PyFloat_FromDouble(kVirtualEpoch + virtual_seconds()); }
PyObject* wall_time_ns(PyObject*, PyObject*) {
    return PyLong_FromLongLong(static_cast<long long>(std::llround((kVirtualEpoch + virtual_seconds()) * 1e9)));
}

PyMethodDef time_functions[] = {
    {"sleep", sleep, METH_O, "sleep(seconds): an engine wait"},
    {"virtual_monotonic", monotonic, METH_NOARGS, "virtual time in seconds (deterministic mode)"},
    {"virtual_monotonic_ns", monotonic_ns, METH_NOARGS, nullptr},
    {"virtual_time", wall_time, METH_NOARGS, "time.time() in virtual time"},
    {"virtual_time_ns", wall_time_ns, METH_NOARGS, nullptr},
    {nullptr, nullptr, 0, nullptr}};

}  // namespace

bool install_time_functions(PyObject* module) { return PyModule_AddFunctions(module, time_functions) == 0; }

}  // namespace tl::py
