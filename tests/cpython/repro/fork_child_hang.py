# Fork while another thread keeps the engine busy: the child makes a lock
# (as threading._after_fork does in every child) and exits at once.
# CPython: no child hangs. A child still there after 5 s of real time is
# killed and counted. 100 rounds (3 under ThreadLab's deterministic mode,
# where every child hangs, 5 s each).
import os, signal, threading, time
try:
    import _threadlab
    ROUNDS = 3 if _threadlab.deterministic else 100
except ImportError:
    ROUNDS = 100

def real_now():  # time.monotonic() is virtual in deterministic mode
    return time.clock_gettime(time.CLOCK_MONOTONIC)

lock = threading.Lock()
def churn():     # keeps events flowing into the run's log
    for _ in range(5000):
        with lock:
            pass

hung = 0
for i in range(ROUNDS):
    t = threading.Thread(target=churn)
    t.start()
    pid = os.fork()
    if pid == 0:
        threading.Lock()
        os._exit(10)
    t.join()
    deadline = real_now() + 5
    while os.waitpid(pid, os.WNOHANG) == (0, 0):
        if real_now() > deadline:
            hung += 1
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            break
        time.sleep(0.01)
print("hung children:", hung, "of", ROUNDS)
