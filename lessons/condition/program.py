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
consumers = []                     # every consumer started, in order; guarded by cond
staying = 0                        # consumers the teacher's slider wants; guarded by cond
leaving = 0                        # consumers asked to go home, not yet gone; guarded by cond
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
    global wakeups, leaving
    mine = taken.setdefault(threading.current_thread().name, [])
    while True:
        with cond:
            while not items and not finished:
                if leaving:                # the teacher wants fewer consumers: go home instead of waiting
                    leaving -= 1
                    print(f"{threading.current_thread().name} goes home")
                    return
                cond.wait()                # lets go of cond, sleeps until notified, takes cond again
                wakeups += 1
            if not items:
                break                      # finished, and nothing left
            mine.append(items.pop(0))
        time.sleep(USE_S)                  # use the item, without holding the lock


def start_consumer():                  # called holding cond
    global staying
    t = threading.Thread(target=consumer, name=f"consumer-{len(consumers)}",
                         daemon=False)     # not a daemon, even when the teacher's thread starts it
    consumers.append(t)
    staying += 1
    t.start()


def set_consumers(n):
    """The teacher's slider, while the program runs: start consumers or send some home."""
    global staying, leaving
    with cond:
        if finished:
            return                         # the end is announced: every consumer leaves anyway
        while staying < n:
            start_consumer()
        if staying > n:
            leaving += staying - n
            staying = n
            cond.notify_all()              # the waiting ones wake, and that many go home


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

producer_thread = threading.Thread(target=producer, name="producer")
producer_thread.start()
with cond:
    if not consumers:                      # (unless the teacher's slider came first)
        for _ in range(CONSUMERS):
            start_consumer()
others = [threading.Thread(target=poller, name="poller")] if POLLER else []
for t in others:
    t.start()
producer_thread.join()                     # finished is set now, so no consumer is added after this
for t in consumers + others:
    t.join()
for name in sorted(taken):
    print(f"{name} took {taken[name]}")
print(f"waiting consumers woke {wakeups} times; the poller looked {looks} times")
