# A thread in a pure-Python loop is preempted (CPython switches every 5 ms),
# so main can stop it. The loop is compiled as another file's code, as it is
# in test_threading (library code, not the program's own file).
import threading
LIB = '''
def worker(state):
    iterations = 20_000_000
    state["started"] = True
    while state["go"]:
        if iterations:
            iterations -= 1
        else:
            return
    state["interrupted"] = True

def wait_started(state):
    while not state["started"]:
        pass
'''
lib = {}
exec(compile(LIB, "/usr/lib/python3.11/not_the_program.py", "exec"), lib)
state = {"go": True, "started": False, "interrupted": False}
t = threading.Thread(target=lib["worker"], args=(state,))
t.start()
lib["wait_started"](state)
state["go"] = False
t.join()
print("worker stopped by main:", state["interrupted"])
