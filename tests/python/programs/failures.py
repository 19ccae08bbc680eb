# A thread that raises is reported and ends failed; the program goes on;
# then main raises at line 14.
import threading


def boom():
    1 / 0


t = threading.Thread(target=boom, name="boom")
t.start()
t.join()
print("main goes on")
raise ValueError("main fails here")
