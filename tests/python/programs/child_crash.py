# A child process segfaults while main sleeps (in deterministic mode nobody
# waits for it: the others find the dead turn holder by themselves).
import ctypes
import multiprocessing as mp
import time


def crash():
    total = 0
    for i in range(20000):
        total += i
    ctypes.string_at(0)  # a segfault in the child


if __name__ == "__main__":
    p = mp.Process(target=crash, name="crasher")
    p.start()
    time.sleep(1.0)
    print("alive after 1 s:", p.is_alive())
    p.join()
    print("exitcode", p.exitcode)
