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
