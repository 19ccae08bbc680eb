import threading
import time

WORKERS = 3          # workers, started one after another
GAP_S = 0.2          # seconds between two starts
WORK_S = 1.0         # how long each worker lives


def report(moment):
    """What main sees at this moment: how many threads are alive, and which."""
    with plan:                                       # (so that no slider starts a thread between the two calls)
        alive = threading.enumerate()                # started and not yet ended, main included
        count = threading.active_count()
    idents = {t.ident for t in alive}                # each alive thread has its own ident
    print(f"{moment}: active_count() = {count}, "
          f"enumerate() = [{', '.join(t.name for t in alive)}], "
          f"idents distinct: {len(idents) == len(alive)}")


def set_workers(n):
    """The teacher's slider, while the program runs. More: the new workers are
    started at once (each counts from then on). Fewer: workers not started yet
    are left out; a started thread cannot be stopped from outside, so it lives
    out its WORK_S."""
    with plan:
        while len(workers) < n:
            w = threading.Thread(target=work, name=f"worker-{len(workers)}")
            workers.append(w)
            w.start()
            report(f"after starting {w.name}")
        for w in reversed(list(workers)):            # the last planned first
            if len(workers) > n and w.ident is None:
                workers.remove(w)


def work():
    me = threading.current_thread()                  # the Thread object running this line
    print(f"{me.name}: get_ident() == current_thread().ident: {threading.get_ident() == me.ident}, "
          f"current_thread() is main_thread(): {me is threading.main_thread()}")
    time.sleep(WORK_S)


main = threading.current_thread()
print(f"main: current_thread().name = {main.name}, is main_thread(): {main is threading.main_thread()}, "
      f"get_ident() == main.ident: {threading.get_ident() == main.ident}")
plan = threading.RLock()                             # the slider's changes, main's loops and reports, one at a time
workers = [threading.Thread(target=work, name=f"worker-{i}") for i in range(WORKERS)]
report("created, none started")                      # a Thread that was not started is not alive
print(f"main: before start(), worker-0.ident is None: {workers[0].ident is None}" if workers else
      "main: no workers")
while True:
    with plan:                                       # (the slider may add workers or leave some out meanwhile)
        w = next((w for w in workers if w.ident is None), None)   # the next one not started yet
        if w is None:
            break
        w.start()                                    # when start() returns, w is in enumerate()
        report(f"after starting {w.name}")
    time.sleep(GAP_S)
for w in workers:
    w.join()                                         # when join() returns, w has left enumerate()
    report(f"after joining {w.name}")
if workers:
    w = workers[0]
    print(f"main: after join, {w.name}.is_alive() = {w.is_alive()}, its ident is kept: {w.ident is not None}")
