# What every run of this lesson must show, whatever its parameters and seed.
from threadlab import answer, check, not_shown, say


def tol(run):
    return 0.001 if run.mode == "deterministic" else 0.1


def started_at(run, name):
    starts = run.object(name).ops("start")
    assert starts, say(f"{name} was never started", f"{name} 从未被启动")
    return starts[0].t


def rings(run, who):
    return [p for p in run.prints if p.thread == who and p.text.endswith(f"{who}: ring")]


def ticks(run):
    return [p for p in run.prints if p.thread.startswith("tick-") and " tick " in p.text]


def main_end(run):
    """The index and time of main's last line (its last print)."""
    mine = [p for p in run.prints if p.thread == "MainThread"]
    assert mine, say("main printed nothing", "主线程什么也没有打印")
    return mine[-1].index, mine[-1].t


@check("the snooze cancelled before its delay never ran its function; cancelled too late it had already rung",
       "在延时到达之前取消的 snooze 没有执行函数；取消得太晚的话它已经响过了")
def cancelled(run):
    delay, cancel_at = run.params["delay_s"], run.params["cancel_at_s"]
    if run.mode == "deterministic" and abs(delay - cancel_at) < 0.001:
        not_shown(say(f"cancel() at {cancel_at} s and the delay of {delay} s come at the same instant",
                      f"{cancel_at} 秒的 cancel() 和 {delay} 秒的延时发生在同一时刻"))
    rang = rings(run, "snooze")
    # Timer.run(): finished.wait(delay) is True when cancel() set the flag in time.
    waits = [op for op in run.object("snooze.finished").ops("wait") if op.thread == "snooze"]
    assert waits, say("the snooze timer never waited", "snooze 定时器从未等待")
    in_time = waits[0].ok
    en = (f"cancel() at {cancel_at} s, delay {delay} s: "
          f"{'cancelled while waiting' if in_time else 'the delay ran out first'}, rang {len(rang)} times")
    zh = (f"cancel() 在 {cancel_at} 秒，延时 {delay} 秒："
          f"{'在等待中被取消' if in_time else '延时先到了'}，响了 {len(rang)} 次")
    if run.mode == "deterministic" and in_time != (cancel_at < delay):
        return False, say(en + " (virtual time says otherwise)", zh + "（虚拟时间的结论相反）")
    if in_time:
        return not rang and run.thread("snooze").state == "done", say(en, zh)
    # Too late (or at the very moment it fired): the function ran once, or not at all
    # if cancel() came between the end of the wait and Timer.run's is_set() test.
    return len(rang) <= 1 and (len(rang) == 1 or cancel_at >= delay), say(
        en + " (cancel() after it fired changes nothing)", zh + "（触发之后再 cancel() 不起作用）")


@check("the one-shot alarm rang once, its delay after start()", "一次性的 alarm 只响了一次，恰好在 start() 之后延时那么久")
def alarm_once(run):
    rang = rings(run, "alarm")
    delay = run.params["delay_s"]
    assert len(rang) == 1, say(f"the alarm rang {len(rang)} times", f"alarm 响了 {len(rang)} 次")
    after = rang[0].t - started_at(run, "alarm")
    detail = say(f"rang once, {after:.3f} s after alarm.start() (delay {delay} s)",
                 f"响了一次，在 alarm.start() 之后 {after:.3f} 秒（延时 {delay} 秒）")
    late_ok = after <= delay + tol(run) if run.mode == "deterministic" else True
    return after >= delay - 0.005 and late_ok, detail


def ticks_due(run, seen):
    """How many ticks the ticker owed: TICKS, or what the teacher's slider left it
    at; lowered below the ticks already rung, the chain stopped where it was."""
    changes = run.changes("ticks")
    if not changes:
        return run.params["ticks"]
    last, _, final = changes[-1]
    return max(final, sum(p.index < last.index for p in seen))


@check("the ticker re-armed itself: TICKS ticks, each an interval after the one before",
       "ticker 自己重新定时：一共触发 TICKS 次，每次都在上一次之后隔一个间隔")
def ticker(run):
    interval, seen = run.params["interval_s"], ticks(run)
    n = ticks_due(run, seen)
    # Each tick's interval runs from the tick before it, or from the teacher's
    # change that armed the ticker again after it had stopped.
    armed = [started_at(run, "tick-1")] + [p.t for p in seen[:-1]]
    moves = [p.t for p, old, new in run.changes("ticks")
             if old <= sum(q.index < p.index for q in seen) < new]   # stopped, armed again
    gaps = [p.t - max([a] + [m for m in moves if a < m < p.t]) for a, p in zip(armed, seen)]
    too_short = [g for g in gaps if g < interval - 0.005]
    too_long = [g for g in gaps if run.mode == "deterministic" and g > interval + tol(run)]
    numbers = [int(p.text.rsplit(" ", 1)[1]) for p in seen]
    in_order = numbers == list(range(1, len(seen) + 1))
    slid = run.changes("ticks")
    moved = f" (the slider left TICKS at {slid[-1][2]})" if slid else ""
    moved_zh = f"（滑块最后把 TICKS 改成了 {slid[-1][2]}）" if slid else ""
    en = f"{len(seen)} of {n} ticks{moved}, gaps {', '.join(f'{g:.2f}' for g in gaps[:6])} s"
    zh = f"{n} 次中触发了 {len(seen)} 次{moved_zh}，间隔 {'、'.join(f'{g:.2f}' for g in gaps[:6])} 秒"
    ok = not too_short and not too_long and in_order
    if run.params["daemon_ticker"]:
        # The ticks due after main returned never came: the daemon was cut off.
        _, end_t = main_end(run)
        return ok and len(seen) <= n and all(p.t <= end_t + tol(run) for p in seen), say(
            en + " (a daemon: cut off when main returned)", zh + "（守护线程：主线程返回时被终止）")
    return ok and len(seen) == n, say(en, zh)


@check("a non-daemon ticker kept the program alive after main's last line; a daemon one was cut off",
       "非守护的 ticker 让程序在主线程最后一行之后继续运行；守护的 ticker 则被直接终止")
def alive_after_main(run):
    end_index, end_t = main_end(run)
    threads = [t for t in run.threads if t.name.startswith("tick-")]
    later = [p for p in ticks(run) if p.index > end_index]
    if run.params["daemon_ticker"]:
        killed = [t.name for t in threads if t.state == "killed"]
        if not killed:
            not_shown(say("every tick came before main's last line: nothing was left to cut off",
                          "每次触发都在主线程最后一行之前：没有什么可终止的"))
        return not later and all(t.state in ("done", "killed") for t in threads), say(
            f"{len(killed)} daemon timers killed when main returned ({', '.join(killed)}); {len(later)} ticks after main's last line",
            f"主线程返回时终止了 {len(killed)} 个守护定时器（{'、'.join(killed)}）；主线程最后一行之后触发了 {len(later)} 次")
    if not later:
        not_shown(say("every tick came before main's last line", "每次触发都在主线程最后一行之前"))
    done = all(t.state == "done" for t in threads)
    return done and run.finished, say(
        f"{len(later)} ticks after main's last line at {end_t:.2f} s, the last at {later[-1].t:.2f} s; "
        f"the program ended at {run.duration:.2f} s",
        f"主线程在 {end_t:.2f} 秒走到最后一行，之后触发了 {len(later)} 次，最后一次在 {later[-1].t:.2f} 秒；"
        f"程序在 {run.duration:.2f} 秒结束")


@answer
def ticks_after_main(run):
    """0: the ticks due after main returned never came; 1: they all came."""
    end_index, _ = main_end(run)
    if any(p.index > end_index for p in ticks(run)):
        return 1
    if any(t.name.startswith("tick-") and t.state == "killed" for t in run.threads):
        return 0
    return None
