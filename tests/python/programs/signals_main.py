# A signal and the main thread blocked in a wait, each case as CPython 3.11
# does it (run this file with /usr/bin/python3.11 to compare): a signal
# sent to the process (os.kill, as Ctrl-C does) breaks main's wait at once;
# raise_signal() in another thread and _thread.interrupt_main() do not, and
# the handler runs when main's wait is over. "N at T" lines give the time.
import _thread
import os
import signal
import threading
import time

start = time.monotonic()


def at(case):
    print(f"{case} at {time.monotonic() - start:.1f}")


def sender(delay, send, stay):
    """A thread that sends after `delay`, then stays until main lets it go."""
    def run():
        time.sleep(delay)
        send()
        stay.wait()
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


# 1. os.kill while main is in join(): KeyboardInterrupt out of the join, at once.
stay = threading.Event()
t = sender(0.2, lambda: os.kill(os.getpid(), signal.SIGINT), stay)
try:
    t.join()
    print("1 join returned")
except KeyboardInterrupt:
    print("1 join: KeyboardInterrupt")
at(1)
stay.set()
t.join()

# 2. A handler that returns: it runs in main, and the join goes on.
ran_in = []
signal.signal(signal.SIGUSR1, lambda signum, frame: ran_in.append(threading.current_thread().name))
start = time.monotonic()
done = threading.Event()
t = sender(0.2, lambda: (os.kill(os.getpid(), signal.SIGUSR1), time.sleep(0.3), done.set()), done)
t.join()
print(f"2 join returned; the handler ran in {ran_in}")
at(2)

# 3. raise_signal in a worker while main sleeps: the sleep is not broken.
start = time.monotonic()
stay = threading.Event()
t = sender(0.2, lambda: signal.raise_signal(signal.SIGINT), stay)
try:
    time.sleep(1.0)
    print("3 sleep returned")
except KeyboardInterrupt:
    print("3 sleep: KeyboardInterrupt")
at(3)
stay.set()

# 4. interrupt_main while main waits on an Event with a timeout: the wait
# runs to its end, and KeyboardInterrupt comes as it returns.
start = time.monotonic()
stay = threading.Event()
t = sender(0.2, _thread.interrupt_main, stay)
try:
    threading.Event().wait(0.5)
    print("4 wait returned")
except KeyboardInterrupt:
    print("4 wait: KeyboardInterrupt")
at(4)
stay.set()

# 5. os.kill while main waits on a Condition: out of wait() with the lock held again.
start = time.monotonic()
cond = threading.Condition()
stay = threading.Event()
t = sender(0.2, lambda: os.kill(os.getpid(), signal.SIGINT), stay)
with cond:
    try:
        cond.wait()
    except KeyboardInterrupt:
        print(f"5 wait: KeyboardInterrupt; holding the lock: {cond._is_owned()}")
    at(5)
print(f"5 after with: the lock is free: {cond.acquire(blocking=False)}")
stay.set()
