# A daemon thread loops in pure Python; the interpreter's exit cuts it off.
import threading


def spin():
    while True:
        pass


threading.Thread(target=spin, daemon=True, name="spinner").start()
print("main ends")
