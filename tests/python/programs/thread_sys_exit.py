# sys.exit() in a thread ends that thread only, quietly; the program goes on.
import sys
import threading

quitter = threading.Thread(target=sys.exit, args=(3,), name="quitter")
quitter.start()
quitter.join()
print("main goes on")
