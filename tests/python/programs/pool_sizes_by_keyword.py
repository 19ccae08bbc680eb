# Pool sizes given by keyword, as most programs write them.
import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor


def same(x):
    return x


if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=3) as ex:
        print(ex.submit(same, 1).result())
    with mp.Pool(processes=2) as p:
        print(p.apply(same, (2,)))
