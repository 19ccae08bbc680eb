# A child left behind: the parent waits in a call the engine does not know
# (select.select), so a deterministic run is stopped there, while its child
# waits for ever on a pipe it holds open itself. When the run ends, the child
# must end with it, not stay behind.
import os
import select

r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.read(r, 1)
    os._exit(0)
print("child", pid, flush=True)
select.select([r], [], [])
