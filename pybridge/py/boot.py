"""ThreadLab's boot: puts the engine under Python's own threading.

Runs once per run, in MainThread, before the student's program. The stock
modules stay as they are (their code is CPython 3.11's, so their behaviour
is too); only the few low-level hooks they are built on are redirected to
the engine, in the built-in module _threadlab:

  _thread.allocate_lock, LockType, RLock    engine Lock and RLock
  _thread.start_new_thread                  an engine thread
  _thread._set_sentinel                     the engine thread's end (join)
  _thread.get_ident, get_native_id          numbers made from the engine's
  time.sleep                                an engine wait
  time.monotonic, perf_counter, time        virtual time (deterministic mode), the
                                            run's clock at --speed (free mode)
  queue.SimpleQueue                         queue's own pure-Python version
  sys.stdout, sys.stderr                    lines recorded in the run's log
  threading.excepthook                      the thread is recorded as failed
  os._exit                                  the log is sent before the process ends
"""
import io
import sys
import time
import _thread

import _threadlab


def _shim_thread_module():
    # A copy of _thread with the engine's hooks, under the name threading
    # imports. The interpreter's own import machinery keeps the real module
    # (it holds it directly), so imports never wait on engine locks.
    shim = type(sys)('_thread')
    shim.__dict__.update(_thread.__dict__)
    shim.allocate_lock = shim.allocate = _threadlab.allocate_lock
    shim.LockType = _threadlab.LockType
    shim.RLock = _threadlab.RLock
    shim.start_new_thread = shim.start_new = _threadlab.start_new_thread
    shim._set_sentinel = _threadlab.set_sentinel
    shim.get_ident = _threadlab.get_ident
    shim.get_native_id = _threadlab.get_native_id
    sys.modules['_thread'] = shim


def _patch_switch_interval():
    # CPython checks the value (and keeps it, for getswitchinterval); the
    # engine's modelled GIL switches after the same interval.
    real = sys.setswitchinterval

    def setswitchinterval(interval, /):
        real(interval)
        _threadlab.set_switch_interval(sys.getswitchinterval())

    setswitchinterval.__doc__ = real.__doc__
    sys.setswitchinterval = setswitchinterval


def _patch_time():
    time.sleep = _threadlab.sleep
    # The run's own clock: virtual time in deterministic mode; in free mode
    # at another speed, real time times that speed, so that a program timing
    # its sleeps prints the seconds it asked for (time.time stays the wall
    # clock there).
    if _threadlab.deterministic or _threadlab.speed != 1.0:
        time.monotonic = time.perf_counter = _threadlab.virtual_monotonic
        time.monotonic_ns = time.perf_counter_ns = _threadlab.virtual_monotonic_ns
    if _threadlab.deterministic:
        time.time = _threadlab.virtual_time
        time.time_ns = _threadlab.virtual_time_ns


class Output(io.TextIOBase):
    """sys.stdout or sys.stderr of a run: each complete line becomes a print
    event of the thread that ended it. One buffer for all threads, like a
    terminal, so that threads printing at once can tear each other's lines as
    they do in CPython."""

    def __init__(self, name, to_stderr):
        super().__init__()
        self._name = name
        self._to_stderr = to_stderr
        self._partial = ''

    @property
    def name(self):
        return self._name

    @property
    def encoding(self):
        return 'utf-8'

    @property
    def errors(self):
        return 'strict'

    def writable(self):
        return True

    def isatty(self):
        return False

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError(f'write() argument must be str, not {type(s).__name__}')
        *lines, self._partial = (self._partial + s).split('\n')
        for line in lines:
            _threadlab.print_line(line, self._to_stderr)
        return len(s)

    def flush(self):
        pass  # lines are recorded as they end; finish() records the rest

    def finish(self):
        if self._partial:
            text, self._partial = self._partial, ''
            _threadlab.print_line(text, self._to_stderr)


def _describe(exc_type, exc_value):
    import traceback
    return traceback.format_exception_only(exc_type, exc_value)[-1].strip()


def _patch_threading():
    import threading
    import queue
    import _threadlab_objects
    _threadlab_objects.install(threading, queue)
    original = threading.excepthook

    def excepthook(args, /):
        if args.exc_type is _threadlab.Stopped:
            return  # ThreadLab is ending the thread: not the program's error
        if args.exc_type is SystemExit:
            return  # sys.exit() in a thread ends it quietly, as CPython's default hook has it
        _threadlab.thread_failed(_describe(args.exc_type, args.exc_value))
        original(args)

    threading.excepthook = excepthook


def _patch_queue():
    import queue
    queue.SimpleQueue = queue._PySimpleQueue  # the C one blocks outside the engine


class _AfterImport:
    """Runs `then(module)` right after `name` is first imported, with what
    the import makes recorded as details (its module-level locks): so that
    concurrent.futures, which imports logging (7 ms), costs nothing to a
    program that does not use it."""

    def __init__(self, name, then):
        self.name, self.then = name, then

    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        import importlib.machinery
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        exec_module, then = spec.loader.exec_module, self.then

        def exec_and_instrument(module):
            _threadlab.begin_parts(_threadlab.NONE)
            try:
                exec_module(module)
                then(module)
            finally:
                _threadlab.end_parts()

        spec.loader.exec_module = exec_and_instrument
        return spec


def _patch_futures():
    # concurrent.futures.thread imports _base first: both are ready by then.
    # (The process pool part, which needs multiprocessing, is not run over
    # the engine yet.)
    import _threadlab_objects
    sys.meta_path.insert(0, _AfterImport('concurrent.futures.thread',
                                         lambda module: _threadlab_objects.install_futures()))


def _patch_os_exit():
    import os
    real_exit = os._exit
    run_pid = os.getpid()

    def _exit(status):
        # A child made by os.fork() has a copy of the log and of the stream
        # to the front end: flushing there would block on the shipper's
        # mutex (held at the fork by a thread the child does not have) or
        # write the copy into the run's stream. Only the run's process flushes.
        if os.getpid() != run_pid:
            real_exit(status)
        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, Output):
                stream.finish()
        _threadlab.flush_log()
        real_exit(status)

    os._exit = _exit


def install():
    sys.stdout = Output('<stdout>', False)
    sys.stderr = Output('<stderr>', True)
    _shim_thread_module()
    _patch_time()
    _patch_switch_interval()
    # What the modules make as they are imported (threading's own locks,
    # MainThread's Events) are details, never listed.
    _threadlab.begin_parts(_threadlab.NONE)
    try:
        _patch_queue()
        _patch_threading()
        _patch_futures()
    finally:
        _threadlab.end_parts()
    _patch_os_exit()
    # The module-level random functions draw from the run's seed, so a
    # lesson's random durations repeat with --seed; in deterministic mode
    # this is what makes such a program give the same log every run.
    import random
    random.seed(_threadlab.seed)


def finish():
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, Output):
            stream.finish()
