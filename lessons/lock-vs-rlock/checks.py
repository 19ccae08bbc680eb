# What every run of this lesson must show, whatever its parameters and seed.
# With SELF_DEADLOCK a free-mode run hangs, as python3.11 does; the checks of
# a stopped run say NOT SHOWN for what it never reached.
from threadlab import answer, check, not_shown, say


def owner_ops(run):
    ops = sorted(run.object("rlock").ops(), key=lambda op: op.index)
    takes = [op for op in ops if op.thread == "owner" and op.op == "acquire" and op.ok]
    gives = [op for op in ops if op.thread == "owner" and op.op == "release" and op.ok]
    return takes, gives


def visitor_in(run):
    """The visitor's successful acquire of the RLock, or None."""
    got = [op for op in run.object("rlock").ops("acquire") if op.thread == "visitor" and op.ok]
    return got[0] if got else None


@check("the owner took the RLock DEPTH times without blocking, and released it as often",
       "owner 获取 RLock DEPTH 次都没有阻塞，也释放了同样多次")
def reentrant(run):
    depth = run.params["depth"]
    takes, gives = owner_ops(run)
    blocked = [s for s in run.thread("owner").states if s[1] == "blocked" and s[2] == "rlock"]
    ok = ([op.value for op in takes] == list(range(1, depth + 1))
          and [op.value for op in gives] == list(range(depth - 1, -1, -1)) and not blocked)
    after_takes, after_gives = [op.value for op in takes], [op.value for op in gives]
    return ok, say(f"depths after each acquire: {after_takes}, after each release: "
                   f"{after_gives}; the owner blocked on rlock {len(blocked)} times",
                   f"每次 acquire 之后的层数：{after_takes}，每次 release 之后：{after_gives}；"
                   f"owner 在 rlock 上阻塞了 {len(blocked)} 次")


@check("another thread got the RLock only after the owner's last release",
       "别的线程要等 owner 最后一次释放之后才拿到 RLock")
def visitor_waits(run):
    depth = run.params["depth"]
    takes, gives = owner_ops(run)
    got = visitor_in(run)
    if got is None:
        return False, say("the visitor never got the RLock", "visitor 一直没有拿到 RLock")
    if not takes or got.index < takes[0].index:
        not_shown(say("the visitor took the RLock before the owner did (the owner started late)",
                      "visitor 比 owner 先拿到了 RLock（owner 启动得晚）"))
    released = [op for op in gives if op.index < got.index]
    return (len(released) == depth and released[-1].value == 0,
            say(f"the visitor got in at {got.t:.2f} s, after {len(released)} of the owner's {depth} releases",
                f"visitor 在 {got.t:.2f} 秒进入，此时 owner 的 {depth} 次释放已完成 {len(released)} 次"))


@check("releasing a lock you do not hold raised RuntimeError", "释放自己没有持有的锁会抛出 RuntimeError")
def wrong_release(run):
    raised = {(op.object, op.thread): op.error for name in ("rlock", "lock")
              for op in run.object(name).ops("raise")}
    rlock_error = raised.get(("rlock", "visitor"), "")
    lock_error = raised.get(("lock", "self-locker"), "")
    if run.deadlock or not run.finished:
        if rlock_error.startswith("RuntimeError"):
            not_shown(say(f"the run stopped before the Lock's extra release; the visitor's RLock release raised {rlock_error}",
                          f"运行在 Lock 多余的释放之前就停了；visitor 释放 RLock 时抛出了 {rlock_error}"))
        not_shown(say("the run stopped before both releases were tried", "运行在两次释放都尝试之前就停了"))
    ok = rlock_error.startswith("RuntimeError") and lock_error.startswith("RuntimeError")
    return ok, say(f"visitor releasing the owner's RLock: {rlock_error or 'no error'}; "
                   f"self-locker releasing the unlocked Lock: {lock_error or 'no error'}",
                   f"visitor 释放 owner 的 RLock：{rlock_error or '没有出错'}；"
                   f"self-locker 释放未上锁的 Lock：{lock_error or '没有出错'}")


@check("a thread taking a Lock it already holds waits for itself", "线程再次获取自己已持有的 Lock，会等待它自己")
def waits_for_itself(run):
    acquires = [op for op in run.object("lock").ops("acquire") if op.thread == "self-locker"]
    if run.params["self_deadlock"]:
        if not run.deadlock:
            not_shown(say("no deadlock was reported (a free-mode run just hangs until it is stopped)",
                          "没有报告死锁（自由模式的运行只会一直卡住，直到被停下）"))
        return (run.deadlock_edges == [("self-locker", "lock", "self-locker")],
                say("; ".join(f"{who} waits for {what} held by {holder}" for who, what, holder in run.deadlock_edges),
                    "；".join(f"{who} 在等 {holder} 持有的 {what}" for who, what, holder in run.deadlock_edges)))
    if len(acquires) < 2 and (run.deadlock or not run.finished):
        not_shown(say("the run stopped before part 2", "运行在第 2 部分之前就停了"))
    if len(acquires) < 2:
        return False, say(f"self-locker tried the Lock {len(acquires)} times", f"self-locker 尝试获取 Lock {len(acquires)} 次")
    first, second = acquires[0], acquires[1]
    waited = second.t - first.t
    hold_s = run.params["hold_s"]
    slack = 1e-6 if run.mode == "deterministic" else 0.1 + 0.1 * hold_s
    ok = first.ok and not second.ok and abs(waited - hold_s) <= slack
    return ok, say(f"second acquire(timeout={hold_s:g}) returned {second.ok} after {waited:.2f} s "
                   "(nobody else held the Lock)",
                   f"第二次 acquire(timeout={hold_s:g}) 在 {waited:.2f} 秒后返回 {second.ok}"
                   "（没有别的线程持有这个 Lock）")


@answer
def when_visitor(run):
    """0: after the first release, 1: after the last, 2: never (a deadlock)."""
    got = visitor_in(run)
    if got is None:
        return 2 if run.deadlock and "owner" in run.deadlock else None
    takes, gives = owner_ops(run)
    if not takes or got.index < takes[0].index:
        return None
    released = [op for op in gives if op.index < got.index]
    return 1 if len(released) == run.params["depth"] else 0 if len(released) >= 1 else None
