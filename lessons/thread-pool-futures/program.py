import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed, wait

import threadlab                    # phase(): names the part that begins (a band on the timeline)

MAX_WORKERS = 3
TASKS = 6                           # downloads per pattern
TASK_S = 0.2                        # average seconds one download takes
CANCEL = True                       # cancel a batch right after submitting it
FAIL = True                         # submit a download that raises
SHUTDOWN_WAIT = True                # shutdown(wait=...)
CANCEL_FUTURES = False              # shutdown(cancel_futures=...)


def download(n):
    if n < 0:
        raise ValueError(f"no page {n}")
    time.sleep(random.uniform(0.5, 1.5) * TASK_S)   # waiting for the network
    return n * n


def set_workers(n):
    """The teacher's slider, while the program runs: the pool's worker limit.
    A pool starts a worker only in submit(), when no worker is idle, so a
    higher limit shows at the next submits; a lower one stops it starting
    more, but the workers it has stay to the end."""
    pool._max_workers = n           # the limit ThreadPoolExecutor checks (CPython keeps it here)


def done(future):                   # runs in the thread that completed the future
    print(threading.current_thread().name, "callback got", future.result())


pool = ThreadPoolExecutor(max_workers=MAX_WORKERS)
threadlab.phase("serial")
start = time.monotonic()
serial = [pool.submit(download, n).result() for n in range(TASKS)]   # waits every time
print(f"serial: {time.monotonic() - start:.2f} s")
threadlab.phase("parallel")
start = time.monotonic()
futures = [pool.submit(download, n) for n in range(TASKS)]           # submit them all first,
parallel = [f.result() for f in futures]                              # then collect
print(f"parallel: {time.monotonic() - start:.2f} s")
threadlab.phase("callbacks")
futures = [pool.submit(download, n) for n in range(TASKS)]
for f in futures:
    f.add_done_callback(done)
wait(futures)
threadlab.phase("as_completed")
for f in as_completed([pool.submit(download, n) for n in range(TASKS)]):
    print("as_completed:", f.result())                                # in finishing order
threadlab.phase("map")
print("map:", list(pool.map(download, range(TASKS))))                # in input order
threadlab.phase("cancel")
futures = [pool.submit(download, n) for n in range(TASKS)]
if CANCEL:
    time.sleep(TASK_S / 10)             # the workers take the first tasks
    print("cancelled:", sum(f.cancel() for f in futures))            # pending ones only
threadlab.phase("exception")
if FAIL:
    bad = pool.submit(download, -1)     # raises in a worker, and nobody hears of it...
    time.sleep(TASK_S)
    try:
        bad.result()                    # ...until result() raises it here
    except ValueError as e:
        print("result() raised:", e)
threadlab.phase("shutdown")
last = [pool.submit(download, n) for n in range(TASKS)]
pool.shutdown(wait=SHUTDOWN_WAIT, cancel_futures=CANCEL_FUTURES)
print("after shutdown:", sum(f.done() for f in last), "of", TASKS, "done")
