import threading
import time

ITEMS = 6            # items the producer makes
CONSUMERS = 3        # consumers that wait on the Condition
MAKE_S = 0.5         # seconds to make one item
USE_S = 0.2          # seconds a consumer spends on an item
WAKE = 1             # notify(WAKE) after each item; 0: notify_all()
POLLER = True        # also a consumer that polls instead of waiting
POLL_S = 0.01        # seconds the poller sleeps between two looks

cond = threading.Condition()       # a lock, and a place to wait until notified
items = []                         # guarded by cond
finished = False                   # guarded by cond
taken = {}                         # who took which items
wakeups = 0                        # times a waiting consumer woke up
looks = 0                          # times the poller looked at items


def producer():
    global finished
    for item in range(ITEMS):
        time.sleep(MAKE_S)                 # make the item
        with cond:
            items.append(item)
            if WAKE:
                cond.notify(WAKE)          # wakes at most WAKE waiting threads
            else:
                cond.notify_all()          # wakes every waiting thread
    with cond:
        finished = True
        cond.notify_all()                  # everyone must see the end


def consumer():
    global wakeups
    mine = taken.setdefault(threading.current_thread().name, [])
    while True:
        with cond:
            while not items and not finished:
                cond.wait()                # lets go of cond, sleeps until notified, takes cond again
                wakeups += 1
            if not items:
                break                      # finished, and nothing left
            mine.append(items.pop(0))
        time.sleep(USE_S)                  # use the item, without holding the lock


def poller():
    global looks
    mine = taken.setdefault("poller", [])
    while True:
        with cond:                         # the lock only: it never waits
            looks += 1
            if items:
                mine.append(items.pop(0))
            elif finished:
                break
        time.sleep(POLL_S)                 # nothing yet: look again in a moment


try:
    cond.wait(timeout=0.1)                 # main does not hold cond
except RuntimeError as error:
    print(f"wait() without holding cond: RuntimeError: {error}")

threads = [threading.Thread(target=producer, name="producer")]
threads += [threading.Thread(target=consumer, name=f"consumer-{i}") for i in range(CONSUMERS)]
if POLLER:
    threads.append(threading.Thread(target=poller, name="poller"))
for t in threads:
    t.start()
for t in threads:
    t.join()
for name in sorted(taken):
    print(f"{name} took {taken[name]}")
print(f"waiting consumers woke {wakeups} times; the poller looked {looks} times")
