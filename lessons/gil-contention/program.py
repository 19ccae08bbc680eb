import multiprocessing
import os
import sys
import threading
import time

N = 1_000_000        # countdown steps: pure Python, so the GIL is held all along
ROUNDS = 20          # requests the I/O-bound thread answers
IO_MS = 1            # milliseconds it waits for each request
SWITCH_MS = 5        # the switch interval in milliseconds (CPython's default: 5)

sys.setswitchinterval(SWITCH_MS / 1000)


def set_switch_ms(ms):
    """The teacher's slider, while the program runs."""
    sys.setswitchinterval(ms / 1000)


def countdown(n):
    while n > 0:                    # never waits, so it lets the GIL go only when asked to
        n -= 1


def serve(times):
    for _ in range(ROUNDS):
        arrives = time.monotonic() + IO_MS / 1000
        time.sleep(IO_MS / 1000)    # waiting for a request: the GIL is free meanwhile
        countdown(2_000)            # answering it: needs the GIL back
        times.append(time.monotonic() - arrives)


def busy(done):
    while not done.is_set():        # CPU-bound until the server is done
        countdown(10_000)


def two(kind, name, target, arg):
    return [kind(target=target, args=(arg,), name=f"{name}-{i}") for i in (1, 2)]


def run_all(workers):
    for w in workers:
        w.start()
    for w in workers:
        w.join()


def timed(label, work):
    start = time.monotonic()
    work()
    print(f"{label}: {1000 * (time.monotonic() - start):.2f} ms")


def response_next_to(kind):
    times, done = [], multiprocessing.Event()
    server = threading.Thread(target=serve, args=(times,), name=f"serve-next-to-{kind}")
    neighbours = []
    if kind == "thread":
        neighbours = [threading.Thread(target=busy, args=(done,), name="cpu-thread")]
    elif kind == "process":
        neighbours = [multiprocessing.Process(target=busy, args=(done,), name="cpu-process")]
    for n in neighbours:
        n.start()
    server.start()
    server.join()
    done.set()
    for n in neighbours:
        n.join()
    print(f"response next to {kind}: {1000 * sum(times) / len(times):.2f} ms")


if __name__ == "__main__":
    print(f"{os.cpu_count()} cores, switch interval {1000 * sys.getswitchinterval():g} ms")
    timed("sequential", lambda: (countdown(N), countdown(N)))
    timed("2 threads", lambda: run_all(two(threading.Thread, "countdown", countdown, N)))
    timed("2 processes", lambda: run_all(two(multiprocessing.Process, "process", countdown, N)))
    timed("2 I/O threads", lambda: run_all(two(threading.Thread, "serve", serve, [])))
    for kind in ("nothing", "thread", "process"):
        response_next_to(kind)
