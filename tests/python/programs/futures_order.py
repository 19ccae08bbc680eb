# submit().result() over and over: every future must be recorded finished
# before main's result() returns from it, and before the next one starts.
from concurrent.futures import ThreadPoolExecutor


def task(i):
    return i * 2


with ThreadPoolExecutor(max_workers=2) as ex:
    total = sum(ex.submit(task, i).result() for i in range(300))
print("total", total)
