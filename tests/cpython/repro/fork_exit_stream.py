# A forked child that only calls os._exit(): the parent goes on and
# prints 5 lines after it. CPython prints all 5.
import os, threading, time
lock = threading.Lock()
for _ in range(1000):          # some events in the run's log before the fork
    with lock:
        pass
pid = os.fork()
if pid == 0:
    os._exit(0)
os.waitpid(pid, 0)
for i in range(5):
    time.sleep(0.05)
    print("parent line", i + 1, "of 5")
