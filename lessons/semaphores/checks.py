# What every run of this lesson must show, whatever its parameters and seed.
from threadlab import answer, check, not_shown, say


def ops_by(obj, prefix, name):
    return [op for op in obj.ops(name) if op.thread.startswith(prefix)]


def gate_threads(run, prefix):
    """How many threads went to one gate: THREADS as the gate opened (the
    teacher's slider may change it for the gates to come)."""
    return len([t for t in run.threads if t.name.startswith(prefix)])


def extra_release(run):
    """Main's release after it gave its units back: the raise, or the release that went above UNITS."""
    sem = run.object("sem")
    raised = [op for op in sem.ops("raise") if op.thread == "MainThread"]
    grown = [op for op in sem.ops("release") if op.thread == "MainThread" and op.value > sem.initial]
    return sem, raised, grown


@check("the lock let one thread in at a time", "锁每次只放一个线程进去")
def lock_one(run):
    lock = run.object("lock")
    inside, most = 0, 0
    for op in sorted(lock.ops("acquire") + lock.ops("release"), key=lambda o: o.index):
        if op.thread.startswith("lock-") and op.ok:
            inside += 1 if op.op == "acquire" else -1
            most = max(most, inside)
    got = {op.thread for op in ops_by(lock, "lock-", "acquire") if op.ok}
    wanted = gate_threads(run, "lock-")
    return most == 1 and len(got) == wanted, say(f"{len(got)} of {wanted} threads got the lock, at most {most} inside at once",
                                                f"{wanted} 个线程中有 {len(got)} 个拿到了锁，同时在里面的最多 {most} 个")


@check("the semaphore's counter stayed between 0 and its start value: at most UNITS threads inside",
       "信号量的计数器始终在 0 和初始值之间：同时在里面的线程不超过 UNITS 个")
def sem_counter(run):
    sem = run.object("sem")
    units = sem.initial
    first = ops_by(sem, "sem-", "acquire") + ops_by(sem, "sem-", "release")
    out = [op.value for op in first if not 0 <= op.value <= units]
    after_acquire = [op.value for op in ops_by(sem, "sem-", "acquire") if op.ok]
    most = units - min(after_acquire, default=units)
    low = min([op.value for op in first], default=units)
    high = max([op.value for op in first], default=units)
    en = f"counter from {low} to {high}, start {units}: at most {most} inside at once"
    zh = f"计数器在 {low} 到 {high} 之间，初始值 {units}：同时在里面的最多 {most} 个"
    if run.mode == "deterministic" and most != min(units, gate_threads(run, "sem-")):
        together = min(units, gate_threads(run, "sem-"))
        return False, say(en + f"; expected {together} together", zh + f"；应当同时有 {together} 个")
    return not out and len(after_acquire) == gate_threads(run, "sem-"), say(en, zh)


@check("acquire(blocking=False) at 0 returned False at once (blocking=True is the default, not False as the notes say)",
       "计数为 0 时 acquire(blocking=False) 立刻返回 False（默认是 blocking=True，而不是笔记说的 False）")
def non_blocking(run):
    sem = run.object("sem")
    mine = [op for op in sem.ops("acquire") if op.thread == "MainThread"]
    refused = [op for op in mine if not op.ok]
    assert refused, say("main's acquire(blocking=False) was not refused", "主线程的 acquire(blocking=False) 没有被拒绝")
    before = [op for op in mine if op.index < refused[0].index]
    waited = before and refused[0].t - before[-1].t
    units = run.params["units"]
    # Deterministic time moves only with sleeps, timeouts and the modelled
    # cost of the code in between (nanoseconds): a wait would show as more.
    if run.mode == "deterministic" and waited > 0.001:
        return False, say(f"it returned {waited:.3f} s after main's previous acquire",
                          f"它在主线程上一次 acquire 之后 {waited:.3f} 秒才返回")
    counter = before[-1].value if before else '?'
    return len(before) == units and before[-1].value == 0, \
        say(f"main took {len(before)} of {units} units (counter {counter}), then acquire(blocking=False) returned False",
            f"主线程取走了 {units} 个单位中的 {len(before)} 个（计数器为 {counter}），"
            "随后 acquire(blocking=False) 返回 False")


@check("the extra release: a BoundedSemaphore refused it with ValueError, a plain Semaphore took it and grew past its start",
       "多余的 release：BoundedSemaphore 抛出 ValueError 拒绝，普通 Semaphore 照单全收，计数超过了初始值")
def over_release(run):
    sem, raised, grown = extra_release(run)
    units = sem.initial
    again = [op.value for op in ops_by(sem, "again-", "acquire") if op.ok]
    if run.params["bounded"]:
        above = [op.value for op in sem.ops("release") if op.value > units]
        ok = len(raised) == 1 and raised[0].error.startswith("ValueError") and not above
        en = f"{sem.kind}: " + (f"main's release raised {raised[0].error}" if raised else "main's extra release raised nothing")
        zh = f"{sem.kind}：" + (f"主线程的 release 抛出了 {raised[0].error}" if raised else "主线程多余的 release 什么也没抛出")
        if above:
            en += f"; the counter reached {max(above)} of {units}"
            zh += f"；计数器达到了 {max(above)}（初始值 {units}）"
        return ok, say(en, zh)
    ok = not raised and len(grown) == 1 and grown[0].value == units + 1
    inside = units + 1 - min(again, default=units + 1)
    counter = grown[0].value if grown else '?'
    detail = say(f"{sem.kind}: the extra release raised nothing and left the counter at "
                 f"{counter} (start {units}); the next round had {inside} inside at once",
                 f"{sem.kind}：多余的 release 什么也没抛出，计数器停在 {counter}（初始值 {units}）；"
                 f"下一轮同时有 {inside} 个线程在里面")
    if run.mode == "deterministic" and inside != min(units + 1, gate_threads(run, "again-")):
        return False, detail
    return ok, detail


@answer
def what_the_extra_release_did(run):
    """0: ValueError; 1: the counter grew silently; 2: RuntimeError."""
    _, raised, grown = extra_release(run)
    if raised:
        return 0 if raised[0].error.startswith("ValueError") else 2 if raised[0].error.startswith("RuntimeError") else None
    return 1 if grown else None
