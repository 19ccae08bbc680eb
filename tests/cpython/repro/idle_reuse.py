# ThreadPoolExecutor reuses an idle worker: after f.result() returns, the
# worker releases _idle_semaphore before main submits again (in CPython it
# keeps the GIL past set_result() for up to the 5 ms switch interval, while
# main waits for the GIL).
from concurrent.futures import ThreadPoolExecutor
new_threads = 0
for trial in range(100):
    ex = ThreadPoolExecutor()
    for _ in range(3):
        ex.submit(pow, 2, 8).result()
    new_threads += len(ex._threads) > 1
    ex.shutdown()
print("pools that started a second thread for 3 serial tasks:", new_threads, "of 100")
