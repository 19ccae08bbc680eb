# Three threads add to a shared counter under a lock, sleep, and say so.
import threading
import time

counter = 0
lock = threading.Lock()


def work(n):
    global counter
    for _ in range(n):
        with lock:
            counter += 1
    time.sleep(0.1)
    print(threading.current_thread().name, "done")


threads = [threading.Thread(target=work, args=(100,), name=f"worker-{i}") for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("counter", counter)
