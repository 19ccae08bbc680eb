# A thread waits on a pipe nobody writes to: a wait the engine does not know.
import os
import threading

r, w = os.pipe()


def reader():
    data = os.read(r, 1)
    print("read", data)


t = threading.Thread(target=reader, name="reader")
t.start()
t.join()
