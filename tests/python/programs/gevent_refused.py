# Deterministic mode refuses gevent with one line; free mode runs it.
try:
    import gevent
except ImportError as e:
    print(f"refused: {e}")
else:
    from gevent import monkey
    monkey.patch_all()
    import time

    def work(n):
        for _ in range(2):
            time.sleep(0.05)

    gevent.joinall([gevent.spawn(work, n) for n in range(2)])
    import threading
    print(f"gevent ran in {threading.active_count()} thread(s)")
