import queue
import random
import threading
import time

PRODUCERS = 1            # the notes compare 1 + 1 threads with 4 + 4
CONSUMERS = 1
CAPACITY = 5             # the queue's maxsize
ITEMS = 20
PRODUCE_S = 0.2          # average seconds to make one item
CONSUME_S = 0.3          # average seconds to use one item

q = queue.Queue(maxsize=CAPACITY)
consumers = []                       # every consumer started, in order
retired = 0                          # consumers sent home early, one sentinel each
closing = False                      # main is sending the last sentinels
changes = threading.Lock()           # guards the three above


def producer(first, last):
    for item in range(first, last):
        time.sleep(random.uniform(0.5, 1.5) * PRODUCE_S)   # make the item
        q.put(item)                  # waits while the queue is full


def consumer():
    while True:
        item = q.get()               # waits while the queue is empty
        if item is None:             # the sentinel: no more items
            break
        time.sleep(random.uniform(0.5, 1.5) * CONSUME_S)   # use the item


def start_consumer():
    t = threading.Thread(target=consumer, name=f"consumer-{len(consumers)}",
                         daemon=False)   # not a daemon, even when the teacher's thread starts it
    consumers.append(t)
    t.start()


def set_consumers(n):
    """The teacher's slider, while the program runs: start or retire consumers."""
    global retired
    with changes:
        if closing:
            return
        while len(consumers) - retired < n:
            start_consumer()
        while len(consumers) - retired > n:
            retired += 1
            q.put(None)              # whichever consumer takes it goes home


start = time.monotonic()
producers = [threading.Thread(target=producer, name=f"producer-{i}",
                              args=(i * ITEMS // PRODUCERS, (i + 1) * ITEMS // PRODUCERS))
             for i in range(PRODUCERS)]
for t in producers:
    t.start()
with changes:
    if not consumers:                # (unless the teacher's slider came first)
        for _ in range(CONSUMERS):
            start_consumer()
for t in producers:
    t.join()                         # every real item is in the queue now
with changes:
    closing = True
    for _ in range(len(consumers) - retired):
        q.put(None)                  # one sentinel per consumer still working
for t in consumers:
    t.join()
print(f"{ITEMS} items in {time.monotonic() - start:.1f} s")
