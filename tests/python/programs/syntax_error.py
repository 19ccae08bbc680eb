import threading

x = = 1
