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


def work(n):
    me = threading.current_thread().name
    steps = 0
    while not stop.is_set():         # the kill flag: looked at before every step
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


threads = [threading.Thread(target=work, args=(i,), name=f"worker-{i}") for i in range(WORKERS)]
threads.append(threading.Thread(target=quit_early, name="quitter"))
for t in threads:
    t.start()

time.sleep(RUN_S)
alive = [t.name for t in threads if t.is_alive()]
print(f"main: raising the kill flag; alive: {', '.join(alive) or 'nobody'}")
stop.set()
while any(t.is_alive() for t in threads):    # the notes' loop: join(1) until nobody is alive
    for t in threads:
        t.join(1)                    # at most 1 s, so main stays free to react (to Ctrl-C, say)
for name, error in errors:
    print(f"main: collected from {name}: {error}")
print(f"main: {len(errors)} error(s) collected; sys.exit() in quitter did not end main")
