# What every run of this lesson must show, whatever its parameters and seed.
from threadlab import check

BUGGY = "buggy-client"


def pool(run):
    found = run.listed_objects("BoundedSemaphore") or run.listed_objects("Semaphore")
    assert found, "the program made no BoundedSemaphore"
    return found[0]


def clients(run):
    return [t for t in run.threads if t.name.startswith("client-")]


@check("never more connections in use than the pool has", "同时在用的连接从未超过连接池的大小")
def limit(run):
    p = pool(run)
    size = p.initial
    # value is the counter after the call: size - value connections are in use.
    after_acquire = [op.value for op in p.ops("acquire") if op.ok]
    after_release = [op.value for op in p.ops("release") if op.ok]
    out_of_range = ([v for v in after_acquire if not 0 <= v < size] +
                    [v for v in after_release if not 0 <= v <= size])
    # The counter as each call left it: it never races (the value is read
    # in the calling thread, and a correct pool keeps it within 0 .. size),
    # whereas the order of two threads' records can.
    most = size - min(after_acquire, default=size)
    detail = f"at most {most} of {size} connections in use at once"
    if out_of_range:
        detail += (f"; the counter went out of 0 .. {size} {len(out_of_range)} times, up to "
                   f"{max(out_of_range)} free units in a pool of {size}")
    return not out_of_range and most <= size, detail


@check("every client got a connection and finished", "每个客户端都拿到了连接并正常结束")
def served(run):
    p = pool(run)
    got = {op.thread for op in p.ops("acquire") if op.ok}
    seen = clients(run)
    done = [t for t in seen if t.state == "done" and t.name in got]
    wanted = run.params["clients"]
    return (len(seen) == wanted and len(done) == wanted,
            f"{len(done)} of {wanted} clients served and done")


@check("a release raised only when the pool was over-released, and that ValueError reached threading.excepthook",
       "只有多释放时 release() 才出错，而且那个 ValueError 由 threading.excepthook 报告")
def release_errors(run):
    p = pool(run)
    raised = [(op.thread, op.error) for op in p.ops("raise")]
    if not run.params["over_release"]:
        return (not raised and not run.exceptions,
                f"{len(raised)} errors raised by the pool, {len(run.exceptions)} uncaught in threads")
    by_buggy = [e for who, e in raised if who == BUGGY and e.startswith("ValueError")]
    others = [who for who, _ in raised if who != BUGGY]
    hooked = [e for who, e in run.exceptions if who == BUGGY and "ValueError" in e]
    detail = (f"{BUGGY} {'got ValueError from release()' if by_buggy else 'got no ValueError'}"
              f"{'; excepthook reported it' if hooked else '; excepthook did not report it'}")
    if by_buggy:
        detail += f" ({by_buggy[0]})"
    if others:
        detail += "; other threads' releases raised too: " + ", ".join(others)
    return len(by_buggy) == 1 and bool(hooked) and not others, detail
