# Python's own handler for SIGINT (default_int_handler) makes
# _thread.interrupt_main() raise KeyboardInterrupt in MainThread.
import signal, _thread
print("SIGINT handler:", signal.getsignal(signal.SIGINT))
try:
    _thread.interrupt_main()
    for _ in range(100):
        pass
    print("interrupt_main(): nothing raised")
except KeyboardInterrupt:
    print("interrupt_main(): KeyboardInterrupt")
