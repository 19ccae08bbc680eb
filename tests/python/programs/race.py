# Two threads increment a global without a lock: once with `counter += 1`
# and once with `counter += one()`. CPython 3.11 switches threads only at
# calls and backward jumps, so only the second can lose updates there.
# A 2 us switch interval makes the threads take turns many times within
# these short loops (at the default 5 ms each would be done in its first turn).
import sys
import threading

sys.setswitchinterval(2e-6)

counter = 0


def one():
    return 1


def plain(n):
    global counter
    for _ in range(n):
        counter += 1


def with_call(n):
    global counter
    for _ in range(n):
        counter += one()


for fn in (plain, with_call):
    counter = 0
    ts = [threading.Thread(target=fn, args=(500,)) for _ in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print(fn.__name__, counter)
