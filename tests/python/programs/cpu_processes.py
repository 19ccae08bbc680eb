# Two countdowns one after the other, in two threads, and in two processes;
# then a pool's map, closed and joined, and a pool terminated while a job
# still sleeps. (Pool(maxtasksperchild=1): pool_maxtasks.py.)
import multiprocessing as mp
import threading
import time

N = 100_000


def countdown(n):
    while n > 0:
        n -= 1


def timed(label, fn):
    start = time.monotonic()
    fn()
    print(f"{label}: {time.monotonic() - start:.6f}")


def run_all(workers):
    for w in workers:
        w.start()
    for w in workers:
        w.join()


if __name__ == "__main__":
    timed("sequential", lambda: (countdown(N), countdown(N)))
    timed("2 threads", lambda: run_all([threading.Thread(target=countdown, args=(N,)) for _ in range(2)]))
    timed("2 processes", lambda: run_all([mp.Process(target=countdown, args=(N,)) for _ in range(2)]))
    pool = mp.Pool(2)
    print("map", pool.map(abs, range(-3, 3)))
    pool.close()
    pool.join()
    pool = mp.Pool(2)
    pool.apply_async(time.sleep, (5,))
    pool.terminate()
    pool.join()
    print("terminated")
