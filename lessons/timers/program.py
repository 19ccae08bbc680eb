import threading
import time

TICKS = 4              # the ticker fires this many times, then stops re-arming
INTERVAL_S = 0.5       # seconds between two ticks
DELAY_S = 0.8          # the one-shot timers' delay
CANCEL_AT_S = 0.4      # main cancels the snooze timer this many seconds after starting it
DAEMON_TICKER = False  # True: the ticker is a daemon, cut off when main returns

start = time.monotonic()


def say(text):
    print(f"{time.monotonic() - start:.1f} s  {text}")


def tick(n):
    global fired
    with plan:                    # one at a time with the teacher's slider (set_ticks below)
        if n > TICKS:             # the slider lowered TICKS just as this tick fired
            return
        say(f"tick {n}")
        fired = n
        if n < TICKS:             # without this test the ticker re-arms for ever
            arm(n + 1)


def arm(n):
    global ticker
    ticker = threading.Timer(INTERVAL_S, tick, args=(n,))   # a new one-shot for the next tick
    ticker.name = f"tick-{n}"
    ticker.daemon = DAEMON_TICKER
    ticker.start()


def set_ticks(n):
    """The teacher's slider, while the program runs. tick() reads TICKS when it
    fires, so the new count reaches the tick that is armed now. Lowered to the
    ticks already fired or below: the armed timer is cancelled, and the chain
    ends. Raised after the ticker had stopped: it is armed again."""
    global TICKS
    with plan:
        was_armed, TICKS = fired < TICKS, n
        if was_armed and fired >= n:
            ticker.cancel()       # too late when it has just fired: then tick() sees n > TICKS
        elif not was_armed and fired < n:
            arm(fired + 1)


plan = threading.Lock()
fired = 0                         # the last tick that rang
ticker = None                     # the Timer armed for the next tick
alarm = threading.Timer(DELAY_S, say, args=("alarm: ring",))      # one shot, DELAY_S from start()
alarm.name = "alarm"
snooze = threading.Timer(DELAY_S, say, args=("snooze: ring",))
snooze.name = "snooze"
alarm.start()
snooze.start()
arm(1)

time.sleep(CANCEL_AT_S)
snooze.cancel()                   # before it fires: its function never runs
say("main: snooze cancelled")
alarm.join()                      # a Timer is a Thread: it can be joined
say("main: last line (the ticker may still be armed)")
