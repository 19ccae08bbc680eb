"""CPython's concurrent.futures.ThreadPoolExecutor on trivial tasks: the
baseline bench/executor_bench.cpp runs in the same session. Prints the
nanoseconds per task for each pattern, measured inside the interpreter."""
import sys
import time
from concurrent.futures import ThreadPoolExecutor, wait


def task():
    return 1


def submit_then_wait_all(pool, n):
    start = time.perf_counter_ns()
    futures = [pool.submit(task) for _ in range(n)]
    wait(futures)
    return (time.perf_counter_ns() - start) / n


def submit_then_result(pool, n):
    start = time.perf_counter_ns()
    for _ in range(n):
        pool.submit(task).result()
    return (time.perf_counter_ns() - start) / n


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    with ThreadPoolExecutor(max_workers=workers) as pool:
        submit_then_wait_all(pool, 200)  # warm up: workers exist
        print(f"wait_all {submit_then_wait_all(pool, n):.1f}")
        print(f"one_by_one {submit_then_result(pool, n):.1f}")
