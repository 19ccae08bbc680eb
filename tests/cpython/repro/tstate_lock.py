# Thread._tstate_lock is a real lock in CPython: acquired by someone else
# after the thread ended, it is held, so is_alive() still says True until
# it is released (test_threading.ThreadTests.test_tstate_lock).
import threading
t = threading.Thread(target=lambda: None)
t.start()
lock = t._tstate_lock
print("acquired after the end:", lock.acquire(timeout=5))
print("locked() while held:", lock.locked())
print("is_alive() while held:", t.is_alive())
lock.release()
print("is_alive() after release:", t.is_alive())
t.join()
