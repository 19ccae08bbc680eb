"""ThreadLab's named objects: the student's Queue, Event, Condition,
Semaphore, Barrier, Future and ThreadPoolExecutor in the run's log, under
the names the student gave them.

CPython's own classes keep doing the work (their code is 3.11's); each is
wrapped so that
  - its constructor records the object, and everything the constructor makes
    (a Queue's mutex and three Conditions, an Event's Condition) is recorded
    as a part of it: not listed, and a thread waiting on a part is shown
    waiting on the whole (`q`, not `q.not_empty`);
  - its operations are recorded as they happen (put and get inside the
    queue's own lock, so the log's order is the queue's order);
  - a Condition's wait is a wait on the Condition (or on the object it is a
    part of), not on the anonymous lock CPython makes for each waiter.
The recording calls are no scheduling points: the wrapped code switches
threads exactly where CPython's own does. The wrappers are `_threadlab.hooked`
callables (hooked_calls.cpp), not Python functions: an exception the method
raises reaches the student's traceback with no frame of ours in it, as
CPython prints it.
"""
import functools

import _threadlab

_ID = '_threadlab_id'        # the object's number in the log
_SHOWN = '_threadlab_shown'  # the number waits on it are shown on (itself, or its whole)


def _ids(obj):
    return getattr(obj, _ID, None), getattr(obj, _SHOWN, None)


def _is_part(obj):
    ident, shown = _ids(obj)
    return ident is not None and ident != shown


def _hooked(original, before=None, after=None, wraps=None):
    """`original` with before(*args, **kwargs) run first and after(token,
    result, exception, *args, **kwargs) run last, whether it returned or
    raised; under the name and doc of `wraps` (else original's)."""
    return functools.update_wrapper(_threadlab.hooked(original, before, after), wraps or original)


def _end_parts(token, result, exc, /, *args, **kwargs):
    _threadlab.end_parts()


def _constructor(cls, kind, initial=None, waiting=False):
    """Records the object, then runs the real constructor with everything it
    makes recorded as parts of it. `waiting`: a thread held up by one of its
    parts is shown waiting on it, not blocked (a pool's join() waits for its
    threads, it does not fight over a lock)."""

    # Named __init__: the bridge names the object after the student's
    # assignment, through frames that are all constructors (frames.cpp).
    def __init__(self, /, *args, **kwargs):
        try:
            value = initial(*args, **kwargs) if initial else 0
        except TypeError:
            value = 0  # arguments CPython's constructor refuses, in its own words
        ident, shown = _threadlab.object_new(kind, value)
        setattr(self, _ID, ident)
        setattr(self, _SHOWN, shown)
        _threadlab.begin_parts(shown, waiting)

    cls.__init__ = _hooked(cls.__init__, __init__, _end_parts)


def _details_of_nothing(cls):
    """What this constructor makes is never listed (a Thread's _started Event)."""
    cls.__init__ = _hooked(cls.__init__, lambda *args, **kwargs: _threadlab.begin_parts(_threadlab.NONE),
                           _end_parts)


def _record_after(cls, name, op, value=None, ok=None):
    """After cls.name returns, records `op` on the object (unless it is a part)."""

    def after(token, result, exc, self, /, *args, **kwargs):
        if _is_part(self):
            return
        if exc is None:
            _threadlab.op(getattr(self, _ID), op,
                          True if ok is None else bool(ok(result)),
                          value(self, result, *args, **kwargs) if value else 0)
        elif not isinstance(exc, _threadlab.Stopped):
            _threadlab.op(getattr(self, _ID), 'raise', False, _threadlab.text(exc))

    setattr(cls, name, _hooked(getattr(cls, name), None, after))


def _condition(threading):
    Condition = threading.Condition
    _constructor(Condition, 'Condition')

    def before_wait(self, /, *args, **kwargs):
        # The lock CPython makes for this waiter stands for the Condition
        # (or for the object the Condition is part of): Waiting there.
        _threadlab.begin_parts(getattr(self, _SHOWN), True)

    def after_wait(token, got, exc, self, /, *args, **kwargs):
        _threadlab.end_parts()
        if exc is None and not _is_part(self):
            _threadlab.op(getattr(self, _ID), 'wait', got, 1 if got else 0)

    Condition.wait = _hooked(Condition.wait, before_wait, after_wait)
    for name, op in (('notify', 'notify'), ('notify_all', 'notify_all')):

        def make(op):
            def before(self, /, *args, **kwargs):
                # CPython's notify_all() is notify(len(waiters)): that inner
                # call is part of this one, not a notify of its own (token
                # None). The lock is held, so one thread at a time sets the flag.
                if self.__dict__.get('_threadlab_in_notify_all'):
                    return None
                woken = len(self._waiters)
                asked = 0
                if op == 'notify':
                    n = args[0] if args else kwargs.get('n', 1)
                    woken = min(woken, n) if isinstance(n, int) else woken
                    asked = n if isinstance(n, int) else 0
                else:
                    self._threadlab_in_notify_all = True
                return woken, asked

            def after(token, result, exc, self, /, *args, **kwargs):
                if token is None:
                    return
                if op == 'notify_all':
                    self._threadlab_in_notify_all = False
                if exc is None and not _is_part(self):
                    _threadlab.op(getattr(self, _ID), op, True, *token)
            return before, after

        setattr(Condition, name, _hooked(getattr(Condition, name), *make(op)))
    # notifyAll stays CPython's: it warns that it is deprecated, then calls
    # notify_all (wrapped above).


# A BoundedSemaphore's bound, where CPython keeps it: a program that sets it
# again (a pool that grows or shrinks) is recorded as a resize.
def _bound(self):
    return self.__dict__['_threadlab_bound']


def _set_bound(self, n):
    resized = '_threadlab_bound' in self.__dict__   # not the first, in __init__
    self.__dict__['_threadlab_bound'] = n
    if resized and isinstance(n, int):
        _threadlab.op(getattr(self, _ID), 'resize', True, n, self._value)


def _semaphores(threading):
    for cls, kind in ((threading.Semaphore, 'Semaphore'),
                      (threading.BoundedSemaphore, 'BoundedSemaphore')):
        if cls is threading.BoundedSemaphore:
            # BoundedSemaphore.__init__ calls Semaphore.__init__: one record
            def __init__(self, /, value=1, *args, **kwargs):  # (named so: see _constructor)
                ident, shown = _threadlab.object_new('BoundedSemaphore', value if isinstance(value, int) else 0)
                setattr(self, _ID, ident)
                setattr(self, _SHOWN, shown)
                _threadlab.begin_parts(shown)

            def after(token, result, exc, self, /, value=1, *args, **kwargs):
                if exc is None:
                    self._initial_value = value
                _threadlab.end_parts()

            cls.__init__ = _hooked(threading.Semaphore.__init__.__wrapped__, __init__, after, wraps=cls.__init__)
            cls._initial_value = property(_bound, _set_bound)
        else:
            _constructor(cls, kind, lambda value=1: value)
        if 'acquire' in cls.__dict__:
            _record_after(cls, 'acquire', 'acquire', lambda self, got, *a, **k: self._value, ok=bool)
        if 'release' in cls.__dict__:
            _record_after(cls, 'release', 'release', lambda self, r, n=1: self._value)
        # CPython's `__enter__ = acquire` holds the method as it was; its
        # __exit__ calls self.release(), the recorded one: left as it is.
        cls.__enter__ = cls.acquire


def _event(threading):
    Event = threading.Event
    _constructor(Event, 'Event')
    _record_after(Event, 'set', 'set', lambda self, r: 1)  # value: the flag
    _record_after(Event, 'clear', 'clear')
    _record_after(Event, 'wait', 'wait', ok=bool)


def _barrier(threading):
    Barrier = threading.Barrier
    _constructor(Barrier, 'Barrier', lambda parties, action=None, timeout=None: parties)
    _record_after(Barrier, 'wait', 'wait', lambda self, index, *a, **k: index)
    # abort(), a wait that timed out and an action that raised all break
    # the barrier through _break(): each is recorded as the barrier breaking.
    _record_after(Barrier, '_break', 'abort')
    _record_after(Barrier, 'reset', 'reset')


def _queues(queue):
    def initial(maxsize=0):
        return maxsize

    for cls in (queue.Queue, queue._PySimpleQueue):
        _constructor(cls, 'Queue', initial if cls is queue.Queue else None)
        # The texts of the items now in the queue, by identity, so that a
        # get names the item it took whatever the queue's order.
        def texts(self, /, *args, **kwargs):
            self._threadlab_texts = {}

        cls.__init__ = _hooked(cls.__init__, texts)

    def record_put(self, item, size):
        if _is_part(self):
            return
        text = _threadlab.text(item)
        self._threadlab_texts.setdefault(id(item), []).append(text)
        _threadlab.op(getattr(self, _ID), 'put', True, size, text)

    def record_get(self, item):
        if _is_part(self):
            return
        texts = self._threadlab_texts.get(id(item))
        text = texts.pop(0) if texts else _threadlab.text(item)
        if texts == []:
            del self._threadlab_texts[id(item)]
        _threadlab.op(getattr(self, _ID), 'get', True, self._qsize(), text)

    # _put and _get run under the queue's mutex: the log's order is the queue's.
    for cls in (queue.Queue, queue.LifoQueue, queue.PriorityQueue, queue._PySimpleQueue):
        put, get = cls.__dict__.get('_put'), cls.__dict__.get('_get')
        if put:
            cls._put = _hooked(put, None, lambda token, r, exc, self, item:
                               exc is None and record_put(self, item, self._qsize()))
        if get:
            cls._get = _hooked(get, None, lambda token, item, exc, self:
                               exc is None and record_get(self, item))
    # _PySimpleQueue has no _put/_get: its put and get do the work.
    simple = queue._PySimpleQueue
    simple._qsize = lambda self: len(self._queue)
    simple_put, simple_get = simple.put, simple.get

    # The put is recorded first: once put, a getter may take it at once, and
    # its get must come after this put in the log.
    simple.put = _hooked(simple_put, lambda self, item, /, *args, **kwargs:
                         record_put(self, item, len(self._queue) + 1))
    simple.get = _hooked(simple_get, None, lambda token, item, exc, self, /, *args, **kwargs:
                         exc is None and record_get(self, item))
    _record_after(queue.Queue, 'task_done', 'task_done', lambda self, r: self.unfinished_tasks)
    _record_after(queue.Queue, 'join', 'queue_join')


_future_done = []


def _future_class():
    # Once, for whichever executor module is imported first.
    if _future_done:
        return
    _future_done.append(True)
    from concurrent.futures import _base
    Future = _base.Future
    _constructor(Future, 'Future')
    original_init = Future.__init__

    @functools.wraps(original_init)
    def __init__(self):
        original_init(self)
        _threadlab.op(getattr(self, _ID), 'pending')

    Future.__init__ = __init__
    running = Future.set_running_or_notify_cancel

    def set_running_or_notify_cancel(self):
        started = running(self)
        if started:  # otherwise it was cancelled, which cancel() recorded
            _threadlab.op(getattr(self, _ID), 'running')
        return started

    Future.set_running_or_notify_cancel = set_running_or_notify_cancel
    def __setattr__(self, name, value):
        # Recorded at the moment the state changes, under the future's own
        # lock: set_result() tells result() and as_completed() afterwards,
        # and a waiter woken by it must never be seen to act before the
        # future it waited for was finished.
        object.__setattr__(self, name, value)
        if name != '_state':
            return
        ident = getattr(self, _ID, None)
        if ident is None:
            return
        if value == _base.FINISHED:
            if self._exception is None:
                _threadlab.op(ident, 'finished', True, _threadlab.text(self._result))
            else:
                _threadlab.op(ident, 'finished', False, 0, _threadlab.text(self._exception))
        elif value == _base.CANCELLED:
            _threadlab.op(ident, 'cancelled')

    Future.__setattr__ = __setattr__
    invoke = Future._invoke_callbacks

    def _invoke_callbacks(self):
        ident = getattr(self, _ID)
        for _ in self._done_callbacks:
            _threadlab.op(ident, 'callback')
        invoke(self)

    Future._invoke_callbacks = _invoke_callbacks


def _executor(Executor, workers, kind='Executor'):
    _future_class()
    _constructor(Executor, kind, workers, waiting=kind == 'Pool')

    def after_submit(token, future, exc, self, /, *args, **kwargs):
        # aux: the Future it made, so that views can tell which worker ran which
        if exc is None:
            _threadlab.op(getattr(self, _ID), 'submit', True, 0, getattr(future, _ID, _threadlab.NONE))

    Executor.submit = _hooked(Executor.submit, None, after_submit)
    _record_after(Executor, 'shutdown', 'shutdown')


def _futures():
    from concurrent.futures import thread

    def workers(max_workers=None, *args, **kwargs):
        import os
        return max_workers or min(32, (os.cpu_count() or 1) + 4)  # 3.11's default

    _executor(thread.ThreadPoolExecutor, workers)


def _cpu_count_default(count=None, *args, max_workers=None, processes=None, **kwargs):
    """The processes a ProcessPoolExecutor(max_workers) or a Pool(processes)
    makes, given by position or by keyword."""
    import os
    return count or max_workers or processes or (os.cpu_count() or 1)  # 3.11's default


def _starts_processes(cls, name, pids):
    """What cls.name makes (the processes, the threads and queues behind
    them) are parts of the pool, and each process it starts is a `spawn` of
    the pool, with the process's OS pid: the front end links it to the
    process's own lanes."""
    original = getattr(cls, name)

    @functools.wraps(original)
    def method(self, *args, **kwargs):
        before = set(pids(self))
        _threadlab.begin_parts(getattr(self, _SHOWN, _threadlab.NONE), True)
        try:
            return original(self, *args, **kwargs)
        finally:
            _threadlab.end_parts()
            for pid in pids(self):
                if pid not in before:
                    _threadlab.op(getattr(self, _ID), 'spawn', True, pid)

    setattr(cls, name, method)


def install_process_executor(process):
    """concurrent.futures.process, when the program imports it."""
    Executor = process.ProcessPoolExecutor
    _executor(Executor, _cpu_count_default, 'Pool')
    pids = lambda ex: list(getattr(ex, '_processes', None) or ())
    _starts_processes(Executor, '_start_executor_manager_thread', pids)
    _starts_processes(Executor, '_adjust_process_count', pids)


def install_pool(pool):
    """multiprocessing.pool, when the program imports it: a Pool and the
    AsyncResults of its apply_async() and map_async(), shown as futures."""
    Pool = pool.Pool
    _constructor(Pool, 'Pool', _cpu_count_default, waiting=True)
    pids = lambda p: [w.pid for w in getattr(p, '_pool', ()) if w.pid is not None]
    _starts_processes(Pool, '_repopulate_pool', pids)  # at start, and again after maxtasksperchild
    for name in ('close', 'terminate', 'join'):
        _record_after(Pool, name, name)
    ApplyResult = pool.ApplyResult
    _constructor(ApplyResult, 'Future')
    original_init = ApplyResult.__init__

    @functools.wraps(original_init)
    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        _threadlab.op(getattr(self, _ID), 'pending')

    ApplyResult.__init__ = __init__
    original_set = ApplyResult._set

    def _set(self, i, obj):
        # In the pool's result thread, as the worker's answer arrives.
        original_set(self, i, obj)
        if self.ready():
            ident = getattr(self, _ID)
            if self._success:
                _threadlab.op(ident, 'finished', True, _threadlab.text(self._value))
            else:
                _threadlab.op(ident, 'finished', False, 0, _threadlab.text(self._value))

    ApplyResult._set = _set
    if hasattr(pool, 'MapResult'):
        # MapResult's own _set collects chunks, then sets the same fields.
        original_map_set = pool.MapResult._set

        def map_set(self, i, success_result):
            was_ready = self.ready()
            original_map_set(self, i, success_result)
            if self.ready() and not was_ready:
                ident = getattr(self, _ID)
                _threadlab.op(ident, 'finished', bool(self._success),
                              _threadlab.text(self._value) if self._success else 0,
                              0 if self._success else _threadlab.text(self._value))

        pool.MapResult._set = map_set


def install_after_fork(util):
    """multiprocessing.util: what its after-fork hooks make in a child (a
    queue's new Condition) are details, as they were in the parent."""
    run = util._run_after_forkers

    def _run_after_forkers():
        _threadlab.begin_parts(_threadlab.NONE)
        try:
            run()
        finally:
            _threadlab.end_parts()

    util._run_after_forkers = _run_after_forkers


def install(threading, queue):
    _details_of_nothing(threading.Thread)
    _condition(threading)
    _semaphores(threading)
    _event(threading)
    _barrier(threading)
    _queues(queue)


def install_futures():
    """concurrent.futures imports threading and makes locks at import: it is
    instrumented when the program imports it (see boot.py)."""
    _futures()
