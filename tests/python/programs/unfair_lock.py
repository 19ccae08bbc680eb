# Two threads take turns at a lock five times each, sleeping inside. CPython's
# locks are not fair: the thread that releases often takes the lock back
# before the woken one runs (CPython 3.11 printed AABABABBBA, AAABBABABB).
import threading
import time

lock = threading.Lock()
order = []


def work(tag):
    for _ in range(5):
        with lock:
            order.append(tag)
            time.sleep(0.05)


ts = [threading.Thread(target=work, args=(tag,)) for tag in "AB"]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("order", "".join(order))
