# test.support.wait_process polls a real child with time.sleep() and
# time.monotonic(): under virtual time its 300 s timeout can pass before the
# child (a real process taking 0.2 s of real time) exits.
import os, subprocess, sys, time
from test import support
p = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.2)"])
t0 = time.monotonic()
try:
    support.wait_process(p.pid, exitcode=0)
    print("child waited for; clock says %.1f s" % (time.monotonic() - t0))
except AssertionError as e:
    print("AssertionError:", e)
