# What every run of this lesson must show, whatever its parameters and seed.
import re

from threadlab import answer, check, not_shown, say

STOPPED = re.compile(r"(worker-\d+) saw the flag and stopped after (\d+) steps")
COLLECTED = re.compile(r"main: collected from (\S+): (.*)")
LAST = "error(s) collected; sys.exit() in quitter did not end main"


def workers(run):
    return [t for t in run.threads if t.name.startswith("worker-")]


def sent_home(run):
    """The workers the teacher's slider sent home before the flag (each says "went home")."""
    if not any(t.name == "teacher" for t in run.threads):
        return set()
    return {p.thread for p in run.prints if p.text.startswith(f"{p.thread} went home after ")}


def set_op(run):
    sets = run.object("stop").ops("set")
    assert sets, say("main never raised the kill flag (stop.set())", "主线程从未设置结束标志（stop.set()）")
    return sets[0]


def failing(run):
    """The worker meant to raise, or None when the parameters name no worker."""
    n = run.params["failing"]
    if sent_home(run) or any(t.name == "teacher" for t in run.threads):   # the teacher may have started it
        return f"worker-{n}" if any(t.name == f"worker-{n}" for t in workers(run)) else None
    return f"worker-{n}" if 0 <= n < run.params["workers"] else None


def fails_before_flag(run):
    """True when the failing worker surely reaches its step before the flag, False when surely not, None near a tie."""
    fail_t = (run.params["fail_step"] - 1) * run.params["step_s"]
    margin = 1e-6 if run.mode == "deterministic" else 0.05 + 0.1 * run.params["run_s"]
    if fail_t < run.params["run_s"] - margin:
        return True
    if fail_t > run.params["run_s"] + margin:
        return False
    return None


def went_on(run, others):
    """The other workers that kept going until they saw the flag (each prints so as it stops)."""
    said = stop_lines(run)
    return [w.name for w in others if w.state == "done" and w.name in said]


def stop_lines(run):
    return {m.group(1): int(m.group(2)) for p in run.prints if not p.stderr for m in STOPPED.finditer(p.text)}


@check("the kill flag stopped every worker that was still running, within one step",
       "结束标志让每个还在运行的工作线程在一步之内停了下来")
def flag_stops(run):
    flag = set_op(run)
    step = run.params["step_s"]
    said = stop_lines(run)
    bad, bad_zh, lags = [], [], []
    home = sent_home(run)
    for t in workers(run):
        if t.state == "failed" or (t.name in home and t.state == "done"):
            continue                 # (sent home by the teacher: it ended before the flag, on purpose)
        if t.state != "done" or t.name not in said:
            bad.append(f"{t.name} {t.state}, printed no stop line" if t.name not in said else f"{t.name} {t.state}")
            bad_zh.append(f"{t.name} {t.state}，没有打印停止的那一行" if t.name not in said else f"{t.name} {t.state}")
            continue
        lag = t.end_t - flag.t
        lags.append(lag)
        late = [s for s in t.states if s[1] == "sleeping" and s[0] > flag.t]
        if run.mode == "deterministic" and not -1e-6 <= lag <= step + 1e-6:
            bad.append(f"{t.name} ended {lag:+.3f} s after the flag")
            bad_zh.append(f"{t.name} 在标志设置之后 {lag:+.3f} 秒才结束")
        elif len(late) > 1:
            bad.append(f"{t.name} began {len(late)} steps after the flag")
            bad_zh.append(f"{t.name} 在标志设置之后又开始了 {len(late)} 步")
    slowest = max(lags, default=0.0)
    en = f"{len(lags)} worker(s) stopped, the slowest {slowest:.2f} s after the flag (step {step} s)"
    zh = f"{len(lags)} 个工作线程停了下来，最慢的在标志设置之后 {slowest:.2f} 秒（每步 {step} 秒）"
    if bad:
        en += "; " + ", ".join(bad[:4])
        zh += "；" + "、".join(bad_zh[:4])
    return not bad, say(en, zh)


@check("the worker that raised died alone: its traceback was printed and the others went on",
       "抛出异常的工作线程独自死掉：打印了它的 traceback，其他线程照常运行")
def dies_alone(run):
    name = failing(run)
    if name is None:
        not_shown(say(f"FAILING = {run.params['failing']} names no worker of {run.params['workers']}",
                      f"FAILING = {run.params['failing']} 不是 {run.params['workers']} 个工作线程中的任何一个"))
    t = run.thread(name)
    expected = fails_before_flag(run)
    step = run.params['fail_step']
    if t.state != "failed":
        if t.name in sent_home(run):
            not_shown(say(f"the teacher sent {name} home before its step {step}",
                          f"{name} 走到第 {step} 步之前，teacher 就让它下班了"))
        if expected is True:
            return False, say(f"{name} should have raised at step {step} but ended {t.state}",
                              f"{name} 本应在第 {step} 步抛出异常，却以 {t.state} 结束")
        not_shown(say(f"the flag went up before {name} reached step {step}",
                      f"{name} 走到第 {step} 步之前，标志就已经设置了"))
    tb = [p for p in run.prints if p.stderr and f"ValueError: {name} broke at step" in p.text]
    head = [p for p in run.prints if p.stderr and f"Exception in thread {name}" in p.text]
    others = [w for w in workers(run) if w.name != name and w.name not in sent_home(run)]
    going = went_on(run, others)
    detail = say(f"{name} failed at {t.end_t:.2f} s; traceback printed: {bool(tb and head)}; "
                 f"{len(going)} of {len(others)} other worker(s) went on until the flag; main finished: {run.finished}",
                 f"{name} 在 {t.end_t:.2f} 秒出错；打印了 traceback：{bool(tb and head)}；"
                 f"其他 {len(others)} 个工作线程中有 {len(going)} 个一直运行到标志设置；主线程正常结束：{run.finished}")
    return bool(tb and head) and len(going) == len(others) and run.finished, detail


@check("main collected the error with its own threading.excepthook",
       "主线程用自己的 threading.excepthook 收集到了这个错误")
def collected(run):
    got = [m.groups() for m in (COLLECTED.match(line) for line in run.output) if m]
    hooked = [(n, e) for n, e in run.exceptions if not e.startswith("SystemExit")]
    if not hooked and not got:
        not_shown(say("no thread raised in this run", "这次运行中没有线程抛出异常"))
    return sorted(got) == sorted(hooked), say(f"main collected {got}; the hook saw {hooked}",
                                              f"主线程收集到 {got}；钩子看到 {hooked}")


@check("sys.exit() in a thread ended only that thread, quietly",
       "线程里的 sys.exit() 只结束了这个线程，而且不打印错误")
def exit_in_thread(run):
    q = run.thread("quitter")
    never = any("never reached" in line for line in run.output)
    noisy = [p.text for p in run.prints if p.stderr and "SystemExit" in p.text]
    last = [line for line in run.output if LAST in line]
    detail = say(f"quitter ended {q.state}; its last line printed: {never}; SystemExit on stderr: {bool(noisy)}; "
                 f"main's last line printed: {bool(last)}; exit status {run.exit_status}",
                 f"quitter 以 {q.state} 结束；打印了它的最后一行：{never}；stderr 上有 SystemExit：{bool(noisy)}；"
                 f"打印了主线程的最后一行：{bool(last)}；退出状态 {run.exit_status}")
    return q.state in ("done", "failed") and not never and not noisy and bool(last) and run.exit_status == 0, detail


@check("main's join(1) loop ended only when no thread was alive",
       "主线程的 join(1) 循环直到没有线程活着才结束")
def joined_all(run):
    last = [p for p in run.prints if not p.stderr and LAST in p.text]
    assert last, say("main never printed its last line", "主线程没有打印最后一行")
    ends = [t.end_index for t in workers(run) + [run.thread("quitter")]]
    if None in ends:
        return False, say("a thread never ended", "有一个线程一直没有结束")
    return max(ends) < last[-1].index, say(f"{len(ends)} threads ended before main's last line",
                                           f"{len(ends)} 个线程在主线程的最后一行之前结束")


@answer
def what_happened(run):
    """0: the program stopped; 1: worker-2 died silently; 2: traceback printed, the others went on."""
    name = failing(run)
    if name is None or run.thread(name).state != "failed":
        return None
    t = run.thread(name)
    others = [w for w in workers(run) if w.name != name and w.name not in sent_home(run)]
    if len(went_on(run, others)) < len(others) or not run.finished:
        return 0
    printed = any(p.stderr and f"Exception in thread {name}" in p.text for p in run.prints)
    return 2 if printed else 1
