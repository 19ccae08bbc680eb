# main holds the lock while two workers queue for it (the GUI's statistics
# follow the scrubber: one wait, then two).
import threading
import time

lock = threading.Lock()
lock.acquire()


def work():
    with lock:
        pass


threads = [threading.Thread(target=work, name=f"worker-{i}") for i in range(2)]
for t in threads:
    t.start()
time.sleep(0.01)
lock.release()
for t in threads:
    t.join()
