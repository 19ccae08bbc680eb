"""Sleep-bound: 4 threads each sleep 20 times for 10 ms (about 0.2 s of wall time)."""
import threading
import time

THREADS, SLEEPS, SECONDS = 4, 20, 0.010


def napper():
    for _ in range(SLEEPS):
        time.sleep(SECONDS)


threads = [threading.Thread(target=napper) for _ in range(THREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
