# A pool of two worker processes and one Process of its own: each process
# has its own copy of `counter`, so main's stays 0.
import multiprocessing as mp
import time

counter = 0


def square(x):
    global counter
    counter += 1
    time.sleep(0.02)
    return x * x


if __name__ == "__main__":
    with mp.Pool(2) as pool:
        results = [pool.apply_async(square, (i,)) for i in range(4)]
        print("squares", [r.get() for r in results])
    helper = mp.Process(target=square, args=(3,), name="helper")
    helper.start()
    helper.join()
    print("exitcode", helper.exitcode)
    print("counter", counter)
