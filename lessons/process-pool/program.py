import multiprocessing
import threading
import time
from concurrent.futures import ProcessPoolExecutor

PROCESSES = 2                       # worker processes in each pool
TASKS = 4                           # tasks per pattern
STEPS = 200_000                     # countdown steps per task: about 5 ms of CPU (CPython and deterministic mode)
TERMINATE_EARLY = False             # terminate() the Pool instead of close()

results = []                        # module data: every process has its own copy


def work(n):
    results.append(n)               # goes into this worker's copy only
    steps = STEPS
    while steps > 0:                # CPU-bound: each process has its own GIL
        steps -= 1
    print(multiprocessing.current_process().name, "has", len(results), "items")
    return n * n


def collect(square):                # a callback: runs in the parent process
    results.append(square)


if __name__ == "__main__":
    pool = multiprocessing.Pool(PROCESSES)
    start = time.monotonic()
    for n in range(TASKS):
        pool.apply(work, (n,))      # blocks until this result is back
    apply_s = time.monotonic() - start
    print(f"apply: {apply_s:.3f} s")
    start = time.monotonic()
    for n in range(TASKS):
        pool.apply_async(work, (n,), callback=collect)   # returns at once
    if TERMINATE_EARLY:
        time.sleep(apply_s / TASKS)  # about one task's time: terminate() strikes mid-queue
        pool.terminate()            # stops the workers, even mid-task
    else:
        pool.close()                # no new tasks; the workers finish the queue
    pool.join()                     # waits until the worker processes have exited
    print(f"apply_async: {time.monotonic() - start:.3f} s")
    with ProcessPoolExecutor(PROCESSES) as executor:
        for n in range(TASKS):
            executor.submit(work, n).add_done_callback(lambda f: collect(f.result()))
    print(threading.current_thread().name, "has", len(results), "items")
