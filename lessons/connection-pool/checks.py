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
    # value is the counter after the call: size - value connections are in
    # use. The size is the pool's at that moment: a teacher's slider may
    # open or close connections (a resize, set_connections in the program).
    size, sizes, most, out_of_range = p.initial, [p.initial], 0, []
    for op in p.ops():
        if op.op == "resize":
            size = op.value
            sizes.append(size)
        elif op.op == "acquire" and op.ok:
            most = max(most, size - op.value)
            if not 0 <= op.value < size:
                out_of_range.append(op.value)
        elif op.op == "release" and op.ok and not 0 <= op.value <= size:
            out_of_range.append(op.value)
    # The counter as each call left it: it never races (the value is read
    # in the calling thread, and a correct pool keeps it within 0 .. size),
    # whereas the order of two threads' records can.
    shown = " -> ".join(str(n) for n in sizes)
    en = f"at most {most} connections in use at once, in a pool of {shown}"
    zh = f"同时最多有 {most} 个连接在用，连接池大小 {shown}"
    if out_of_range:
        en += (f"; the counter went out of 0 .. size {len(out_of_range)} times, up to "
               f"{max(out_of_range)} free units")
        zh += f"；计数器 {len(out_of_range)} 次超出 0 .. 连接池大小，空闲单位最多达到 {max(out_of_range)} 个"
    return not out_of_range and most <= max(sizes), say(en, zh)


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
