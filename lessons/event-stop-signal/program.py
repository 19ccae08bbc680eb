import threading
import time

WORKERS = 3            # threads that work until the flag goes up
STEP_S = 0.3           # one step of a worker's work
RUN_S = 1.0            # the stopper raises the flag after this many seconds
WAIT_S = 0.2           # main's stop.wait(WAIT_S): how long it is willing to wait

stop = threading.Event()          # the flag: it starts down (is_set() is False)


def work():
    steps = 0
    while not stop.is_set():      # look at the flag before each step
        steps += 1
        time.sleep(STEP_S)        # one step of work
    print(f"{threading.current_thread().name} saw the flag after {steps} steps")


def raise_flag():
    time.sleep(RUN_S)
    stop.set()                    # up: is_set() is True, every waiter wakes


workers = [threading.Thread(target=work, name=f"worker-{i}") for i in range(WORKERS)]
stopper = threading.Thread(target=raise_flag, name="stopper")
for t in workers + [stopper]:
    t.start()

start = time.monotonic()
got = stop.wait(WAIT_S)           # True once the flag is up; False if the time runs out first
print(f"main: stop.wait({WAIT_S}) returned {got} after {time.monotonic() - start:.2f} s, "
      f"is_set() = {stop.is_set()}")
stop.wait()                       # no timeout: wait for the flag however long it takes
for t in workers + [stopper]:
    t.join()
stop.clear()                      # down again: the same Event can signal another time
print(f"main: after clear(), is_set() = {stop.is_set()}, stop.wait(0.1) returned {stop.wait(0.1)}")
