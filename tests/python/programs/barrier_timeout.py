# Two of three parties arrive; their wait times out, which breaks the
# barrier for everyone (CPython calls Barrier._break(), not abort()).
import threading

gate = threading.Barrier(3, timeout=0.1)

def task():
    try:
        gate.wait()
    except threading.BrokenBarrierError:
        print("broken")

workers = [threading.Thread(target=task) for _ in range(2)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print("broken:", gate.broken)
