# MainThread blocks in a C-level lock (the C SimpleQueue) right after the
# producer ran line 8: the BLOCKED report must name MainThread's own line.
import _queue
import threading
import time
q = _queue.SimpleQueue()
def producer():
    time.sleep(0.1)
    q.put("item")
t = threading.Thread(target=producer)
t.start()
print("got", q.get(timeout=2))
t.join()
