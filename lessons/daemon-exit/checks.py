# What every run of this lesson must show, whatever its parameters and seed.
from threadlab import check, not_shown, say

ALIVE_TEXT = " alive after join(timeout): "


def is_daemon(run, thread):
    """Daemon or not as start() fixed it (the start op carries it in aux)."""
    try:
        starts = run.object(thread.name).ops("start")
    except KeyError:
        starts = []
    return bool(starts[0].aux) if starts else thread.daemon


def program_threads(run):
    """The program's threads, without main and the teacher's thread of a live change."""
    return [t for t in run.threads if t.name not in ("MainThread", "teacher")]


def workers(run):
    return [t for t in program_threads(run) if not is_daemon(run, t)]


def daemons(run):
    return [t for t in program_threads(run) if is_daemon(run, t)]


def main_last_step(run):
    """(t, index) of MainThread's last print or operation: its code ends there."""
    main = run.thread("MainThread")
    steps = [(p.t, p.index) for p in run.prints if p.thread == main.name]
    steps += [(op.t, op.index) for o in run.objects for op in o.ops() if op.thread == main.name]
    # Operations done while the interpreter shuts down (joining the workers) come after that.
    prints = [s for s in steps if s[1] in {p.index for p in run.prints}]
    return max(prints or steps or [(0.0, -1)], key=lambda s: s[1])


@check("every non-daemon thread was waited for and finished", "每个非守护线程都被等到并正常结束")
def workers_done(run):
    ws = workers(run)
    if not ws:
        not_shown(say("no non-daemon workers in this run", "这次运行没有非守护的工作线程"))
    done = [t for t in ws if t.state == "done"]
    return len(done) == len(ws), say(f"{len(done)} of {len(ws)} non-daemon workers done",
                                     f"{len(ws)} 个非守护工作线程中有 {len(done)} 个已结束")


@check("daemons still working at shutdown were killed, the others finished",
       "关闭时仍在工作的守护线程被终止，其余的正常结束")
def daemons_cut_off(run):
    ds = daemons(run)
    if not ds:
        not_shown(say("no daemon threads in this run", "这次运行没有守护线程"))
    ws = workers(run)
    if any(t.end_index is None for t in ws):
        return False, say("no shutdown: a non-daemon thread never ended", "没有关闭：有一个非守护线程一直没有结束")
    # The interpreter shuts down once main's code is over and every worker has ended.
    ends = [(t.end_t, t.end_index) for t in ws] + [main_last_step(run)]
    shutdown_t, shutdown_index = max(ends, key=lambda e: e[1])
    # A daemon may still finish between the last worker's end and the moment it is cut off.
    slack = 0.0 if run.mode == "deterministic" else 0.05
    finished, killed, wrong = [], [], []
    for t in ds:
        if t.state == "done" and t.end_t <= shutdown_t + slack:
            finished.append(t.name)
        elif t.state == "killed" and t.end_index > shutdown_index:
            killed.append(t.name)
        else:
            wrong.append(f"{t.name} {t.state}")
    en = (f"{len(ds)} daemons: {len(finished)} finished before shutdown, "
          f"{len(killed)} killed at shutdown ({shutdown_t:.3f} s)")
    zh = (f"{len(ds)} 个守护线程：{len(finished)} 个在关闭前结束，"
          f"{len(killed)} 个在关闭时被终止（{shutdown_t:.3f} 秒）")
    if wrong:
        en += "; otherwise: " + ", ".join(wrong)
        zh += "；其他情况：" + "、".join(wrong)
    return not wrong, say(en, zh)


@check("is_alive() after join(timeout) matched the thread's real state",
       "join(timeout) 之后 is_alive() 的回答与线程的真实状态相符")
def is_alive_answer(run):
    names = {t.name for t in program_threads(run)}
    joins = sorted((op for name in names
                    for op in run.object(name).ops("join") if op.thread == "MainThread"),
                   key=lambda op: op.index)
    if not joins:
        if not names:
            not_shown(say("no threads, so nothing to join", "没有线程，所以没有可 join 的"))
        return False, say("MainThread never joined a thread", "MainThread 从未 join 过任何线程")
    join = joins[0]
    answers = [p for p in run.prints if p.thread == "MainThread" and p.index > join.index
               and ALIVE_TEXT in p.text]
    if not answers:
        return False, say("the is_alive() answer is missing from the output", "输出里没有 is_alive() 的回答")
    answer = answers[0].text.split(ALIVE_TEXT, 1)[1]
    joined = run.thread(join.object)
    ended_at_join = joined.end_index is not None and joined.end_index < join.index
    ended_at_answer = joined.end_index is not None and joined.end_index < answers[0].index
    if answer == "True":
        ok = not ended_at_join
    elif answer == "False":
        ok = ended_at_answer
    else:
        return False, say(f"is_alive() printed {answer!r}", f"is_alive() 打印了 {answer!r}")
    at_join = "had ended" if ended_at_join else "was still running"
    at_answer = "had ended" if ended_at_answer else "was still running"
    at_join_zh = "已经结束" if ended_at_join else "仍在运行"
    at_answer_zh = "已经结束" if ended_at_answer else "仍在运行"
    return ok, say(f"{joined.name}: is_alive() said {answer}; when join returned the thread {at_join}, "
                   f"when the answer was printed it {at_answer}",
                   f"{joined.name}：is_alive() 回答 {answer}；join 返回时该线程{at_join_zh}，"
                   f"打印回答时它{at_answer_zh}")
