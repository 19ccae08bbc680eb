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


start = time.monotonic()
producers = [threading.Thread(target=producer, name=f"producer-{i}",
                              args=(i * ITEMS // PRODUCERS, (i + 1) * ITEMS // PRODUCERS))
             for i in range(PRODUCERS)]
consumers = [threading.Thread(target=consumer, name=f"consumer-{i}")
             for i in range(CONSUMERS)]
for t in producers + consumers:
    t.start()
for t in producers:
    t.join()                         # every real item is in the queue now
for _ in consumers:
    q.put(None)                      # one sentinel per consumer
for t in consumers:
    t.join()
print(f"{ITEMS} items in {time.monotonic() - start:.1f} s")
