"""What the fidelity bar runs (see fidelity.py and docs/FIDELITY.md): groups
of CPython 3.11 test classes, the configurations each runs in (in CI and in
the full set), the skip list and the list of known failures.

A configuration is a mode and, in deterministic mode, a granularity:
  free          threadlab run driver.py --mode free
  det           --mode deterministic --seed SEED  (CPython's own switch points)
  det-line      ... --granularity line
  det-bytecode  ... --granularity bytecode
Switch points at lines or bytecodes are only placed in the program's own
file (driver.py), never in the standard library or the test modules, so
det-line and det-bytecode run CPython's tests exactly as det does; the full
set still runs them, as a check that the granularity machinery itself
changes nothing.
"""

TESTSUITE_MARKER = "/usr/lib/python3.11/test/test_threading.py"  # Debian's libpython3.11-testsuite
SEED = 1
STALL_SECONDS = 30  # a test that runs this long without ending counts as hung

CONFIGS = ["free", "det", "det-line", "det-bytecode"]
ALL = ["free", "det", "det-line", "det-bytecode"]

GROUPS = [
    {"name": "threading-locks", "module": "test.test_threading",
     "classes": ["LockTests", "PyRLockTests", "CRLockTests", "EventTests", "ConditionAsRLockTests",
                 "ConditionTests", "SemaphoreTests", "BoundedSemaphoreTests", "BarrierTests"],
     "ci": ALL, "full": ALL},
    # SubinterpThreadingTests run their threads in a subinterpreter, whose
    # _thread is the real one (not the engine): they pass, testing nothing
    # of ThreadLab, and are kept as a check that nothing breaks them.
    {"name": "threading-threads", "module": "test.test_threading",
     "classes": ["ThreadTests", "ThreadJoinOnShutdown", "ThreadingExceptionTests", "TimerTests",
                 "MiscTestCase", "InterruptMainTests", "AtexitTests", "ExceptHookTests",
                 "SubinterpThreadingTests"],
     "ci": ["free", "det"], "full": ALL},
    {"name": "queue", "module": "test.test_queue",
     "classes": ["PyQueueTest", "PyLifoQueueTest", "PyPriorityQueueTest", "PyFailingQueueTest",
                 "PySimpleQueueTest", "CQueueTest", "CLifoQueueTest", "CPriorityQueueTest",
                 "CFailingQueueTest", "CSimpleQueueTest"],
     "ci": ["free", "det"], "full": ALL},
    {"name": "futures", "module": "test.test_concurrent_futures",
     "classes": ["FutureTests", "ThreadPoolAsCompletedTest", "ThreadPoolExecutorTest",
                 "ThreadPoolFailingInitializerTest", "ThreadPoolInitializerTest", "ThreadPoolShutdownTest",
                 "ThreadPoolWaitTests"],
     "ci": ["free", "det"], "full": ALL},
]

# ---- reasons, shared by several tests ---------------------------------------

_FORK = ("os.fork() in ThreadLab's own process: the child inherits the engine without its other threads. "
         "Free mode: threading._after_fork makes new engine locks in the child, and Object::Object -> "
         "EventLog::add_object waits for ever on the log's mutex when another thread (an engine thread, "
         "or the runner's LogShipper) held it at the moment of the fork (a hang in some runs). "
         "Deterministic mode: the child's first engine call waits for the token, which belonged to a "
         "thread that does not exist in the child; and test.support.wait_process polls the real child "
         "with time.sleep() against virtual time, so its 300 s limit passes in a few ms of real time "
         "(AssertionError: process N is still running after 300.0 seconds). Later builds also flush the "
         "log in os._exit(), in the child too, on the child's copy of the engine (LogShipper::ship).")
_C_SIMPLEQUEUE = ("_queue.SimpleQueue, the C type (loaded by import_fresh_module, not the pure-Python one "
                  "boot.py installs as queue.SimpleQueue), blocks in C on an OS lock: in deterministic mode "
                  "the blocked thread keeps the engine's token and the thread that would put() never runs. "
                  "The run hangs (binary of 4070555) or is stopped as 'BLOCKED outside ThreadLab' (later "
                  "builds). Passes in free mode.")
_ZERO_TIMEOUT = ("as_completed(..., timeout=0) with a future unfinished: deterministic mode's virtual clock "
                 "does not move while a thread runs, so end_time - time.monotonic() stays exactly 0.0, "
                 "never < 0; the TimeoutError is never raised and the loop spins for ever on "
                 "waiter.event.wait(0).")

# test id -> (where: None for every configuration, "free", or "det" for
# every deterministic one; reason). Not run: each would hang or fail for a
# reason given here and analysed in docs/FIDELITY.md.
SKIPS = {
    "test.test_threading.ThreadTests.test_is_alive_after_fork": (None, _FORK),
    "test.test_threading.ThreadJoinOnShutdown.test_reinit_tls_after_fork": (None, _FORK),
    "test.test_threading.ThreadJoinOnShutdown.test_clear_threads_states_after_fork": (None, _FORK),
    "test.test_concurrent_futures.ThreadPoolExecutorTest.test_hang_global_shutdown_lock": (
        None, "ProcessPoolExecutor(mp_context=fork), 50 times: processes do not run over the engine yet, and "
              "the forked worker hangs in threading._after_fork (RLock() -> EventLog::add_object's mutex, or "
              "an engine lock held at the fork), so the pool's shutdown waits for ever. " + _FORK),
    "test.test_threading.ThreadTests.test_PyThreadState_SetAsyncExc": (
        None, "hangs in its first `while True: pass`: it passes threading.get_ident() (the engine's ident, "
              "140000000000000 + 8392704 * tid) to ctypes.pythonapi.PyThreadState_SetAsyncExc, which looks "
              "for an OS ident (pthread_self()), finds no thread state (returns 0), and the awaited "
              "exception is never raised."),
    "test.test_threading.InterruptMainTests.test_can_interrupt_tight_loops": (
        "det", "the worker's loop (100 million iterations) is library code: deterministic mode has no switch "
               "point inside it (switch points are only placed in the program's own file and at engine "
               "calls), so MainThread never runs to clear cont[0]; the loop runs to its end (tens of "
               "seconds) and interrupted[0] stays False. CPython preempts it every 5 ms."),
    "test.test_queue.CSimpleQueueTest.test_many_threads": ("det", _C_SIMPLEQUEUE),
    "test.test_queue.CSimpleQueueTest.test_many_threads_timeout": ("det", _C_SIMPLEQUEUE),
    "test.test_queue.CSimpleQueueTest.test_order": ("det", _C_SIMPLEQUEUE),
    "test.test_concurrent_futures.ThreadPoolAsCompletedTest.test_zero_timeout": ("det", _ZERO_TIMEOUT),
    "test.test_concurrent_futures.ThreadPoolAsCompletedTest.test_free_reference_yielded_future": (
        "det", _ZERO_TIMEOUT),
    "test.test_concurrent_futures.ThreadPoolAsCompletedTest.test_correct_timeout_exception_msg": (
        "det", _ZERO_TIMEOUT),
}

# test id -> (where, reason): known differences from CPython. These run;
# their failure is expected and reported, not counted against the bar. One
# that passes is reported as "passes now": take it off this list.
KNOWN = {
    "test.test_threading.ExceptHookTests.test_excepthook_thread_None": (
        None, "threading.excepthook is the C _thread._excepthook, which names a thread=None by "
              "PyThread_get_thread_ident() (the OS ident), while threading.get_ident() is the engine's "
              "ident: 'Exception in thread 140000000000000' is not in the output."),
    "test.test_threading.MiscTestCase.test__all__": (
        None, "threading.Lock (_allocate_lock), get_ident and get_native_id are the _threadlab module's "
              "functions, whose __module__ is '_threadlab', not '_thread': support.check__all__ does not "
              "count them as threading's own and finds them in __all__ unexpectedly."),
    "test.test_threading.ThreadTests.test_tstate_lock": (
        None, "Thread._tstate_lock of an engine thread is the join sentinel, not a lock: acquiring it after "
              "the thread ended does not hold it (release() is a no-op, locked() is is_alive()), so "
              "is_alive() already says False while the test holds it (CPython: True until released)."),
}


# test id -> (where, reason): tests that pass in most runs and fail in some,
# for a reason analysed in docs/FIDELITY.md. They run; a failure is reported
# as flaky and not counted against the bar (a hang still is).
FLAKY = {
    "test.test_concurrent_futures.ThreadPoolExecutorTest.test_idle_thread_reuse": (
        "free", "the bridge gives up the GIL in every engine call (call_engine: PyEval_SaveThread), even an "
                "uncontended lock acquire or release, where CPython keeps it: after set_result() wakes "
                "MainThread, the worker's next lock operation lets MainThread run and submit() before the "
                "worker's _idle_semaphore.release(), so a second worker starts (len(executor._threads) == 2; "
                "about 1 run in 100 of this pattern, never in CPython)."),
    "test.test_threading.InterruptMainTests.test_interrupt_main_subthread": (
        "free", "a signal is not delivered to a thread parked in an engine wait: the KeyboardInterrupt that "
                "interrupt_main() makes pending reaches MainThread only when an engine call returns. Once in a "
                "clean-clone CI run (not in the other 4 runs this session, 2 local, 2 clean-clone) it landed right after the release in "
                "Condition._release_save, before Condition.wait's try, and Event.wait's `with` released the "
                "lock again: RuntimeError 'release unlocked lock' (docs/FIDELITY.md section 11)."),
}


def _applies(where, config):
    return where is None or config.split("-")[0] == where


def skips_for(module, config):
    return {tid: reason for tid, (where, reason) in SKIPS.items()
            if tid.startswith(module + ".") and _applies(where, config)}


def known_for(module, config, table=None):
    return {tid: reason for tid, (where, reason) in (KNOWN if table is None else table).items()
            if tid.startswith(module + ".") and _applies(where, config)}


def flaky_for(module, config):
    return known_for(module, config, FLAKY)
