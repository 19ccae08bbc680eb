# PyThreadState_SetAsyncExc takes threading.get_ident(): CPython finds the
# thread state (1) and the exception is raised in this thread.
import ctypes, threading
set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
set_async_exc.argtypes = (ctypes.c_ulong, ctypes.py_object)
n = "?"
try:
    n = set_async_exc(threading.get_ident(), ctypes.py_object(KeyError))
    for _ in range(1000):
        pass
    print("no exception raised; thread states modified:", n)
except KeyError:
    print("KeyError raised asynchronously")
