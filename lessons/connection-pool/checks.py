# What every run of this lesson must show, whatever its parameters and seed.
from threadlab import check, say

BUGGY = "buggy-client"


def pool(run):
    found = run.listed_objects("BoundedSemaphore") or run.listed_objects("Semaphore")
    assert found, say("the program made no BoundedSemaphore", "程序没有创建 BoundedSemaphore")
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
    en = f"at most {most} of {size} connections in use at once"
    zh = f"同时最多有 {most} 个连接在用（共 {size} 个）"
    if out_of_range:
        en += (f"; the counter went out of 0 .. {size} {len(out_of_range)} times, up to "
               f"{max(out_of_range)} free units in a pool of {size}")
        zh += (f"；计数器 {len(out_of_range)} 次超出 0 .. {size}，"
               f"大小为 {size} 的连接池里空闲单位最多达到 {max(out_of_range)} 个")
    return not out_of_range and most <= size, say(en, zh)


@check("every client got a connection and finished", "每个客户端都拿到了连接并正常结束")
def served(run):
    p = pool(run)
    got = {op.thread for op in p.ops("acquire") if op.ok}
    seen = clients(run)
    done = [t for t in seen if t.state == "done" and t.name in got]
    wanted = run.params["clients"]
    return (len(seen) == wanted and len(done) == wanted,
            say(f"{len(done)} of {wanted} clients served and done",
                f"{wanted} 个客户端中有 {len(done)} 个拿到了连接并已结束"))


@check("a release raised only when the pool was over-released, and that ValueError reached threading.excepthook",
       "只有多释放时 release() 才出错，而且那个 ValueError 由 threading.excepthook 报告")
def release_errors(run):
    p = pool(run)
    raised = [(op.thread, op.error) for op in p.ops("raise")]
    if not run.params["over_release"]:
        return (not raised and not run.exceptions,
                say(f"{len(raised)} errors raised by the pool, {len(run.exceptions)} uncaught in threads",
                    f"连接池抛出了 {len(raised)} 个错误，线程中有 {len(run.exceptions)} 个未捕获的异常"))
    by_buggy = [e for who, e in raised if who == BUGGY and e.startswith("ValueError")]
    others = [who for who, _ in raised if who != BUGGY]
    hooked = [e for who, e in run.exceptions if who == BUGGY and "ValueError" in e]
    en = (f"{BUGGY} {'got ValueError from release()' if by_buggy else 'got no ValueError'}"
          f"{'; excepthook reported it' if hooked else '; excepthook did not report it'}")
    zh = (f"{BUGGY} {'的 release() 抛出了 ValueError' if by_buggy else '没有遇到 ValueError'}"
          f"{'；excepthook 报告了它' if hooked else '；excepthook 没有报告它'}")
    if by_buggy:
        en += f" ({by_buggy[0]})"
        zh += f"（{by_buggy[0]}）"
    if others:
        en += "; other threads' releases raised too: " + ", ".join(others)
        zh += "；其他线程的 release() 也出错了：" + "、".join(others)
    return len(by_buggy) == 1 and bool(hooked) and not others, say(en, zh)
