import threading
import time

TASKS = 4            # how many of the start-up tasks below run: the barrier's parties
UNIT_S = 0.3         # seconds of one unit of start-up work
FAIL_TASK = 0        # 1 .. TASKS: that task fails and aborts the start-up; 0: none does
TIMEOUT_S = 0        # seconds a task waits at the barrier before it breaks it; 0: no limit

# Each task's name and its work in units: 0.3, 0.9, 0.6 and 1.5 s for the first four.
ALL_TASKS = [("load config", 1), ("open db pool", 3), ("warm cache", 2), ("read secrets", 5),
             ("check disk", 4), ("load models", 7), ("join cluster", 6), ("fetch flags", 2.5)]


def start_service():
    print("all tasks ready: service starting")   # runs once, in the last arrival


ready = threading.Barrier(TASKS, action=start_service, timeout=TIMEOUT_S or None)


def start_up(number, seconds):
    name = threading.current_thread().name
    time.sleep(seconds)                 # the start-up work
    if number == FAIL_TASK:
        print(f"{name} failed: aborting the start-up")
        ready.abort()                   # wakes every waiter with an error
        return
    try:
        ready.wait()                    # fast tasks wait for slow ones
    except threading.BrokenBarrierError:
        print(f"{name}: start-up broken, giving up")
        return
    print(f"{name}: ready")


threads = [threading.Thread(target=start_up, name=name, args=(number, units * UNIT_S))
           for number, (name, units) in enumerate(ALL_TASKS[:TASKS], start=1)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("barrier broken:", ready.broken)
