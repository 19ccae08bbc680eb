# Threads block inside the library (queue.get, Event.wait, join): each is
# shown at the line of the student's code that called in.
import queue
import threading
import time

q = queue.Queue()
ready = threading.Event()


def consumer():
    item = q.get()          # line 12: waits here until main puts
    print("got", item)


def waiter():
    ready.wait()            # line 17: waits here until main sets
    print("ready")


c = threading.Thread(target=consumer, name="consumer")
w = threading.Thread(target=waiter, name="waiter")
c.start()
w.start()
time.sleep(0.1)
q.put("x")
ready.set()
c.join()
w.join()
