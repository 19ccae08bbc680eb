"""Sleep-bound producer/consumer: 2 producers put 20 items each into a bounded
queue.Queue, sleeping 5 ms before each put; 2 consumers take them, 10 ms of
sleep per item; one sentinel per consumer ends the work (about 0.2 s)."""
import queue
import threading
import time

PRODUCERS, CONSUMERS, ITEMS = 2, 2, 20
q = queue.Queue(maxsize=4)


def producer(p):
    for i in range(ITEMS):
        time.sleep(0.005)
        q.put((p, i))


def consumer():
    while True:
        item = q.get()
        if item is None:
            break
        time.sleep(0.010)


producers = [threading.Thread(target=producer, args=(p,)) for p in range(PRODUCERS)]
consumers = [threading.Thread(target=consumer) for _ in range(CONSUMERS)]
for t in producers + consumers:
    t.start()
for t in producers:
    t.join()
for _ in consumers:
    q.put(None)
for t in consumers:
    t.join()
