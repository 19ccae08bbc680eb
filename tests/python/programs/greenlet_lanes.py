# Greenlets in two OS threads: each greenlet is a lane of the thread that
# runs it; the program's own greenlet.settrace still sees every switch.
import threading

from greenlet import greenlet, settrace

seen = []


def mine(event, args):
    seen.append(event)


settrace(mine)


def rounds(me, other_name, n):
    for i in range(n):
        print(f"{me} {i}")
        globals()[other_name].switch()


def in_thread():
    def a_rounds():
        for i in range(2):
            print(f"a {i}")
            b.switch()

    def b_rounds():
        for i in range(2):
            print(f"b {i}")
            a.switch()

    a = greenlet(a_rounds)
    b = greenlet(b_rounds)
    a.switch()


ping = greenlet(lambda: rounds("ping", "pong", 3))
pong = greenlet(lambda: rounds("pong", "ping", 3))
ping.switch()
t = threading.Thread(target=in_thread, name="worker")
t.start()
t.join()
print(f"own trace saw {len(seen)} switches")
