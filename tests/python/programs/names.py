import queue
import threading

lock = threading.Lock()
rlock = threading.RLock()


class Account:
    def __init__(self):
        self.lock = threading.Lock()


acct = Account()
q = queue.Queue()
print("made")
