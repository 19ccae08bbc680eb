# A pool whose workers each do one task, then end and are replaced: six
# tasks, six worker processes. The last one's end used to race the kernel
# (a look with WNOHANG once no other process was left), so the pool's exit
# joined it in one run and not in the next.
import multiprocessing as mp
import time


def work(n):
    time.sleep(0.01 * n)
    return n * n


if __name__ == "__main__":
    with mp.Pool(2, maxtasksperchild=1) as pool:
        print("map", pool.map(work, range(6)))
