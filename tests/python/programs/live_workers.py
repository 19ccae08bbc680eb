# Waits for a live change: the front end calls set_workers(n), which starts
# the workers, from a thread of its own. (It waits with a timeout: a wait
# that nothing in the program could end is a deadlock, and reported as one.)
import threading

done = threading.Event()
workers = []


def work(i):
    print(f"worker {i}")


def set_workers(n):
    for i in range(len(workers), n):
        t = threading.Thread(target=work, args=(i,), name=f"worker-{i}")
        workers.append(t)
        t.start()
    done.set()


print("waiting for the teacher")
while not done.wait(0.01):
    pass
for t in workers:
    t.join()
print(f"{len(workers)} workers")
