# Two parts, named for the timeline.
import threading
import time

import threadlab

threadlab.phase("alone")
time.sleep(0.1)
threadlab.phase("together")
workers = [threading.Thread(target=time.sleep, args=(0.1,)) for _ in range(2)]
for w in workers:
    w.start()
for w in workers:
    w.join()
