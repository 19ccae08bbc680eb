"""det_processes.py's baseline: the same two countdowns from N, one after the
other, in the program's own process. BENCH_N in the environment overrides N.
"""
import os

N = int(os.environ.get("BENCH_N", "300000"))


def countdown(n):
    while n > 0:
        n -= 1


countdown(N)
countdown(N)
