# A consumer waits on each kind of object in turn; each wait is shown on the
# object the student made, under its name, never on a lock inside it.
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor

q = queue.Queue(maxsize=2)
ready = threading.Event()
gate = threading.Barrier(2)
pool = threading.BoundedSemaphore(1)
cond = threading.Condition()


def consumer():
    ready.wait()
    gate.wait()
    with pool:
        item = q.get()
    print("took", item)
    with cond:
        cond.wait(0.05)


t = threading.Thread(target=consumer, name="consumer")
t.start()
time.sleep(0.01)
ready.set()
gate.wait()
time.sleep(0.01)
q.put("apple")
t.join()
with ThreadPoolExecutor(max_workers=1) as ex:
    f = ex.submit(pow, 2, 10)
    print("result", f.result())
