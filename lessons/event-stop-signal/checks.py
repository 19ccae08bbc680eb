# What every run of this lesson must show, whatever its parameters and seed.
import re

from threadlab import answer, check, not_shown, say

FIRST = re.compile(r"main: stop\.wait\(.*\) returned (True|False) after ([0-9.]+) s, is_set\(\) = (True|False)")


def main_waits(run):
    return [op for op in run.object("stop").ops("wait") if op.thread == "MainThread"]


def set_op(run):
    sets = run.object("stop").ops("set")
    assert sets, say("nobody called stop.set()", "没有人调用 stop.set()")
    return sets[0]


def first_wait(run):
    """main's stop.wait(WAIT_S): the op, the elapsed time it printed and is_set() after it."""
    waits = main_waits(run)
    assert waits, say("main never called stop.wait()", "主线程从未调用 stop.wait()")
    lines = [m for m in (FIRST.match(line) for line in run.output) if m]
    assert lines, say("main did not print what stop.wait(WAIT_S) returned", "主线程没有打印 stop.wait(WAIT_S) 的返回值")
    got, elapsed, flag = lines[0].groups()
    return waits[0], got == "True", float(elapsed), flag == "True"


@check("stop.wait(timeout) returned False when the time ran out first, True as soon as the flag was up",
       "stop.wait(timeout) 先超时就返回 False，标志一设置就立刻返回 True")
def wait_result(run):
    wait_s, run_s = run.params["wait_s"], run.params["run_s"]
    if run.mode == "deterministic" and abs(wait_s - run_s) < 0.001:
        not_shown(say(f"the timeout ({wait_s} s) and the set() ({run_s} s) come at the same instant",
                      f"超时（{wait_s} 秒）和 set()（{run_s} 秒）发生在同一时刻"))
    op, got, elapsed, flag = first_wait(run)
    flag_t = set_op(run).t
    en = f"stop.wait({wait_s}) returned {got} after {elapsed:.2f} s, is_set() = {flag}; set() at {flag_t:.2f} s"
    zh = f"stop.wait({wait_s}) 在 {elapsed:.2f} 秒后返回 {got}，is_set() = {flag}；set() 在 {flag_t:.2f} 秒"
    detail = say(en, zh)
    if got != op.ok:
        return False, say(en + f"; but the log says it returned {op.ok}", zh + f"；但日志显示它返回的是 {op.ok}")
    began = op.t - elapsed               # when main started to wait
    if run.mode == "deterministic":
        # Virtual time: exactly the timeout, or exactly the moment of set().
        if wait_s < run_s:
            return not got and not flag and abs(elapsed - wait_s) < 0.006, detail
        return got and flag and abs(op.t - flag_t) < 0.001, detail
    # Free mode: whichever came first in this run, the result must fit it.
    if not got:
        # Timed out: it waited its whole timeout, and the flag went up only later.
        return elapsed >= wait_s - 0.005 and flag_t >= began + wait_s - 0.01, detail
    return flag_t <= op.t + 1.0 and flag, detail


@check("every worker stopped within one step of stop.set()", "每个工作线程都在 stop.set() 之后一步之内停下")
def workers_stop(run):
    workers = [t for t in run.threads if t.name.startswith("worker-")]
    # The teacher's slider may send workers home before the flag: they say "went home".
    changed = any(t.name == "teacher" for t in run.threads)
    home = [t for t in workers if changed and t.state == "done"
            and any(p.thread == t.name and p.text.startswith(f"{t.name} went home after ") for p in run.prints)]
    workers = [t for t in workers if t not in home]
    if not workers:
        not_shown(say("this run has no workers" + (f" left ({len(home)} went home)" if home else ""),
                      "这次运行没有工作线程" + (f"留到最后（{len(home)} 个下班了）" if home else "")))
    flag_t = set_op(run).t
    step = run.params["step_s"]
    wrong, wrong_zh, lags = [], [], []
    for t in workers:
        if t.state != "done":
            wrong.append(f"{t.name} {t.state}")
            wrong_zh.append(f"{t.name} {t.state}")
            continue
        lags.append(t.end_t - flag_t)
        # Steps begun after set(): none, or one that began as the flag went up.
        later = [s for s in t.states if s[1] == "sleeping" and s[0] > flag_t]
        if run.mode == "deterministic" and not -0.001 <= t.end_t - flag_t <= step + 0.001:
            wrong.append(f"{t.name} ended {t.end_t - flag_t:+.2f} s after set()")
            wrong_zh.append(f"{t.name} 在 set() 之后 {t.end_t - flag_t:+.2f} 秒才结束")
        elif len(later) > 1:
            wrong.append(f"{t.name} began {len(later)} steps after set()")
            wrong_zh.append(f"{t.name} 在 set() 之后又开始了 {len(later)} 步")
    slowest = max(lags, default=0.0)
    en = (f"{len(workers) - len(wrong)} of {len(workers)} workers ended within one step ({step} s) of set()"
          f" (slowest {slowest:.2f} s)")
    zh = (f"{len(workers)} 个工作线程中有 {len(workers) - len(wrong)} 个在 set() 之后一步（{step} 秒）之内结束"
          f"（最慢 {slowest:.2f} 秒）")
    if home:
        en += f"; {len(home)} more went home before it, as the teacher asked"
        zh += f"；另有 {len(home)} 个在此之前按 teacher 的要求下班了"
    if wrong:
        en += "; " + ", ".join(wrong[:4])
        zh += "；" + "、".join(wrong_zh[:4])
    return not wrong, say(en, zh)


@check("after clear() the flag was down: the next wait timed out and returned False",
       "clear() 之后标志放下了：下一次 wait 超时并返回 False")
def cleared(run):
    stop = run.object("stop")
    clears = stop.ops("clear")
    assert clears, say("main never called stop.clear()", "主线程从未调用 stop.clear()")
    after = [op for op in main_waits(run) if op.index > clears[-1].index]
    assert after, say("main did not wait on stop after clear()", "clear() 之后主线程没有在 stop 上等待")
    said = [p.text for p in run.prints if p.thread == "MainThread"]   # (not a late teacher's line)
    last = said[-1] if said else ""
    return (not after[-1].ok and "is_set() = False" in last,
            say(f"wait after clear() returned {after[-1].ok}; main printed: {last}",
                f"clear() 之后的 wait 返回 {after[-1].ok}；主线程打印：{last}"))


@answer
def what_wait_returned(run):
    """0: True after the whole timeout; 1: False after the timeout; 2: True early, when set() came."""
    op, got, elapsed, _ = first_wait(run)
    if not got:
        return 1
    wait_s = run.params["wait_s"]
    if abs(elapsed - wait_s) < 0.005:
        return None                      # True at the very end of the timeout: the flag went up then
    return 2 if elapsed < wait_s else 0
