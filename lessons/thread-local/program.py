import threading
import time
import types

REQUESTS = 3           # request threads, each serving one user
WORK_S = 0.2           # how long a request takes
USE_LOCAL = True       # False: one plain shared object instead of threading.local()

# One object for the whole program; with threading.local() every thread has its own attributes on it.
local = threading.local() if USE_LOCAL else types.SimpleNamespace()


def greet():
    # No argument: like a web framework's `request`, the current user is found through `local`.
    return f"hello {local.name}, from {threading.current_thread().name}"


def handle(user):
    local.name = user             # this thread's user
    time.sleep(WORK_S)            # meanwhile the other requests set theirs
    print(greet())


def look():
    print(f"child: local.name = {getattr(local, 'name', '(not set)')}")


local.name = "main-user"          # set in MainThread
print(greet())
child = threading.Thread(target=look, name="child")
child.start()
child.join()

requests = [threading.Thread(target=handle, args=(f"user-{i}",), name=f"request-{i}")
            for i in range(REQUESTS)]
for r in requests:
    r.start()
for r in requests:
    r.join()
print(f"main: local.name is still {local.name!r}")
