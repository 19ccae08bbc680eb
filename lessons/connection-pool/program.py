import random
import threading
import time

CLIENTS = 8
CONNECTIONS = 3                  # connections in the pool
HOLD_S = 0.3                     # average seconds a client keeps a connection
OVER_RELEASE = False             # True: one more client, with a release bug

pool = threading.BoundedSemaphore(CONNECTIONS)
connections = CONNECTIONS        # the pool's size now: the teacher may change it
resizing = threading.Lock()      # one change of size at a time


def client(buggy=False):
    pool.acquire()               # take a connection; waits while none is free
    try:
        time.sleep(random.uniform(0.5, 1.5) * HOLD_S)   # run the queries
    finally:
        pool.release()           # give the connection back
    if buggy:
        pool.release()           # bug: gives back a connection it no longer has


def set_connections(n):
    """The teacher's slider, while the program runs: open or close connections."""
    global connections
    with resizing:
        while connections < n:       # open one: the bound goes up, the new unit goes in
            connections += 1
            pool._initial_value = connections   # where CPython keeps a BoundedSemaphore's bound
            pool.release()           # a waiting client may take it at once
        while connections > n:       # close one: take it out first, waiting for a client to give one back
            pool.acquire()
            connections -= 1
            pool._initial_value = connections


start = time.monotonic()
clients = [threading.Thread(target=client, name=f"client-{i}")
           for i in range(CLIENTS)]
for c in clients:
    c.start()
for c in clients:
    c.join()
print(f"{CLIENTS} clients served in {time.monotonic() - start:.2f} s")
if OVER_RELEASE:                 # one more client, run when the pool is idle
    buggy = threading.Thread(target=client, name="buggy-client", args=(True,))
    buggy.start()
    buggy.join()                 # its ValueError went to threading.excepthook
print("all clients done")
