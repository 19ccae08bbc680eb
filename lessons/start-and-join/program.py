import threading
import time

LONG_S = 4.0           # loop-0 sleeps this long
SHORT_S = 2.0          # loop-1 sleeps this long
HOW = 1                # 1: a function with args, 2: a callable object, 3: a Thread subclass
JOIN = True            # False: main does not wait for its threads
JOIN_IN_LOOP = False   # True: join() each thread right after its start()

begin = time.monotonic()


def loop(n, seconds):
    print(f"loop {n} starts at {time.monotonic() - begin:.1f} s")
    time.sleep(seconds)
    print(f"loop {n} ends at {time.monotonic() - begin:.1f} s")


class LoopJob:                            # way 2: an object you can call
    def __init__(self, n, seconds):
        self.n, self.seconds = n, seconds

    def __call__(self):
        loop(self.n, self.seconds)


class LoopThread(threading.Thread):      # way 3: a Thread that overrides run()
    def __init__(self, n, seconds):
        super().__init__(name=f"loop-{n}")
        self.n, self.seconds = n, seconds

    def run(self):
        loop(self.n, self.seconds)


def make_thread(n, seconds):
    if HOW == 1:
        return threading.Thread(target=loop, args=(n, seconds), name=f"loop-{n}")
    if HOW == 2:
        return threading.Thread(target=LoopJob(n, seconds), name=f"loop-{n}")
    return LoopThread(n, seconds)


print("main starts at 0.0 s")
threads = []
for n, seconds in enumerate([LONG_S, SHORT_S]):
    t = make_thread(n, seconds)
    threads.append(t)
    t.start()                             # returns at once: the thread runs on its own
    if JOIN_IN_LOOP:
        t.join()                          # waits here, before the next thread is even made

if JOIN and not JOIN_IN_LOOP:
    for t in threads:
        t.join()                          # main waits, one thread after the other
        print(f"main has joined {t.name} at {time.monotonic() - begin:.1f} s")

try:
    threads[0].start()                    # a thread can be started only once
except RuntimeError as error:
    print(f"start() again: RuntimeError: {error}")

print(f"main's last line at {time.monotonic() - begin:.1f} s")
