import sys
import threading
import time

WORKERS = 3          # workers that loop until the kill flag goes up
STEP_S = 0.3         # one step of a worker's work (the flag is looked at between steps)
RUN_S = 1.0          # main raises the kill flag after this many seconds
FAILING = 2          # the worker that raises at its step FAIL_STEP (-1: none of them)
FAIL_STEP = 2        # ... at which step it raises

stop = threading.Event()     # the kill flag: workers look at it, main raises it
errors = []                  # what the hook below collected: (thread, "Type: message")
print_traceback = threading.excepthook   # the default hook: prints "Exception in thread ..."


def collect(args):
    """Called in the dying thread when its run() raises, SystemExit included."""
    if issubclass(args.exc_type, SystemExit):
        return                       # the default hook ignores it too: sys.exit() ends a thread quietly
    errors.append((args.thread.name, f"{args.exc_type.__name__}: {args.exc_value}"))
    print_traceback(args)            # still print the traceback, as the default hook does


threading.excepthook = collect


def work(n, home):
    me = threading.current_thread().name
    steps = 0
    while not stop.is_set():         # the kill flag: looked at before every step
        if home.is_set():            # the teacher sent this one worker home; stop is for everyone
            print(f"{me} went home after {steps} steps")
            return
        steps += 1
        if n == FAILING and steps == FAIL_STEP:
            raise ValueError(f"{me} broke at step {steps}")
        time.sleep(STEP_S)           # one step of work
    print(f"{me} saw the flag and stopped after {steps} steps")


def quit_early():
    time.sleep(STEP_S / 2)
    print("quitter: calling sys.exit(3)")
    sys.exit(3)                      # raises SystemExit: it ends this thread only
    print("quitter: this line is never reached")


workers = []                 # every worker started, in order
homes = {}                   # worker -> an Event of its own: set, it goes home
changes = threading.Lock()   # guards both, and the moment the flag goes up


def start_worker():              # called holding changes
    home = threading.Event()
    t = threading.Thread(target=work, args=(len(workers), home), name=f"worker-{len(workers)}",
                         daemon=False)  # not a daemon, even when the teacher's thread starts it
    workers.append(t)
    homes[t] = home
    t.start()
    return t


def set_workers(n):
    """The teacher's slider, while the program runs: more workers, or send some home."""
    with changes:
        if stop.is_set():
            return                   # the flag is up: every worker is stopping anyway
        at_work = [t for t in workers if t.is_alive() and not homes[t].is_set()]   # (not one that raised)
        while len(at_work) < n:
            at_work.append(start_worker())
        while len(at_work) > n:
            homes[at_work.pop()].set()   # the newest worker goes home after its step


with changes:
    if not workers:                  # (unless the teacher's slider came first)
        for _ in range(WORKERS):
            start_worker()
quitter = threading.Thread(target=quit_early, name="quitter")
quitter.start()

time.sleep(RUN_S)
with changes:                        # raised holding changes: set_workers() starts nobody after this
    threads = workers + [quitter]
    alive = [t.name for t in threads if t.is_alive()]
    print(f"main: raising the kill flag; alive: {', '.join(alive) or 'nobody'}")
    stop.set()
while any(t.is_alive() for t in threads):    # the notes' loop: join(1) until nobody is alive
    for t in threads:
        t.join(1)                    # at most 1 s, so main stays free to react (to Ctrl-C, say)
for name, error in errors:
    print(f"main: collected from {name}: {error}")
print(f"main: {len(errors)} error(s) collected; sys.exit() in quitter did not end main")
