import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor

ITEMS = 6          # orders each pattern handles
WORKERS = 3        # threads in each pool
SLOW_S = 0.2       # the slow step of one order (waiting on the network)
LOG_S = 0.05       # writing one line to the (slow) log file
FAIL = True        # the callback pattern also gets an order that raises, and one cancelled


def handle(n, fail=False):
    time.sleep(SLOW_S)                 # waiting on the network
    if fail:
        raise ValueError(f"order {n} failed")
    return n * 10


def since(start):
    return f"{time.monotonic() - start:.2f} s"


workers = WORKERS                      # max_workers of the pools still to come
current = None                         # the pool that is running now
limit_lock = threading.Lock()          # guards the two above


def running(pool):
    """Remember the pool running now, so that the teacher's slider can change its limit."""
    global current
    with limit_lock:
        current = pool
        pool._max_workers = workers    # (in case the slider moved while the pool was being made)


def set_workers(n):
    """The teacher's slider, while the program runs: the worker limit, now and for the
    pools to come. A pool starts a worker only in submit(), when no worker is idle, so a
    higher limit shows at the next submits; a lower one stops it starting more, but the
    workers it has stay until the pool shuts down."""
    global workers
    with limit_lock:
        workers = n
        if current is not None:
            current._max_workers = n   # the limit ThreadPoolExecutor checks (CPython keeps it here)


# 1. Synchronous: submit one order, wait for its result, then the next.
with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sync") as sync_pool:
    running(sync_pool)
    start = time.monotonic()
    results = [sync_pool.submit(handle, n).result() for n in range(ITEMS)]
    print("sync:", since(start), results)

# 2. Asynchronous: submit every order first, collect the results afterwards.
with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="async") as async_pool:
    running(async_pool)
    start = time.monotonic()
    futures = [async_pool.submit(handle, n) for n in range(ITEMS)]
    results = [f.result() for f in futures]
    print("async:", since(start), results)

# 3. Callbacks: nobody waits on a result; each future says when it is done.
expected = ITEMS + (1 if FAIL else 0)
heard = []                             # what the callbacks were told
heard_lock = threading.Lock()
all_heard = threading.Event()


def on_done(future):                   # runs in the thread that completed the future
    if future.cancelled():
        what = "cancelled"
    elif future.exception() is not None:
        what = f"raised {future.exception()!r}"
    else:
        what = f"result {future.result()}"
    print(f"{threading.current_thread().name}: callback, {what}")
    with heard_lock:
        heard.append(what)
        if len(heard) == expected:
            all_heard.set()


with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="callback") as callback_pool:
    running(callback_pool)
    start = time.monotonic()
    for n in range(ITEMS):
        bad = FAIL and n == ITEMS - 1                                   # the last order raises
        callback_pool.submit(handle, n, bad).add_done_callback(on_done)
    if FAIL:
        late = callback_pool.submit(handle, ITEMS)                      # one order too many
        late.add_done_callback(on_done)
        print("cancel():", late.cancel())                               # True while it waits in the queue
    print("main is free after", since(start))
    all_heard.wait()
    print("callbacks:", since(start))

# 4. Asynchronous logging: the same orders, each logging a line to a slow file.
log_file = []                          # the file: one writer at a time
file_lock = threading.Lock()
log_q = queue.Queue()


def write_line(line):
    with file_lock:
        time.sleep(LOG_S)              # the disk is slow
        log_file.append(line)


def logger():                          # the logging thread: the only one that writes
    while (line := log_q.get()) is not None:
        write_line(line)


def order(n, log):
    result = handle(n)
    log(f"order {n}: {result}")
    return result


for way, prefix in (("log in the worker", "logw"), ("log thread", "logq")):
    log_file.clear()
    writer = threading.Thread(target=logger, name="logger") if prefix == "logq" else None
    log = log_q.put if writer else write_line      # put() returns at once; write_line waits for the disk
    if writer:
        writer.start()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=prefix) as pool:
        running(pool)
        start = time.monotonic()
        futures = [pool.submit(order, n, log) for n in range(ITEMS)]
        for f in futures:
            f.result()
        print(f"{way}: orders done after {since(start)}")
    if writer:
        log_q.put(None)                # no more lines: the logger ends...
        writer.join()                  # ...and main waits for the last write
    print(f"{way}: log written after {since(start)}, {len(log_file)} lines")
