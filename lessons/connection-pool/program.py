import random
import threading
import time

CLIENTS = 8
CONNECTIONS = 3                  # connections in the pool
HOLD_S = 0.3                     # average seconds a client keeps a connection
OVER_RELEASE = False             # True: one more client, with a release bug

pool = threading.BoundedSemaphore(CONNECTIONS)


def client(buggy=False):
    pool.acquire()               # take a connection; waits while none is free
    try:
        time.sleep(random.uniform(0.5, 1.5) * HOLD_S)   # run the queries
    finally:
        pool.release()           # give the connection back
    if buggy:
        pool.release()           # bug: gives back a connection it no longer has


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
