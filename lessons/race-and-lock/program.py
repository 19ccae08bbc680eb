import sys
import threading

THREADS = 4          # half of them add 1, the other half subtract 1
TIMES = 2000         # how many times each thread changes the counter
USE_LOCK = False     # True: only the thread holding the lock may change the counter
WITH_CALL = False    # True: counter += one(), a function call between the read and the write
SWITCH_INTERVAL = 0.005  # seconds a thread waits for the GIL before it asks the running one to switch

sys.setswitchinterval(SWITCH_INTERVAL)

counter = 0
lock = threading.Lock()


def one():
    return 1


def add():
    global counter
    for _ in range(TIMES):
        if USE_LOCK:
            lock.acquire()               # waits while another thread holds the lock
            counter += one() if WITH_CALL else 1
            lock.release()
        else:
            counter += one() if WITH_CALL else 1    # read counter, add, store it back


def subtract():
    global counter
    for _ in range(TIMES):
        if USE_LOCK:
            with lock:                   # acquire() and release(), even after an error
                counter -= one() if WITH_CALL else 1
        else:
            counter -= one() if WITH_CALL else 1


workers = [threading.Thread(target=add if i % 2 == 0 else subtract, name=f"{'add' if i % 2 == 0 else 'sub'}-{i}")
           for i in range(THREADS)]
for w in workers:
    w.start()
for w in workers:
    w.join()
expected = ((THREADS + 1) // 2 - THREADS // 2) * TIMES
print(f"counter = {counter} (expected {expected})")

# Part 2: the built-in containers. One operation on a list, set or dict is one
# step for the interpreter; a read followed by a write is not.
numbers, seen, tally = [], set(), {"+=": 0, "get": 0}


def fill(n):
    for i in range(TIMES):
        numbers.append(i)                          # one call: atomic under the GIL
        seen.add((n, i))                           # one call: atomic under the GIL
        tally["+="] += 1                           # read, add, store: like counter += 1
        tally["get"] = tally.get("get", 0) + 1     # read, call, add, store


fillers = [threading.Thread(target=fill, args=(n,), name=f"fill-{n}") for n in range(THREADS)]
for f in fillers:
    f.start()
for f in fillers:
    f.join()
total = THREADS * TIMES
print(f"list.append: {len(numbers)} of {total}")
print(f"set.add: {len(seen)} of {total}")
print(f"d[k] += 1: {tally['+=']} of {total}")
print(f"d[k] = d.get(k, 0) + 1: {tally['get']} of {total}")
