"""CPU-bound: two threads each count down from N (the GIL lets one run at a time).

Sized so that /usr/bin/python3.11 takes about 1-2 s on the project's machine.
BENCH_N in the environment overrides N.
"""
import os
import threading

N = int(os.environ.get("BENCH_N", "40000000"))


def countdown(n):
    while n > 0:
        n -= 1


threads = [threading.Thread(target=countdown, args=(N,)) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
