# _queue.SimpleQueue (the C type test_queue.CSimpleQueueTest tests) blocks
# in C on an OS lock. A producer that puts after a short sleep:
import _queue, queue, threading, time
q = _queue.SimpleQueue()
def producer():
    time.sleep(0.1)
    q.put("item")
t = threading.Thread(target=producer)
t.start()
try:
    print("got", q.get(timeout=2))
except queue.Empty:
    print("queue.Empty after 2 s: the producer never ran")
t.join()
