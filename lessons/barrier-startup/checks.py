# What every run of this lesson must show, whatever its parameters and seed.
from threadlab import check, not_shown, say

SERVICE_LINE = "all tasks ready: service starting"
# Work units of the tasks, as in ALL_TASKS in program.py.
UNITS = [1, 3, 2, 5, 4, 7, 6, 2.5]


def barrier(run):
    found = run.listed_objects("Barrier")
    assert found, say("the program made no threading.Barrier", "程序没有创建 threading.Barrier")
    return found[0]


def tasks(run):
    """The start-up threads, in the order they were made."""
    return [t for t in run.threads if t.name != "MainThread"]


def work_end(thread):
    """When the thread's start-up work (its sleep) ended; None if it never did."""
    end = None
    for i, (t, state, _, _) in enumerate(thread.states):
        if state == "sleeping" and i + 1 < len(thread.states):
            end = thread.states[i + 1][0]
    return end


def broken(run, b):
    return any(op.op == "abort" or (op.op == "raise" and "BrokenBarrierError" in op.error)
               for op in b.ops())


def seconds(t):
    return f"{t:.3f} s"


def seconds_zh(t):
    return f"{t:.3f} 秒"


@check("no task passed the barrier before the last one arrived",
       "最后一个任务到达之前，没有任何任务通过屏障")
def nobody_passes_early(run):
    b = barrier(run)
    passes = [op for op in b.ops("wait") if op.ok]
    if not passes:
        if broken(run, b):
            not_shown(say("the barrier broke, so no task passed it", "屏障破损了，所以没有任务通过它"))
        return False, say("no task passed and the barrier did not break", "没有任务通过，屏障也没有破损")
    ends = {t.name: work_end(t) for t in tasks(run)}
    unfinished = [name for name, end in ends.items() if end is None]
    if unfinished:
        return False, say(f"{len(passes)} passed although {', '.join(unfinished)} never finished its work",
                          f"{'、'.join(unfinished)} 一直没有完成工作，却有 {len(passes)} 个任务通过了")
    last = max(ends.values())
    early = [op for op in passes if op.t < last]
    first = min(op.t for op in passes)
    en = (f"{len(passes)} passed, the first at {seconds(first)}; "
          f"the last task finished its work at {seconds(last)}")
    zh = (f"{len(passes)} 个通过，第一个在 {seconds_zh(first)}；"
          f"最后一个任务在 {seconds_zh(last)}完成工作")
    if early:
        en += "; passed early: " + ", ".join(op.thread for op in early)
        zh += "；提前通过的：" + "、".join(op.thread for op in early)
    return not early, say(en, zh)


@check("all tasks passed together, or the barrier broke for every waiter",
       "要么所有任务一起通过，要么屏障对每个等待者都破损了")
def all_or_none(run):
    b = barrier(run)
    names = [t.name for t in tasks(run)]
    passed = {op.thread for op in b.ops("wait") if op.ok}
    got_error = {op.thread for op in b.ops("raise") if "BrokenBarrierError" in op.error}
    waited = passed | got_error | {t.name for t in tasks(run)
                                   if any(s == "waiting" and o == b.name for _, s, o, _ in t.states)}
    starts = sum(1 for p in run.prints if p.text == SERVICE_LINE)
    if not broken(run, b):
        return (len(names) > 0 and passed == set(names) and starts == 1,
                say(f"{len(passed)} of {len(names)} tasks passed; the service started {starts} time(s)",
                    f"{len(names)} 个任务中有 {len(passed)} 个通过；服务启动了 {starts} 次"))
    ok = not passed and got_error == waited and starts == 0
    return ok, say(f"barrier broken: {len(got_error)} of {len(waited)} waiters got BrokenBarrierError, "
                   f"{len(passed)} passed; the service {'did not start' if starts == 0 else 'started anyway'}",
                   f"屏障破损：{len(waited)} 个等待者中有 {len(got_error)} 个收到 BrokenBarrierError，"
                   f"{len(passed)} 个通过；服务{'没有启动' if starts == 0 else '照样启动了'}")


@check("the outcome matches the settings", "结果与参数设置相符")
def outcome(run):
    b = barrier(run)
    count = run.params["tasks"]
    fail_task = run.params["fail_task"]
    timeout = run.params["timeout_s"]
    is_broken = broken(run, b)
    result = "the barrier broke" if is_broken else "the barrier held"
    result_zh = "屏障破损了" if is_broken else "屏障完好"
    if 1 <= fail_task <= count:
        failing = tasks(run)[fail_task - 1].name
        aborted = any(op.thread == failing for op in b.ops("abort"))
        return (is_broken and aborted,
                say(f"task {fail_task} ({failing}) {'aborted' if aborted else 'did not abort'}; {result}",
                    f"任务 {fail_task}（{failing}）{'调用了 abort()' if aborted else '没有调用 abort()'}；{result_zh}"))
    if timeout <= 0:
        return not is_broken, say(f"no failure and no timeout; {result}", f"没有失败，也没有超时；{result_zh}")
    # With a timeout the barrier breaks exactly when the last task arrives
    # later than the first waiter's deadline. Measured, not computed from
    # the settings: in free mode threads start and wake a little late.
    waits = [t for th in tasks(run) for t, s, o, _ in th.states if s == "waiting" and o == b.name]
    ends = [work_end(th) for th in tasks(run)]
    if not waits:
        return False, say(f"no task waited at the barrier; {result}", f"没有任务在屏障处等待；{result_zh}")
    first_deadline = min(waits) + timeout
    last = max(end for end in ends if end is not None) if all(e is not None for e in ends) else None
    if last is None:
        # The run was cut short before every task finished its work.
        return is_broken, say(f"a task never finished its work; {result}", f"有任务一直没有完成工作；{result_zh}")
    late_by = last - first_deadline
    close = 1e-6 if run.mode == "deterministic" else 0.05
    when_zh = f"晚了 {late_by:.3f} 秒" if late_by >= 0 else f"早了 {-late_by:.3f} 秒"
    detail = say(f"the last task arrived {late_by:+.3f} s after the first waiter's deadline; {result}",
                 f"最后一个任务比第一个等待者的截止时间{when_zh}到达；{result_zh}")
    if abs(late_by) <= close:
        not_shown(say(f"the last arrival and the first deadline are {abs(late_by):.3f} s apart: "
                      "either outcome is right",
                      f"最后一个到达与第一个截止时间只差 {abs(late_by):.3f} 秒：两种结果都对"))
    return is_broken == (late_by > 0), detail
