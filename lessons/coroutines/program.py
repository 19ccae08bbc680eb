import threading
import time

WORKERS = 3          # workers in parts 3 and 4
STEPS = 3            # steps of each worker (and rounds of ping-pong in part 2)
STEP_S = 0.1         # one step waits this many seconds (think: a reply from the network)
USE_GEVENT = True    # False leaves part 4 out

# gevent is imported first (it takes a while), so that parts 3 and 4 run
# side by side; it patches nothing until part 4 calls monkey.patch_all().
try:
    if not USE_GEVENT:
        raise ImportError("USE_GEVENT = False")
    import gevent
    from gevent import monkey
except ImportError as e:
    gevent, no_gevent = None, e


# Part 1: a generator is a coroutine. `yield` hands a value out and pauses;
# send() resumes it with a value in. Its local variables live on in between.
def averager():
    total = count = 0
    average = None
    while True:
        value = yield average        # pauses here until the next send()
        total += value
        count += 1
        average = total / count


avg = averager()
next(avg)                            # run it to its first yield ("priming")
for value in (10, 20, 60):
    print(f"part 1: send({value}) -> average {avg.send(value)}")


# Part 2: greenlets switch explicitly, one at a time, in one thread.
from greenlet import greenlet


def ping_rounds():
    for i in range(STEPS):
        print(f"part 2: ping {i} in {threading.current_thread().name}")
        pong.switch()                # pauses ping, resumes pong where it stopped


def pong_rounds():
    for i in range(STEPS):
        print(f"part 2: pong {i} in {threading.current_thread().name}")
        ping.switch()


ping = greenlet(ping_rounds)
pong = greenlet(pong_rounds)
ping.switch()                        # main -> ping; ping's end goes back to its parent, main
print(f"part 2: ping finished: {ping.dead}; pong finished: {pong.dead}")


# Part 3: the same waiting work done by threads: the OS runs them at once.
def work(name):
    for step in range(STEPS):
        time.sleep(STEP_S)           # the thread waits; the others go on
    print(f"{name} done")


start = time.monotonic()
threads = [threading.Thread(target=work, args=(f"thread-{i}",), name=f"thread-{i}") for i in range(WORKERS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"part 3: {WORKERS} threads took {time.monotonic() - start:.2f} s")


# Part 4: gevent. monkey.patch_all() turns time.sleep (and socket waits) into
# a switch to gevent's hub, which resumes whichever greenlet's wait is over.
if gevent is None:
    print(f"part 4: skipped ({no_gevent})")
else:
    monkey.patch_all()
    start = time.monotonic()
    jobs = [gevent.spawn(work, f"greenlet-{i}") for i in range(WORKERS)]
    gevent.joinall(jobs)
    print(f"part 4: {WORKERS} greenlets took {time.monotonic() - start:.2f} s "
          f"in {threading.active_count()} thread(s)")
