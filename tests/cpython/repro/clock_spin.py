# The pattern of as_completed and Condition.wait_for: a deadline, and a wait
# for the rest, until the rest is negative.
import threading, time
ev = threading.Event()
end = time.monotonic() + 0
n = 0
while True:
    rest = end - time.monotonic()
    if rest < 0:
        break
    n += 1
    if n > 1000:
        print("still waiting after 1000 rounds: rest =", rest)
        break
    ev.wait(rest)
print("rounds:", n)
