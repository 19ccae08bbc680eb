"""Coroutines as lanes: each greenlet is drawn as a lane of its own inside
the OS thread that runs it (engine: threadlab/lanes.hpp).

Loaded by coroutine_lanes.cpp the first time a program needs it (its first
import of greenlet or gevent, or a generator that takes values), which then
calls install(_threadlab): a program with neither never pays for it.

Generators whose yield takes a value (`x = yield y`, driven with send())
are lanes too: coroutine_lanes.cpp's profile function switches to a
generator's lane at each resume and back at each yield; generator_name
below names them. Nothing happens until the program imports greenlet
(gevent imports it too): then greenlet.settrace, which reports every switch
(origin, target) of the calling thread, records each one, so a lane is
`running` while switched to, `ready` while suspended (`waiting` once it
switched to gevent's hub, which resumes it when its wait is over). Threads started
after that trace their greenlets too. Recording is never a scheduling point.

gevent's hub waits in its own event loop (libev, on the real clock): in
deterministic mode, whose clock is virtual and whose scheduler must decide
every step, importing gevent is refused with one line saying so.
"""
import sys
import weakref

_tl = None                           # the module _threadlab
_lanes = weakref.WeakKeyDictionary()  # greenlet -> its lane's tid
_open = []                           # (lane, weakref to its greenlet, thread ident): lanes not ended yet
_count = [0]                         # numbers for greenlets with no better name


def _held_in(g, names):
    """The name under which `names` (a frame's locals, a module's globals)
    holds g, directly or as an item of a list: `ping`, `jobs[2]`."""
    for key, value in list(names.items()):
        if value is g and not key.startswith('_'):
            return key
        if isinstance(value, (list, tuple)) and len(value) < 1000:
            for i, item in enumerate(value):
                if item is g:
                    return f'{key}[{i}]'
    return None


def _name(g, switcher=None):
    """What the lane is called: the variable the student keeps the greenlet
    in (`ping = greenlet(...)`, a local of the function that switches to it
    or a global), gevent's own description (`worker(2)`), `main` for a
    thread's main greenlet, `Hub` for gevent's."""
    if g.parent is None:
        return 'main'
    kind = type(g).__name__
    if kind == 'Hub':
        return 'Hub'
    info = getattr(g, '_formatinfo', None)  # gevent.Greenlet: "worker(2)"
    if info is not None:
        try:
            text = info()
            if text:
                return text
        except Exception:
            pass
    frame = getattr(switcher, 'gr_frame', None)  # where the greenlet that switched to g stopped
    for _ in range(8):
        if frame is None:
            break
        found = _held_in(g, frame.f_locals)
        if found:
            return found
        frame = frame.f_back
    found = _held_in(g, getattr(sys.modules.get('__main__'), '__dict__', {}))
    if found:
        return found
    _count[0] += 1
    return f'{kind}-{_count[0]}'


def _lane(g, running, switcher=None):
    lane = _lanes.get(g)
    if lane is None:
        lane = _tl.lane_new(f'greenlet {_name(g, switcher)}', running)  # "greenlet ping @MainThread"
        if lane < 0:
            return -1
        _lanes[g] = lane
        # The engine's ident of the OS thread: gevent's patched get_ident is a greenlet's.
        _open.append((lane, weakref.ref(g), _tl.get_ident()))
    return lane


_user_trace = {}                     # engine thread ident -> the program's own greenlet.settrace function


def _trace(event, args):
    if event in ('switch', 'throw'):
        origin, target = args
        # Called in the target, once it is current: the origin was running until now.
        before = _lane(origin, True)
        after = _lane(target, False, origin)
        to_hub = type(target).__name__ == 'Hub'
        # A greenlet that switches to gevent's hub waits for it (a timer, a
        # socket); one switched away from explicitly can be resumed any time.
        left = 'done' if origin.dead else 'waiting' if to_hub else 'ready'
        _tl.lane_switch(before, after, left)
        if origin.dead:
            _forget(before)
        if to_hub:
            _watch_hub(target, after)
    user = _user_trace.get(_tl.get_ident())
    if user is not None:
        user(event, args)


_watched = weakref.WeakKeyDictionary()  # gevent hub -> its watchers


def _watch_hub(hub, lane):
    """gevent's hub waits for its timers and sockets inside its event loop
    (libev's epoll_wait), where the engine cannot see it: a prepare watcher
    (run just before the loop waits) and a check watcher (just after) show
    the hub's lane, and its OS thread, sleeping meanwhile. ref=False: they
    do not keep the loop alive."""
    if hub in _watched:
        return
    loop = getattr(hub, 'loop', None)
    if loop is None:
        return
    try:
        # The lowest priority: after gevent's own prepare watcher, which runs
        # the callbacks that switch to ready greenlets, so right before the wait.
        before, after = loop.prepare(ref=False, priority=-2), loop.check(ref=False, priority=2)
        before.start(_tl.lane_state, lane, True)
        after.start(_tl.lane_state, lane, False)
    except Exception:
        return  # another loop implementation: the hub's lane stays running while it waits
    _watched[hub] = (before, after)


def _forget(lane):
    for i, entry in enumerate(_open):
        if entry[0] == lane:
            del _open[i]
            return


def _end_lanes(ident=None):
    """Lanes that will never run again (their thread or the program is over):
    a thread's main greenlet ends done, a greenlet left suspended is killed
    (CPython throws GreenletExit into it when it is collected)."""
    keep = []
    for lane, ref, owner in _open:
        if ident is not None and owner != ident:
            keep.append((lane, ref, owner))
            continue
        g = ref()
        _tl.lane_end(lane, g is not None and g.parent is not None and not g.dead)
    _open[:] = keep


def _trace_this_thread(greenlet):
    # Lanes are made at a thread's first switch: a thread that never
    # switches has none.
    _real_settrace(_trace)


_real_settrace = None


def _keep_tracing(greenlet):
    """The program may set a trace function of its own (per thread, as
    greenlet's is): it is called from ours, so the lanes go on."""
    global _real_settrace
    _real_settrace = greenlet.settrace

    def settrace(callback):
        ident = _tl.get_ident()
        previous = _user_trace.pop(ident, None)
        if callback is not None:
            _user_trace[ident] = callback
        return previous

    def gettrace():
        return _user_trace.get(_tl.get_ident())

    settrace.__doc__, gettrace.__doc__ = greenlet.settrace.__doc__, greenlet.gettrace.__doc__
    greenlet.settrace, greenlet.gettrace = settrace, gettrace


_greenlet = [None]                   # the greenlet module, once imported
_wrapped = [False]                   # threading.Thread._bootstrap_inner is wrapped


def in_each_thread():
    """A thread's own setup (both are per thread): the profile function that
    draws its coroutine generators, and greenlet's trace function. Installed
    only once a program needs it (it has such generators, coroutine_lanes.cpp,
    or has imported greenlet), so other programs' threads are untouched."""
    if _wrapped[0]:
        return
    _wrapped[0] = True
    import threading
    original = threading.Thread._bootstrap_inner

    def _bootstrap_inner(self):
        _tl.watch_generators()
        if _greenlet[0] is not None:
            _trace_this_thread(_greenlet[0])
        try:
            original(self)
        finally:
            if _greenlet[0] is not None:
                _real_settrace(None)
                _end_lanes(_tl.get_ident())

    threading.Thread._bootstrap_inner = _bootstrap_inner


def generator_name(gen, caller):
    """A coroutine generator's lane (coroutine_lanes.cpp): `generator avg`,
    after the variable of the caller (or of the program) that holds it."""
    frame = caller
    for _ in range(8):
        if frame is None:
            break
        found = _held_in(gen, frame.f_locals)
        if found:
            return f'generator {found}'
        frame = frame.f_back
    found = _held_in(gen, getattr(sys.modules.get('__main__'), '__dict__', {}))
    return f'generator {found or gen.__name__}'


def _after_greenlet(greenlet):
    _keep_tracing(greenlet)
    _trace_this_thread(greenlet)
    _greenlet[0] = greenlet
    in_each_thread()
    import atexit

    def _at_exit():
        _real_settrace(None)  # the greenlets collected at exit are no longer the program's
        _end_lanes()

    atexit.register(_at_exit)


class _Refuse:
    """Deterministic mode: `import gevent` fails with one line naming why."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != 'gevent' and not fullname.startswith('gevent.'):
            return None
        line = _tl.student_line()
        where = f'line {line}: ' if line else ''
        raise ImportError(f'{where}import {fullname}: gevent waits in its own event loop on the real clock, '
                          f'which deterministic mode cannot replay; run this program in free mode',
                          name=fullname)


def install(module):
    global _tl
    _tl = module
    import atexit
    atexit.register(_tl.end_generator_lanes)
    if 'greenlet' in sys.modules:
        _after_greenlet(sys.modules['greenlet'])
    else:
        from _threadlab_boot import _AfterImport  # boot.py's: what the import makes are details
        sys.meta_path.insert(0, _AfterImport('greenlet', _after_greenlet))
    if module.deterministic:
        sys.meta_path.insert(0, _Refuse())
