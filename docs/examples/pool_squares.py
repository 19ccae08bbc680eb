# A pool of two worker processes: each worker has its own interpreter, its
# own GIL and its own copy of `calls`, so main's stays 0.
import multiprocessing as mp
import time

calls = 0


def square(x):
    global calls
    calls += 1
    time.sleep(0.05)             # the work: a download, a long computation
    return x * x


def show(result):                # runs in the parent's result-handler thread
    print("callback got", result)


if __name__ == "__main__":
    pool = mp.Pool(2)
    results = [pool.apply_async(square, (i,), callback=show) for i in range(6)]
    pool.close()
    pool.join()
    print([r.get() for r in results], "calls in main:", calls)
