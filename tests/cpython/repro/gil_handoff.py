# An uncontended lock acquire/release does not give up the GIL in CPython:
# a thread just woken (here by an Event) waits for the switch interval
# (0.5 s here) or for the running thread to block, so main finishes its
# 1000 steps first. 20 trials; the earliest step at which the woken thread ran.
import sys, threading
sys.setswitchinterval(0.5)
earliest = 1000
for trial in range(20):
    order = []
    go = threading.Event()
    def woken():
        go.wait()
        order.append("B")
    t = threading.Thread(target=woken)
    t.start()
    lock = threading.Lock()
    go.set()
    for i in range(1000):
        with lock:  # never contended
            pass
        order.append("A")
    t.join()
    earliest = min(earliest, order.index("B"))
print("earliest step of main's 1000 at which the woken thread ran:", earliest)
