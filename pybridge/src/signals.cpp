// Signals reach a main thread that is blocked in the engine.
//
// CPython runs a Python signal handler in the main thread, and a signal
// breaks the wait that thread is blocked in: Ctrl-C during `t.join()`
// raises KeyboardInterrupt out of the join at once (since 3.2, on Linux).
// Under ThreadLab the main thread waits in the engine, which a signal does
// not wake by itself; so the bridge has CPython tell it of every signal
// through signal.set_wakeup_fd (CPython writes the signal's number to that
// fd from its C handler, after marking the signal pending), and asks the
// engine to interrupt the main thread (Runtime::interrupt). Woken there,
// the main thread runs the handlers (PyErr_CheckSignals); if one raised,
// the wait ends with its exception, else it waits on.
//
// Which wait a signal breaks is CPython's, that is the kernel's: the one of
// the thread the signal is delivered to. A signal sent to the process
// (os.kill, Ctrl-C, another process) goes to the main thread, which is
// blocked; signal.raise_signal() goes to the thread calling it, and
// _thread.interrupt_main() sends none at all (it only marks SIGINT
// pending), so in CPython neither breaks a blocked join() in main: the
// handler runs when main's wait ends. boot.py marks those two as "not for
// main" before they send.
//
// Free mode: a watcher thread reads the fd and interrupts main whenever a
// signal for it comes, from wherever it comes.
// Deterministic mode: an outside thread may not decide when things happen,
// so only the program's own signals are seen, at the point they are sent:
// after os.kill(os.getpid(), sig) the sending thread waits for CPython's
// byte and interrupts main then (boot.py), the same point in every run.
//
// A program that calls signal.set_wakeup_fd itself (asyncio's
// add_signal_handler) replaces the bridge's fd: its own fd then works as in
// CPython, and a blocked main thread hears of signals only when its wait
// returns.
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "bridge.hpp"

namespace tl::py {
namespace {

constexpr int kSignals = 65;  // 1..64 on Linux

struct SignalWatch {
    int read_fd = -1, write_fd = -1;
    uint32_t main_tid = kNone;
    // Free mode's watcher; a pointer, so that a forked child (which does
    // not have the parent's threads) can drop it without touching it.
    std::thread* watcher = nullptr;  // the main thread's alone (open_watch, close_watch)
    std::mutex mutex;  // rt, against the watcher's interrupt as the run ends
    Runtime* rt = nullptr;
    // Signals about to be sent that are not for main (raise_signal in
    // another thread, interrupt_main): their bytes interrupt nobody.
    std::atomic<int> not_for_main[kSignals] = {};
    // Free mode: bytes the watcher has dealt with, for a sender waiting
    // until its signal has reached main (signal_sent).
    // `watching` is whether the watcher is there to wait for: a sender
    // still in signal_sent as the run ends (a daemon thread) must not wait
    // for a watcher that is going, nor read the pointer main is clearing.
    std::mutex processed_mutex;
    std::condition_variable processed_cv;
    uint64_t processed = 0;
    bool watching = false;
};
SignalWatch watch;

void interrupt_main() {
    std::lock_guard lk(watch.mutex);
    if (watch.rt && watch.main_tid != kNone) watch.rt->interrupt(watch.main_tid);
}

// The bytes CPython wrote, one per signal that came: each interrupts main
// unless it was marked as not for main.
void on_signal_bytes(const unsigned char* bytes, ssize_t n) {
    bool for_main = false;
    for (ssize_t i = 0; i < n; ++i) {
        std::atomic<int>& skip = watch.not_for_main[bytes[i] % kSignals];
        int left = skip.load();
        while (left > 0 && !skip.compare_exchange_weak(left, left - 1)) {
        }
        if (left <= 0) for_main = true;
    }
    if (for_main) interrupt_main();
}

// Deterministic mode: waits up to `timeout_ms` for CPython's bytes, then
// takes every one there is. True when any came.
bool drain(int timeout_ms) {
    pollfd p{watch.read_fd, POLLIN, 0};
    if (watch.read_fd < 0 || poll(&p, 1, timeout_ms) <= 0) return false;
    unsigned char buf[64];
    bool any = false;
    for (ssize_t n; (n = read(watch.read_fd, buf, sizeof buf)) > 0;) {
        on_signal_bytes(buf, n);
        any = true;
    }
    return any;
}

void watch_free_mode() {
    for (;;) {
        pollfd p{watch.read_fd, POLLIN, 0};
        if (poll(&p, 1, -1) < 0) continue;  // EINTR: a signal handled on this very thread
        unsigned char buf[64];
        const ssize_t n = read(watch.read_fd, buf, sizeof buf);
        if (n <= 0) continue;
        if (std::find(buf, buf + n, 0) != buf + n) return;  // 0 is no signal: the bridge's own "stop"
        on_signal_bytes(buf, n);
        {
            std::lock_guard lk(watch.processed_mutex);
            watch.processed += static_cast<uint64_t>(n);
        }
        watch.processed_cv.notify_all();
    }
}

// signal.set_wakeup_fd(fd) (PySignal_SetWakeupFd is not exported), in the
// main thread with the GIL, as CPython wants.
void set_wakeup_fd(int fd) {
    PyObject* signal = PyImport_ImportModule("signal");
    PyObject* r = signal ? PyObject_CallMethod(signal, "set_wakeup_fd", "i", fd) : nullptr;
    if (!r) PyErr_Clear();  // signals then wait for the wait's end, as before
    Py_XDECREF(r);
    Py_XDECREF(signal);
}

// A pipe CPython writes to (non-blocking, as set_wakeup_fd wants), the
// watcher in free mode, and the main thread to interrupt: the calling one.
void open_watch(Runtime& rt) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) return;  // no pipe: signals wait for the wait's end, as before
    watch.read_fd = fds[0];
    watch.write_fd = fds[1];
    watch.main_tid = current_thread_id();
    {
        std::lock_guard lk(watch.mutex);
        watch.rt = &rt;
    }
    set_wakeup_fd(watch.write_fd);
    if (!bridge().deterministic) {
        fcntl(watch.read_fd, F_SETFL, 0);  // the watcher blocks on it (poll)
        watch.watcher = new std::thread(watch_free_mode);
        std::lock_guard lk(watch.processed_mutex);
        watch.watching = true;
    }
}

void close_watch(bool join = true) {
    {
        std::lock_guard lk(watch.mutex);
        watch.rt = nullptr;
    }
    {
        std::lock_guard lk(watch.processed_mutex);
        watch.watching = false;
    }
    watch.processed_cv.notify_all();  // a sender waiting for the watcher goes on
    if (watch.watcher) {
        const unsigned char stop = 0;
        if (write(watch.write_fd, &stop, 1) == 1 && join)
            watch.watcher->join();
        else
            watch.watcher->detach();
        delete watch.watcher;
        watch.watcher = nullptr;
    }
    if (watch.read_fd >= 0) close(watch.read_fd);
    if (watch.write_fd >= 0) close(watch.write_fd);
    watch.read_fd = watch.write_fd = -1;
}

// True when signal `sig` has a Python handler (KeyboardInterrupt's
// default_int_handler included): CPython then writes to the wakeup fd.
bool handled_in_python(int sig) {
    // _signal's, in C: signal.py's is Python, a function entered (see above).
    PyObject* signal = PyImport_ImportModule("_signal");
    PyObject* handler = signal ? PyObject_CallMethod(signal, "getsignal", "i", sig) : nullptr;
    const bool handled = handler && PyCallable_Check(handler);
    PyErr_Clear();  // a number that is no signal: os.kill has said so already
    Py_XDECREF(handler);
    Py_XDECREF(signal);
    return handled;
}

// _threadlab.signal_ticket(): before the program sends its own process a
// signal; free mode's signal_sent waits for the watcher to pass it.
PyObject* signal_ticket(PyObject*, PyObject*) {
    std::lock_guard lk(watch.processed_mutex);
    return PyLong_FromUnsignedLongLong(watch.processed);
}

// Free mode: until the watcher has dealt with a byte after `ticket`, so
// that the sender goes on only once main has been interrupted (a sender
// that ended first could leave every thread parked: a deadlock to the
// engine, with the signal still on its way), or until the watcher goes.
void wait_for_watcher(uint64_t ticket) {
    std::unique_lock lk(watch.processed_mutex);
    watch.processed_cv.wait_for(lk, std::chrono::seconds(1),
                                [&] { return !watch.watching || watch.processed > ticket; });
}

// _threadlab.signal_sent(sig, ticket): after the program sent its own
// process signal `sig`; deterministic mode takes CPython's byte itself.
PyObject* signal_sent(PyObject*, PyObject* args) {
    long sig = 0;
    unsigned long long ticket = 0;
    if (!PyArg_ParseTuple(args, "l|K:signal_sent", &sig, &ticket)) return nullptr;
    if (!handled_in_python(static_cast<int>(sig))) {
        // No byte will come; still let the GIL go once, which clears this
        // thread's pending-signal flag (see boot.py's _patch_signals).
        Py_BEGIN_ALLOW_THREADS
        Py_END_ALLOW_THREADS
        Py_RETURN_NONE;
    }
    // CPython's byte comes within microseconds; a second is for a loaded machine.
    Py_BEGIN_ALLOW_THREADS
    if (bridge().deterministic)
        drain(1000);
    else
        wait_for_watcher(ticket);
    Py_END_ALLOW_THREADS
    Py_RETURN_NONE;
}

// _threadlab.signal_not_for_main(sig): before raise_signal (in a thread
// other than main) or interrupt_main sends `sig`.
PyObject* signal_not_for_main(PyObject*, PyObject* arg) {
    const long sig = PyLong_AsLong(arg);
    if (sig == -1 && PyErr_Occurred()) return nullptr;
    if (sig > 0 && sig < kSignals && handled_in_python(static_cast<int>(sig))) ++watch.not_for_main[sig];
    Py_RETURN_NONE;
}

// _threadlab.signals_after_fork(): in a forked child (os.register_at_fork),
// the forking thread is the child's main thread, and the parent's pipe and
// watcher are not the child's.
PyObject* signals_after_fork(PyObject*, PyObject*) {
    Runtime* rt = watch.rt;
    watch.watcher = nullptr;  // the parent's, not running here: left as it is
    close_watch();
    if (rt) open_watch(*rt);
    Py_RETURN_NONE;
}

PyMethodDef functions[] = {
    {"signal_ticket", signal_ticket, METH_NOARGS, "signal_ticket(): before the program signals itself"},
    {"signal_sent", signal_sent, METH_VARARGS,
     "signal_sent(sig, ticket=0): after the program signalled itself (deterministic mode): let a blocked main thread hear it"},
    {"signal_not_for_main", signal_not_for_main, METH_O,
     "signal_not_for_main(sig): the next sig is sent to no blocked main thread (raise_signal, interrupt_main)"},
    {"signals_after_fork", signals_after_fork, METH_NOARGS, "signals_after_fork(): in a forked child"},
    {nullptr, nullptr, 0, nullptr}};

}  // namespace

bool install_signal_functions(PyObject* module) { return PyModule_AddFunctions(module, functions) == 0; }

void let_signals_in(Runtime& rt) {
    rt.set_interrupt_hook([] {
        // In the interrupted thread, inside its engine wait (no GIL).
        PyGILState_STATE g = PyGILState_Ensure();
        note_engine_call(false);
        const bool raised = PyErr_CheckSignals() < 0;  // the error stays set for call_engine to return
        note_engine_call(true);
        PyGILState_Release(g);
        return raised;
    });
    open_watch(rt);
}

void stop_hearing_signals() {
    set_wakeup_fd(-1);
    close_watch();
}

}  // namespace tl::py
