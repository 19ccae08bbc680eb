import threading
import time

WORKERS = 3            # threads that work until the flag goes up
STEP_S = 0.3           # one step of a worker's work
RUN_S = 1.0            # the stopper raises the flag after this many seconds
WAIT_S = 0.2           # main's stop.wait(WAIT_S): how long it is willing to wait

stop = threading.Event()          # the flag: it starts down (is_set() is False)
workers = []                      # every worker started, in order
homes = []                        # an Event of its own for each worker still working
over = False                      # main has listed the workers to join
changes = threading.Lock()        # guards the two lists and over


def work(home):
    steps = 0
    while not stop.is_set():      # look at the flag before each step
        if home.is_set():         # the teacher sent this one worker home; stop is for everyone
            print(f"{threading.current_thread().name} went home after {steps} steps")
            return
        steps += 1
        time.sleep(STEP_S)        # one step of work
    print(f"{threading.current_thread().name} saw the flag after {steps} steps")


def start_worker():               # called holding changes
    home = threading.Event()
    t = threading.Thread(target=work, args=(home,), name=f"worker-{len(workers)}",
                         daemon=False)  # not a daemon, even when the teacher's thread starts it
    workers.append(t)
    homes.append(home)
    t.start()


def set_workers(n):
    """The teacher's slider, while the program runs: more workers, or send some home."""
    with changes:
        if stop.is_set() or over:
            return                # the flag is up (or was, before main's clear()): nothing to change
        while len(homes) < n:
            start_worker()
        while len(homes) > n:
            homes.pop().set()     # the newest worker goes home after its step


def raise_flag():
    time.sleep(RUN_S)
    stop.set()                    # up: is_set() is True, every waiter wakes


with changes:
    if not workers:               # (unless the teacher's slider came first)
        for _ in range(WORKERS):
            start_worker()
stopper = threading.Thread(target=raise_flag, name="stopper")
stopper.start()

start = time.monotonic()
got = stop.wait(WAIT_S)           # True once the flag is up; False if the time runs out first
print(f"main: stop.wait({WAIT_S}) returned {got} after {time.monotonic() - start:.2f} s, "
      f"is_set() = {stop.is_set()}")
stop.wait()                       # no timeout: wait for the flag however long it takes
with changes:                     # set_workers() starts no worker after this, even after clear()
    over = True
    everyone = workers + [stopper]
for t in everyone:
    t.join()
stop.clear()                      # down again: the same Event can signal another time
print(f"main: after clear(), is_set() = {stop.is_set()}, stop.wait(0.1) returned {stop.wait(0.1)}")
