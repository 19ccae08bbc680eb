import queue
import threading
import time

ITEMS = 5              # how many of the numbers 3 1 4 1 5 9 2 6 go into each queue
JOBS = 6               # jobs for the workers
WORKERS = 2            # worker threads taking jobs
JOB_S = 0.2            # seconds one job takes

# 1. The same numbers, in the same order, into three kinds of queue.
numbers = [3, 1, 4, 1, 5, 9, 2, 6][:ITEMS]
fifo = queue.Queue()              # first in, first out
lifo = queue.LifoQueue()          # last in, first out: a stack
prio = queue.PriorityQueue()      # smallest first
for q in (fifo, lifo, prio):
    for n in numbers:
        q.put(n)
    print(f"{type(q).__name__:>13}: {[q.get() for _ in numbers]}")

# 2. task_done() and join(): main waits until every job is finished, not just taken.
jobs = queue.Queue(maxsize=3)


started = 0                       # workers started so far
staying = 0                       # workers the teacher's slider wants
leaving = 0                       # workers asked to leave after their current job
staff = threading.Lock()          # guards the three above


def work():
    global leaving
    while True:                   # a blocking get() on an empty queue waits; it does not end the loop
        job = jobs.get()
        time.sleep(JOB_S)         # do the job
        jobs.task_done()          # one more job finished
        with staff:
            if leaving:           # the teacher wants fewer workers: this one leaves, its job done
                leaving -= 1
                print(f"{threading.current_thread().name} leaves after job {job}")
                return


def start_worker():               # called holding staff
    global started, staying
    threading.Thread(target=work, name=f"worker-{started}", daemon=True).start()
    started += 1
    staying += 1


def set_workers(n):
    """The teacher's slider, while the program runs: more or fewer workers for part 2."""
    global staying, leaving
    n = max(n, 1)                 # never none: jobs.join() would wait for ever
    with staff:
        while staying < n:
            if leaving:
                leaving -= 1      # a worker that was to leave stays instead
                staying += 1
            else:
                start_worker()
        if staying > n:
            leaving += staying - n
            staying = n


with staff:
    if not started:               # (unless the teacher's slider came first)
        for i in range(WORKERS):
            start_worker()
start = time.monotonic()
for job in range(JOBS):
    jobs.put(job)                 # waits while 3 jobs are queued
jobs.join()                       # returns when every put has had its task_done()
print(f"jobs.join() returned after {time.monotonic() - start:.2f} s: all {JOBS} jobs done")

# 3. The non-blocking calls raise instead of waiting.
box = queue.Queue(maxsize=1)
box.put_nowait("first")
try:
    box.put_nowait("second")      # full: put() would wait, put_nowait() raises
except queue.Full:
    print("put_nowait on a full queue: queue.Full")
print(f"get_nowait: {box.get_nowait()!r}")
try:
    box.get_nowait()              # empty: get() would wait, get_nowait() raises
except queue.Empty:
    print("get_nowait on an empty queue: queue.Empty")
