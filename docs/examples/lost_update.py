# Two threads add 1 to a shared counter three times each, without a lock.
# Run by bytecode in deterministic mode and drawn by turn, the timeline shows
# each thread's turns and where an update was lost:
#   threadlab gui docs/examples/lost_update.py --mode deterministic --granularity bytecode --by-turn
import threading

counter = 0


def work():
    global counter
    for _ in range(3):
        counter += 1


ts = [threading.Thread(target=work, name=f"T{i}") for i in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("counter", counter)
