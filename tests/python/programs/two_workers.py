# Two workers take one lock in turn, each printing while it holds it
# (the GUI's scrubbing tests look at the run as of each event).
import threading

lock = threading.Lock()


def work(i):
    with lock:
        print(f"worker {i}")


threads = [threading.Thread(target=work, args=(i,), name=f"worker-{i}") for i in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
