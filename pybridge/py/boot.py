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
  os.fork                                   the child sends its own log, and takes
                                            turns with the others (deterministic mode)
  os.read, os.write, os.waitpid, os.kill,   shown as io: they wait in the kernel; in a
  multiprocessing's locks,                  deterministic run, a look in each turn
  selectors.PollSelector.select
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


_serials = iter(range(1, 1 << 62))


def _hash_in_creation_order(cls):
    """Deterministic mode: objects of `cls` hash by the order they were first
    hashed, not by their address. CPython iterates sets of them:
    threading._after_fork a set of Threads (the locks each child makes),
    multiprocessing's active_children() a set of Processes (the order its
    exit handler terminates and joins them). Addresses depend on how the
    heap happened to be laid out; this order does not."""

    def __hash__(self):
        serial = self.__dict__.get('_threadlab_serial')
        if serial is None:
            serial = self.__dict__['_threadlab_serial'] = next(_serials)
        return serial

    cls.__hash__ = __hash__


def _patch_threading():
    import threading
    import queue
    import _threadlab_objects
    _threadlab_objects.install(threading, queue)
    if _threadlab.deterministic:
        # Only for a program that uses multiprocessing: a hash in Python
        # costs every set and dict of Threads (CPython's own threading tests
        # ran 4x slower with it), and only forks need it.
        def hash_processes_and_threads(module):
            _hash_in_creation_order(threading.Thread)
            _hash_in_creation_order(module.BaseProcess)

        sys.meta_path.insert(0, _AfterImport('multiprocessing.process', hash_processes_and_threads))
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
    import _threadlab_objects
    sys.meta_path.insert(0, _AfterImport('concurrent.futures.thread',
                                         lambda module: _threadlab_objects.install_futures()))
    for name, then in (('concurrent.futures.process', _threadlab_objects.install_process_executor),
                       ('multiprocessing.pool', _threadlab_objects.install_pool),
                       ('multiprocessing.util', _threadlab_objects.install_after_fork)):
        sys.meta_path.insert(0, _AfterImport(name, then))


def _finish_output():
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, Output):
            stream.finish()


def _patch_os_exit():
    import os
    real_exit = os._exit
    run_pid = os.getpid()

    def _exit(status):
        _finish_output()
        if os.getpid() != run_pid:
            # A forked child (a multiprocessing worker ends this way): its
            # own stream of the log ends with its threads' ends.
            _threadlab.end_process(status)
        else:
            _threadlab.flush_log()
        real_exit(status)

    os._exit = _exit


def _child_name(frame):
    # multiprocessing forks in Popen._launch(self, process_obj): the child
    # is that Process, under its own name (ForkPoolWorker-1, Process-2).
    while frame is not None:
        process = frame.f_locals.get('process_obj')
        if process is not None and isinstance(getattr(process, 'name', None), str):
            return process.name
        frame = frame.f_back
    return ''


def _patch_fork():
    import os
    real_fork = os.fork

    def fork():
        _threadlab.name_next_fork(_child_name(sys._getframe(1)))
        _threadlab.reserve_process()  # deterministic mode: the child's place in the processes' turns
        # What the child's fork hooks make (threading._after_fork's new
        # locks) are details, as the same locks made at start-up are.
        _threadlab.begin_parts(_threadlab.NONE)
        pid = -1
        try:
            pid = real_fork()
        finally:
            _threadlab.end_parts()
            if pid != 0:
                _threadlab.child_pid(pid)
        if pid == 0:
            _threadlab.forked()
        return pid

    fork.__doc__ = real_fork.__doc__
    os.fork = fork


def _patch_waits_outside():
    # Calls that wait in the kernel for another process: the thread is
    # shown in io while it waits, not running. Connection binds os.read and
    # os.write as default arguments when multiprocessing.connection is
    # imported, which is after this. selectors and multiprocessing are
    # patched when the program first imports them (importing them here
    # would slow every start).
    #
    # In a deterministic run with several processes (_threadlab.wait_until)
    # a wait is a look at the kernel in each of its process's turns, so that
    # the process that will end it gets its turn: a real blocking call would
    # keep the turn for ever.
    import os
    import select
    import stat
    from functools import partial
    shared = _threadlab.processes_shared
    real_read, real_write, real_waitpid, real_wait, real_kill = os.read, os.write, os.waitpid, os.wait, os.kill

    def ready(fd, events):
        poller = select.poll()
        poller.register(fd, events)
        return _threadlab.wait_until(partial(poller.poll, 0)) is not None

    def read(fd, n):
        if shared() and ready(fd, select.POLLIN):
            return real_read(fd, n)  # it has data, or its writers are gone
        return _threadlab.outside(real_read, fd, n)

    def stream(fd):  # a blocking pipe or socket: a write to a file never waits for a process
        mode = os.fstat(fd).st_mode
        return (stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)) and os.get_blocking(fd)

    def write(fd, data):
        if shared() and stream(fd) and ready(fd, select.POLLOUT):
            # Writable means PIPE_BUF bytes fit: more could block, and the
            # caller (Connection._send) writes the rest in its next call.
            return real_write(fd, memoryview(data)[:select.PIPE_BUF])
        return real_write(fd, data)

    def waitpid(pid, options):
        known = _threadlab.process_status(pid)      # -1: not one of the program's processes in their turns
        # Ended in the processes' turns means ended: wait for the kernel to
        # agree, not for a turn; also when no other process is left (a
        # look with WNOHANG would race the kernel's end of the process).
        if known == 1 or (known == 0 and shared() and not options & os.WNOHANG and
                          _threadlab.wait_until(partial(_threadlab.process_over, pid))):
            return _threadlab.after_last_turn(real_waitpid, pid, options & ~os.WNOHANG)
        if options & os.WNOHANG:
            return real_waitpid(pid, options)  # a look, not a wait (Process.is_alive)
        return _threadlab.outside(real_waitpid, pid, options)

    def wait():
        return _threadlab.outside(real_wait)

    def kill(pid, sig):
        ticket = _threadlab.signal_ticket()
        try:
            real_kill(pid, sig)
        finally:
            if pid in (0, os.getpid(), -os.getpgrp()):
                _threadlab.signal_sent(sig, ticket)  # (at once: see _patch_signals)
        if _threadlab.deterministic and sig in (9, 15):  # SIGKILL, SIGTERM: the turns go on without it
            _threadlab.process_killed(pid, sig)

    for fn, real in ((read, real_read), (write, real_write), (waitpid, real_waitpid), (wait, real_wait),
                     (kill, real_kill)):
        fn.__doc__, fn.__name__ = real.__doc__, real.__name__
        setattr(os, real.__name__, fn)
    sys.meta_path.insert(0, _AfterImport('selectors', _patch_selectors))
    sys.meta_path.insert(0, _AfterImport('multiprocessing.synchronize', _patch_semlock))


def _patch_selectors(selectors):
    from functools import partial
    real_select = selectors.PollSelector.select

    def select(self, timeout=None):
        if timeout is not None and timeout <= 0:
            return real_select(self, timeout)
        if _threadlab.processes_shared():
            if _threadlab.wait_until(partial(self._selector.poll, 0), timeout) is not None:
                return real_select(self, 0)  # what is ready now, or nothing when the time ran out
        return _threadlab.outside(real_select, self, timeout)

    selectors.PollSelector.select = select


def _patch_semlock(synchronize):
    # multiprocessing's Lock, Semaphore and the locks inside its queues.
    from functools import partial
    SemLock = synchronize.SemLock
    make_methods = SemLock._make_methods

    def _make_methods(self):
        make_methods(self)
        real_acquire = self._semlock.acquire

        def acquire(block=True, timeout=None):
            if not block or timeout is not None and timeout <= 0:
                return real_acquire(block, timeout)
            if _threadlab.processes_shared():
                got = _threadlab.wait_until(partial(real_acquire, False), timeout)
                if got is not None:
                    return bool(got)
            return _threadlab.outside(real_acquire, block, timeout)

        self.acquire = acquire

    SemLock._make_methods = _make_methods
    SemLock.__enter__ = lambda self: self.acquire()


def _patch_signals():
    # A signal breaks the wait of the thread the kernel delivers it to
    # (signals.cpp): os.kill to the process reaches main, but raise_signal
    # reaches the thread calling it and interrupt_main sends none, so those
    # two are marked as not for main before they send.
    #
    # Deterministic mode: a signal the program sends itself wakes a blocked
    # main thread at once, at this point of the run (free mode hears of
    # every signal by itself). _threadlab.signal_sent comes straight after
    # the send, with no call of a Python function between: CPython 3.11
    # flags a pending signal for every thread, and a thread other than main,
    # traced as deterministic mode traces them, spins at the next function
    # it enters until main has handled it, which main cannot while that
    # thread holds the run's turn. signal_sent lets the GIL go, which clears
    # the flag for this thread.
    import os
    import signal
    os.register_at_fork(after_in_child=_threadlab.signals_after_fork)
    real_raise = signal.raise_signal
    real_interrupt = _thread.interrupt_main
    det = _threadlab.deterministic

    def raise_signal(signalnum, /):
        import threading
        if threading.current_thread() is not threading.main_thread():
            _threadlab.signal_not_for_main(signalnum)
        try:
            real_raise(signalnum)
        finally:
            if det:
                _threadlab.signal_sent(signalnum)

    def interrupt_main(signum=signal.SIGINT, /):
        _threadlab.signal_not_for_main(signum)
        try:
            real_interrupt(signum)
        finally:
            if det:
                _threadlab.signal_sent(signum)

    for fn, real in ((raise_signal, real_raise), (interrupt_main, real_interrupt)):
        fn.__doc__, fn.__name__ = real.__doc__, real.__name__
    signal.raise_signal = raise_signal
    sys.modules['_thread'].interrupt_main = interrupt_main  # the shim threading imports


def _program_module():
    # `import threadlab` in a program: threadlab.phase("serial") marks where
    # a part of it begins, drawn as a labelled band on the timeline.
    threadlab = type(sys)('threadlab')
    threadlab.__doc__ = 'ThreadLab inside a program: phase(name) marks where a part of it begins.'
    threadlab.phase = _threadlab.phase
    sys.modules['threadlab'] = threadlab


def install():
    _program_module()
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
    _patch_waits_outside()
    _patch_signals()
    _patch_fork()
    # The module-level random functions draw from the run's seed, so a
    # lesson's random durations repeat with --seed; in deterministic mode
    # this is what makes such a program give the same log every run.
    import random
    random.seed(_threadlab.seed)


def start_live_call(function, value_literal, label, wait_for_it=True):
    """Deterministic mode: a teacher's live change (`set_consumers(4)`), run
    by a thread of its own, started by whichever thread of the program is
    running when the change arrives. Free mode does the same from outside
    (outside_calls.cpp). False, and nothing started, while `wait_for_it` and
    the program has not yet defined the function or a global it reads (a
    change made as the run began): the caller tries again at a later switch
    point."""
    import threading
    main = sys.modules['__main__']
    if wait_for_it and not _threadlab.live_call_ready(function):
        return False

    def teacher():
        print(label)
        try:
            fn = getattr(main, function, None)
            if not callable(fn):
                raise NameError(f'the program has no function {function}() for this live change')
            fn(eval(value_literal, main.__dict__))
        except Exception:
            import traceback
            traceback.print_exc()  # in the output; the teacher's thread ends as in free mode

    threading.Thread(target=teacher, name='teacher', daemon=True).start()
    return True


def run_live_call_here(name, function, value_literal):
    """Free mode: a teacher's live change, run by the OS thread the runner
    adopted for it (outside_calls.cpp). To the program it is a thread named
    `name`, as in deterministic mode where it is a threading.Thread: listed
    by enumerate() while the call runs and not after (a plain _DummyThread,
    "Dummy-1", would stay listed for good), and taking no number from the
    default names of the program's own threads ("Thread-3")."""
    import threading

    class Teacher(threading._DummyThread):
        def __init__(self):
            threading.Thread.__init__(self, name=name, daemon=True)
            self._started.set()
            self._set_ident()
            if getattr(threading, '_HAVE_THREAD_NATIVE_ID', False):
                self._set_native_id()
            with threading._active_limbo_lock:
                threading._active[self._ident] = self

    me = Teacher()
    try:
        main = sys.modules['__main__']
        fn = getattr(main, function, None)
        if not callable(fn):
            raise NameError(f'the program has no function {function}() for this live change')
        fn(eval(value_literal, main.__dict__))
    finally:
        with threading._active_limbo_lock:
            threading._active.pop(me._ident, None)


def finish():
    _finish_output()
