# Two CPU-bound threads under the GIL take turns in slices of one switch
# interval: each runs until the other has waited 5 ms, then hands over.
import threading
import time

samples = []  # (thread, time) every 1,000 iterations


def count(tag):
    for i in range(500_000):
        if i % 1000 == 0:
            samples.append((tag, time.monotonic()))


ts = [threading.Thread(target=count, args=(tag,)) for tag in "AB"]
for t in ts:
    t.start()
for t in ts:
    t.join()
# A slice: consecutive samples of one thread. All but the last two end
# because the other thread's interval ran out.
slices, start = [], 0
for k in range(1, len(samples) + 1):
    if k == len(samples) or samples[k][0] != samples[start][0]:
        slices.append(samples[k - 1][1] - samples[start][1])
        start = k
print("slices", len(slices))
print("shortest_inner_us", round(min(slices[1:-2]) * 1e6) if len(slices) > 3 else -1)
