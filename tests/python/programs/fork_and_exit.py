# Forks while another thread keeps the engine busy; each child exits with
# os._exit at once. The children must not touch the run's log or hang.
import os
import threading

lock = threading.Lock()

def churn():
    for _ in range(2000):
        with lock:
            pass

for i in range(30):
    t = threading.Thread(target=churn)
    t.start()
    pid = os.fork()
    if pid == 0:
        os._exit(10)
    t.join()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 10
print("children: 30 exited with 10")
