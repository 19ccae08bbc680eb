import threading

THREADS = 2        # how many threads add to the counter
ADDS = 10000       # additions per thread
USE_LOCK = True    # False: watch updates get lost

counter = 0
lock = threading.Lock()


def add():
    global counter
    for _ in range(ADDS):
        if USE_LOCK:
            with lock:
                counter += int("1")
        else:
            counter += int("1")      # read, call, add, store: a switch can fall in between


workers = [threading.Thread(target=add, name=f"adder-{i}") for i in range(THREADS)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print(f"counter = {counter} (expected {THREADS * ADDS})")
