# threading re-exports functions of _thread; their __module__ says so
# (support.check__all__, used by test_threading.MiscTestCase, relies on it).
import threading
for name in ("Lock", "get_ident", "get_native_id", "_start_new_thread", "_allocate_lock"):
    obj = getattr(threading, name)
    print(name, obj.__module__, getattr(obj, "__name__", "?"))
print("RLock type", threading._CRLock.__module__, threading._CRLock.__name__)
