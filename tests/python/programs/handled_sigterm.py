# terminate() on a Process whose target handles SIGTERM: it is not killed,
# it runs its handler and ends with the handler's exit code (3), as in
# CPython.
import multiprocessing as mp
import signal
import sys
import time


def on_term(signum, frame):
    print("child got SIGTERM", flush=True)
    sys.exit(3)


def child():
    signal.signal(signal.SIGTERM, on_term)
    time.sleep(5)


if __name__ == "__main__":
    p = mp.Process(target=child, name="child")
    p.start()
    time.sleep(0.5)
    p.terminate()
    p.join()
    print("exitcode", p.exitcode)
