"""A log of a chosen size for the GUI's frame benchmark (bench/frame_bench.cpp):
four threads take turns on one lock and sleep now and then, BENCH_N rounds
in all (BENCH_N in the environment, default 1000). Each round logs a few
events (the acquire, its release, the state changes around them)."""
import os
import threading
import time

N = int(os.environ.get("BENCH_N", "1000"))
lock = threading.Lock()
total = 0


def work(rounds):
    global total
    for i in range(rounds):
        with lock:
            total += 1
        if i % 64 == 0:
            time.sleep(0.0001)


threads = [threading.Thread(target=work, args=(N // 4,), name=f"worker-{k}") for k in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
