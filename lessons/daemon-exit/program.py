import threading
import time

WORKERS = 2                    # non-daemon threads
DAEMONS = 2
WORKER_S = 1.0                 # worker i works (i + 1) times this long
DAEMON_S = 1.5                 # daemon i works (i + 1) times this long
JOIN_TIMEOUT = 0.5             # seconds main waits for the first thread


def work(seconds):
    time.sleep(seconds)            # the job: a download, a report, a flush...
    print(threading.current_thread().name, "finished")


def add_threads(kind, n, unit_s, daemon):
    """The teacher's sliders (set_workers, set_daemons), while the program
    runs: n threads of this kind in all. More: the new ones start now; the
    program waits for a new worker even when main has already returned, and
    cuts a new daemon off as it does the others. Fewer: nothing can stop a
    started thread from outside, so the running ones work on."""
    mine = [t for t in threads if t.name.startswith(kind + "-")]
    if n < len(mine):
        print(f"{len(mine) - n} too many {kind}s, but a started thread cannot be stopped from outside: all work on")
    for i in range(len(mine), n):
        t = threading.Thread(target=work, name=f"{kind}-{i}", args=((i + 1) * unit_s,), daemon=daemon)
        threads.append(t)
        t.start()


def set_workers(n):
    add_threads("worker", n, WORKER_S, daemon=False)


def set_daemons(n):
    add_threads("daemon", n, DAEMON_S, daemon=True)


threads = [threading.Thread(target=work, name=f"worker-{i}", args=((i + 1) * WORKER_S,))
           for i in range(WORKERS)]
threads += [threading.Thread(target=work, name=f"daemon-{i}", args=((i + 1) * DAEMON_S,),
                             daemon=True)
            for i in range(DAEMONS)]
for t in threads:
    t.start()
if threads:
    first = threads[0]
    first.join(timeout=JOIN_TIMEOUT)   # gives up after the timeout, raises nothing
    print(first.name, "alive after join(timeout):", first.is_alive())
print("main returns: Python now waits for the non-daemon threads only")
