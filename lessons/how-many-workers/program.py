import os
import time
from concurrent.futures import ThreadPoolExecutor

JOBS = 16           # jobs each pool runs
MAX_WORKERS = 32    # the sweep: pools of 1, 2, 4, 8 ... workers, up to this many
IO_S = 0.05         # seconds an I/O-bound job waits (a sleep stands in for the network)
CPU_N = 20000       # additions a CPU-bound job makes (pure Python: it needs the GIL throughout)


def io_job(n):
    time.sleep(IO_S)                # the thread waits and lets go of the GIL
    return n


def cpu_job(n):
    total = 0
    for i in range(CPU_N):          # the thread computes and needs the GIL
        total += i
    return total


def sizes():
    size = 1
    while size < MAX_WORKERS:
        yield size
        size *= 2
    yield MAX_WORKERS


def sweep(job, prefix):
    """Jobs per second for a pool of each size: one new ThreadPoolExecutor per size."""
    rates = {}
    for workers in sizes():
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=prefix) as pool:
            start = time.monotonic()
            futures = [pool.submit(job, n) for n in range(JOBS)]
            for f in futures:
                f.result()
            rates[workers] = JOBS / (time.monotonic() - start)
    return rates


cpus = os.cpu_count()
print(f"cpu_count = {cpus}; the notes: threads = 5 x cpu_count = {5 * cpus}, "
      f"processes from {cpus} to {2 * cpus}")
print(f"ThreadPoolExecutor() makes up to {ThreadPoolExecutor()._max_workers} workers: "
      f"min(32, cpu_count + 4) = {min(32, cpus + 4)}")
io = sweep(io_job, "io")
cpu = sweep(cpu_job, "cpu")
print("workers   io jobs/s   cpu jobs/s")
for workers in io:
    print(f"{workers:7d} {io[workers]:11.1f} {cpu[workers]:12.1f}")
