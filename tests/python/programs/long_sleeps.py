# 100 seconds of sleeping: at --speed 20 in free mode this takes 5 s of real
# time, and the program's own clock says 100 s.
import threading
import time

start = time.monotonic()
workers = [threading.Thread(target=time.sleep, args=(50,)) for _ in range(2)]
for w in workers:
    w.start()
for w in workers:
    w.join()
time.sleep(50)
print(f"slept for {time.monotonic() - start:.0f} s")
