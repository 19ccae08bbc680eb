# as_completed(timeout=0) over an unfinished future: CPython raises TimeoutError at once.
import time
from concurrent import futures

with futures.ThreadPoolExecutor(1) as ex:
    slow = ex.submit(time.sleep, 0.5)
    print("as_completed(timeout=0) ...")
    try:
        list(futures.as_completed([slow], timeout=0))
        print("no timeout")
    except futures.TimeoutError as e:
        print("TimeoutError:", e)
