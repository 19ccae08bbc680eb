import threading
import time

THREADS = 3            # threads that go through each gate
UNITS = 2              # the semaphore's starting value
HOLD_S = 0.2           # seconds each thread stays inside
BOUNDED = True         # False: a plain Semaphore, which takes the extra release silently

lock = threading.Lock()           # one thread inside at a time: a semaphore of one
if BOUNDED:
    sem = threading.BoundedSemaphore(UNITS)   # refuses a release above UNITS
else:
    sem = threading.Semaphore(UNITS)          # counts as high as you release


def inside(gate):
    with gate:                    # acquire(): counter - 1, waits at 0 ... release(): counter + 1
        time.sleep(HOLD_S)


def go_through(gate, label):
    threads = [threading.Thread(target=inside, args=(gate,), name=f"{label}-{i}")
               for i in range(THREADS)]
    begin = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"{label}: {len(threads)} threads through in {time.monotonic() - begin:.2f} s")


def set_threads(n):
    """The teacher's slider, while the program runs: each gate counts its
    threads as it opens, so the gates still to come send n through."""
    global THREADS
    THREADS = n


go_through(lock, "lock")          # one at a time
go_through(sem, "sem")            # UNITS at a time

for _ in range(UNITS):
    sem.acquire()                 # main takes every unit: the counter is 0
print(f"acquire(blocking=False) at 0 returned {sem.acquire(blocking=False)} at once")
for _ in range(UNITS):
    sem.release()                 # and gives them back

try:
    sem.release()                 # the bug: a release with no acquire before it
    print(f"extra release accepted: the counter is {sem._value}, it started at {UNITS}")
except ValueError as e:
    print(f"extra release refused: ValueError: {e}")
go_through(sem, "again")          # as many at a time as the counter now allows
