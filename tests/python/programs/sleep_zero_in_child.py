# A child process that sleeps for no time at all: time.sleep(0) and a
# timeout of 0 are due the moment they are asked for.
import os
import threading
import time

pid = os.fork()
if pid == 0:
    for _ in range(3):
        time.sleep(0)
    threading.Event().wait(0)
    os._exit(7)
_, status = os.waitpid(pid, 0)
print("child exit", os.waitstatus_to_exitcode(status))
