"""Deterministic mode across processes: two Processes each count down from N,
side by side (each has its own GIL; the processes take turns in virtual time).
Its baseline is det_sequential.py, the same two countdowns in one process.
BENCH_N in the environment overrides N.
"""
import multiprocessing as mp
import os

N = int(os.environ.get("BENCH_N", "300000"))


def countdown(n):
    while n > 0:
        n -= 1


if __name__ == "__main__":
    processes = [mp.Process(target=countdown, args=(N,)) for _ in range(2)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
