# An I/O-bound thread next to a CPU-bound one. Each time its sleep ends the
# I/O thread wants the GIL back, and CPython 3.11 makes it wait one switch
# interval before the CPU-bound thread is asked to let it in (3.11 here:
# 5.1 to 5.3 ms at the default 5 ms, sometimes a multiple). Here the
# interval is 2 ms, so the wait shows that sys.setswitchinterval drives it.
import sys
import threading
import time

sys.setswitchinterval(0.002)
stop = False
waits = []


def spin():
    n = 0
    while not stop:      # never blocks: holds the GIL until asked for it
        n += 1


def serve():
    time.sleep(0.005)    # main is in join() by then: only the two threads want the GIL
    for _ in range(5):
        start = time.monotonic()
        time.sleep(0.001)
        waits.append(time.monotonic() - start - 0.001)


cpu = threading.Thread(target=spin)
io = threading.Thread(target=serve)
cpu.start()
io.start()
io.join()
stop = True
cpu.join()
print("shortest_us", round(min(waits) * 1e6))
print("longest_us", round(max(waits) * 1e6))
