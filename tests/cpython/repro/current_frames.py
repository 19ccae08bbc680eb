# sys._current_frames() is keyed by thread ident, as threading.get_ident() gives it.
import sys, threading
print("own ident in sys._current_frames():", threading.get_ident() in sys._current_frames())
