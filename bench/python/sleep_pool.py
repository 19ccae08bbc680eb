"""Sleep-bound thread pool: 40 tasks that each sleep 20 ms through a
ThreadPoolExecutor of 4 workers, submitted first, then collected (about 0.2 s)."""
import time
from concurrent.futures import ThreadPoolExecutor, wait

TASKS, WORKERS, SECONDS = 40, 4, 0.020


def task(i):
    time.sleep(SECONDS)
    return i


with ThreadPoolExecutor(max_workers=WORKERS) as pool:
    futures = [pool.submit(task, i) for i in range(TASKS)]
    done, _ = wait(futures)
    assert sum(f.result() for f in done) == TASKS * (TASKS - 1) // 2
