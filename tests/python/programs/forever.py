# Never ends by itself: only a stop does.
import time

print("started", flush=True)
while True:
    time.sleep(0.01)
