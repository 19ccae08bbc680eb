# threading.excepthook with thread=None names the thread by its ident.
import io, sys, threading
err = io.StringIO()
old, sys.stderr = sys.stderr, err
try:
    raise ValueError("bug")
except ValueError:
    threading.excepthook(threading.ExceptHookArgs([*sys.exc_info(), None]))
sys.stderr = old
print("get_ident() =", threading.get_ident())
print("excepthook  :", err.getvalue().splitlines()[0])
