# Errors raised inside threading, queue and concurrent.futures, each with
# the frames of its traceback (file and function) as CPython 3.11 has them:
# ThreadLab's recording of these objects must add no frame of its own.
import os
import queue
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor


def show(what, action):
    try:
        action()
    except Exception as e:
        frames = [f"{os.path.basename(f.filename)}:{f.name}" for f in traceback.extract_tb(e.__traceback__)]
        print(f"{what}: {type(e).__name__}: {e} | {' > '.join(frames)}")


def late_submit():
    pool = ThreadPoolExecutor(max_workers=1)
    pool.shutdown()
    pool.submit(print, "never")


def two_without_order():
    q = queue.PriorityQueue()
    q.put(object())
    q.put(object())


show("barrier", lambda: threading.Barrier(2, timeout=0.05).wait())
show("condition", lambda: threading.Condition().wait())
show("notify", lambda: threading.Condition().notify())
show("bounded", lambda: threading.BoundedSemaphore(1).release())


def released_inside_with():
    gate = threading.BoundedSemaphore(1)
    with gate:
        gate.release()                 # and __exit__ releases it again


show("with", released_inside_with)
show("semaphore", lambda: threading.Semaphore(-1))
show("submit", late_submit)
show("task_done", lambda: queue.Queue().task_done())
show("priority", two_without_order)
show("pool", lambda: ThreadPoolExecutor(max_workers=0))
# As python3.11 FILE names it since 3.9, whatever path it was given: the
# traceback's frames of this file read "/home/.../tracebacks.py".
print(f"file is absolute: {os.path.isabs(__file__)}, in the traceback too: "
      f"{os.path.isabs(traceback.extract_stack()[-1].filename)}")
