"""Deterministic mode, decisions without switches: one thread alone loops N
times (MainThread waits in join, so it is never a candidate). At
--granularity line each line is a scheduling decision: 2 per iteration
(`while n > 0:` and `n -= 1`), 2*N + 1 in all, and never a switch.
BENCH_N in the environment overrides N."""
import os
import threading

N = int(os.environ.get("BENCH_N", "200000"))


def loop(n):
    while n > 0:
        n -= 1


t = threading.Thread(target=loop, args=(N,))
t.start()
t.join()
