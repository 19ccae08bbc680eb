import os
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

JOBS = 16           # jobs each pool runs
MAX_WORKERS = 32    # the thread sweeps: pools of 1, 2, 4, 8 ... threads, up to this many
MAX_PROCESSES = 4   # the process sweep: pools of 1, 2, 4 ... processes (each one a fork: fewer)
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


def sizes(most):
    size = 1
    while size < most:
        yield size
        size *= 2
    yield most


def sweep(job, pool_class, most, **options):
    """Jobs per second for a pool of each size: one new pool per size."""
    rates = {}
    for workers in sizes(most):
        with pool_class(workers, **options) as pool:
            if pool_class is ProcessPoolExecutor:
                pool.submit(int).result()   # forks all its workers: time the jobs, not the forks
            start = time.monotonic()
            futures = [pool.submit(job, n) for n in range(JOBS)]
            for f in futures:
                f.result()
            rates[workers] = JOBS / (time.monotonic() - start)
    return rates


def cell(rates, workers, width):
    return f"{rates[workers]:{width}.1f}" if workers in rates else f"{'-':>{width}}"


if __name__ == "__main__":          # a worker process must not run the sweeps again
    cpus = os.cpu_count()
    print(f"cpu_count = {cpus}; the notes: threads = 5 x cpu_count = {5 * cpus}, "
          f"processes from {cpus} to {2 * cpus}")
    print(f"ThreadPoolExecutor() makes up to {ThreadPoolExecutor()._max_workers} workers: "
          f"min(32, cpu_count + 4) = {min(32, cpus + 4)}")
    io = sweep(io_job, ThreadPoolExecutor, MAX_WORKERS, thread_name_prefix="io")
    cpu = sweep(cpu_job, ThreadPoolExecutor, MAX_WORKERS, thread_name_prefix="cpu")
    # The same CPU-bound jobs in processes: each has its own interpreter and its own GIL.
    procs = sweep(cpu_job, ProcessPoolExecutor, MAX_PROCESSES)
    print("workers   io jobs/s   cpu jobs/s   process jobs/s")
    for workers in sorted(set(io) | set(procs)):
        print(f"{workers:7d} {cell(io, workers, 11)} {cell(cpu, workers, 12)} {cell(procs, workers, 16)}")
