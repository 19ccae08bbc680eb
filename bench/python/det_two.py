"""Deterministic mode, decisions with switches: two threads loop N/2 times
each, the same 2*N + 2 line decisions in all as det_one.py. With
--policy random about half the decisions switch threads; with
--policy round-robin every one does (MainThread waits in join).
BENCH_N in the environment overrides N."""
import os
import threading

N = int(os.environ.get("BENCH_N", "200000"))


def loop(n):
    while n > 0:
        n -= 1


threads = [threading.Thread(target=loop, args=(N // 2,)) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
