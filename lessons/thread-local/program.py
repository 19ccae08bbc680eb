import threading
import time
import types

REQUESTS = 3           # request threads, each serving one user
ARRIVE_S = 0.2         # a new request arrives every ARRIVE_S seconds
WORK_S = 0.5           # how long a request takes
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


def request(i):
    return threading.Thread(target=handle, args=(f"user-{i}",), name=f"request-{i}")


arrivals = threading.Lock()       # main's arrivals and the teacher's slider, one at a time
requests = [request(i) for i in range(REQUESTS)]


def set_requests(n):
    """The teacher's slider, while the program runs. More: the new requests
    arrive at once. Fewer: requests that have not arrived yet never come; a
    request being served is served to its end."""
    with arrivals:
        while len(requests) < n:
            requests.append(request(len(requests)))
            requests[-1].start()
        for r in reversed(list(requests)):           # the last to come first
            if len(requests) > n and r.ident is None:
                requests.remove(r)


local.name = "main-user"          # set in MainThread
print(greet())
child = threading.Thread(target=look, name="child")
child.start()
child.join()

while True:
    with arrivals:
        r = next((r for r in requests if r.ident is None), None)   # the next to arrive
        if r is None:
            break
        r.start()
    time.sleep(ARRIVE_S)
for r in requests:                # (a list the slider may add to meanwhile)
    r.join()
print(f"main: local.name is still {local.name!r}")
