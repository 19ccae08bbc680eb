import random
import threading
import time

ACCOUNTS = 3                     # accounts 1 .. ACCOUNTS, one teller thread for each
TRANSFERS = 3                    # transfers each teller makes
SERVE_S = 0.1                    # average seconds a teller serves a customer before a transfer
HOLD_S = 0.02                    # seconds a teller holds its first lock: looking up the balances
ORDERED = False                  # True: every teller locks the lower-numbered account first

balances = {number: 100 for number in range(1, ACCOUNTS + 1)}
locks = {number: threading.Lock() for number in balances}   # shown as lock-1, lock-2, ...


def teller(src):
    dst = src % ACCOUNTS + 1     # each teller pays the next account, the last pays account 1
    first, second = src, dst
    if ORDERED:
        first, second = min(src, dst), max(src, dst)
    made = 0
    while made < TRANSFERS:      # (read each time: the teacher's slider may change it)
        made += 1
        time.sleep(random.uniform(0, 2) * SERVE_S)   # serve a customer
        amount = random.randint(1, 20)
        locks[first].acquire()
        time.sleep(HOLD_S)       # look up the balances
        locks[second].acquire()  # waits while another teller holds that account
        balances[src] -= amount
        balances[dst] += amount
        locks[second].release()
        locks[first].release()


def set_transfers(n):
    """The teacher's slider, while the program runs: each teller goes on
    until it has made n transfers; one that has made that many already stops
    after the transfer it is making."""
    global TRANSFERS
    TRANSFERS = n


tellers = [threading.Thread(target=teller, args=(number,), name=f"teller-{number}")
           for number in balances]
for t in tellers:
    t.start()
for t in tellers:
    t.join()
print(f"balances {list(balances.values())}, total {sum(balances.values())}")
