import threading
import time

DEPTH = 5              # how many times the owner takes the RLock
HOLD_S = 0.5           # seconds between the owner's releases; the Lock's timeout
SELF_DEADLOCK = False  # True: take the Lock twice without a timeout (run it in deterministic mode)

rlock = threading.RLock()
lock = threading.Lock()


def owner():
    for depth in range(1, DEPTH + 1):
        rlock.acquire()                    # the owner again: an RLock lets it in
        print(f"owner took the RLock: depth {depth}")
    for depth in range(DEPTH - 1, -1, -1):
        time.sleep(HOLD_S)
        rlock.release()                    # one release for each acquire
        print(f"owner released the RLock: depth {depth}")


def visitor():
    time.sleep(HOLD_S / 2)                 # the owner has the RLock by now
    try:
        rlock.release()                    # not the visitor's to release
    except RuntimeError as error:
        print(f"visitor's release(): RuntimeError: {error}")
    with rlock:                            # waits until the owner has let go completely
        print("visitor got the RLock")


# Part 1: an RLock taken DEPTH times by one thread.
threads = [threading.Thread(target=owner, name="owner"), threading.Thread(target=visitor, name="visitor")]
for t in threads:
    t.start()
for t in threads:
    t.join()


# Part 2: a plain Lock does not know who holds it.
def self_locker():
    lock.acquire()
    if SELF_DEADLOCK:
        lock.acquire()                     # waits for itself: for ever
    got = lock.acquire(timeout=HOLD_S)     # waits for itself, gives up after HOLD_S
    print(f"self-locker's second acquire() returned {got}")
    lock.release()
    try:
        lock.release()                     # nobody holds it now
    except RuntimeError as error:
        print(f"self-locker's extra release(): RuntimeError: {error}")


locker = threading.Thread(target=self_locker, name="self-locker")
locker.start()
locker.join()
