# What every run of this lesson must show, whatever its parameters and seed.
import ast

from threadlab import answer, check, not_shown, say


def items(queue, op):
    return [ast.literal_eval(o.item) for o in queue.ops(op)]


def join_op(run):
    jobs = run.object("jobs")
    joins = [o for o in jobs.ops() if o.op in ("join", "queue_join") and o.thread == "MainThread"]
    assert joins, say("main's jobs.join() never returned", "主线程的 jobs.join() 一直没有返回")
    return jobs, joins[0]


@check("each queue gave the numbers back in its own order: FIFO as put, LIFO reversed, Priority smallest first",
       "每种队列按自己的顺序交回数字：FIFO 按放入顺序，LIFO 倒序，优先队列从小到大")
def orders(run):
    wanted = {"fifo": lambda put: put, "lifo": lambda put: put[::-1], "prio": sorted}
    wrong, wrong_zh, shown = [], [], []
    for name, order in wanted.items():
        q = run.object(name)
        put, got = items(q, "put"), items(q, "get")
        shown.append(f"{name} {got}")
        if got != order(put) or len(put) != run.params["items"]:
            wrong.append(f"{name} gave {got} for {put}")
            wrong_zh.append(f"{name} 放入 {put}，交回 {got}")
    return not wrong, say("; ".join(wrong or shown), "；".join(wrong_zh or shown))


@check("jobs.join() returned only once every job was finished, not when the queue became empty",
       "jobs.join() 直到所有任务都完成才返回，而不是队列一空就返回")
def join_waits(run):
    jobs, joined = join_op(run)
    job_s = run.params["job_s"]
    gets = jobs.ops("get")
    assert gets, say("no worker took a job", "没有工作线程取走任务")
    last = max(gets, key=lambda o: o.index)
    early = last.t + job_s - joined.t        # > 0: join returned before the last job could be done
    en = (f"{len(gets)} jobs taken, the last at {last.t:.2f} s; join() returned at {joined.t:.2f} s "
          f"({joined.t - last.t:.2f} s later, a job takes {job_s} s)")
    zh = (f"取走了 {len(gets)} 个任务，最后一个在 {last.t:.2f} 秒；join() 在 {joined.t:.2f} 秒返回"
          f"（晚了 {joined.t - last.t:.2f} 秒，一个任务要 {job_s} 秒）")
    ok = early <= 0.001 and len(gets) == run.params["jobs"]
    if run.mode == "deterministic":
        done = jobs.ops("task_done")
        ok = ok and len(done) == run.params["jobs"] and done[-1].value == 0 and abs(early) <= 0.001
        en += f"; {len(done)} task_done() calls"
        zh += f"；调用了 {len(done)} 次 task_done()"
    return ok, say(en, zh)


@check("put_nowait on a full queue raised queue.Full, get_nowait on an empty one raised queue.Empty",
       "队列满时 put_nowait 抛出 queue.Full，队列空时 get_nowait 抛出 queue.Empty")
def nowait(run):
    # The raises are read from what the program printed: the log has no raise op
    # for queue.Full or queue.Empty of a Python program's Queue.
    box = run.object("box")
    printed = [p.text for p in run.prints if p.thread == "MainThread"]
    full = "put_nowait on a full queue: queue.Full" in printed
    empty = "get_nowait on an empty queue: queue.Empty" in printed
    put, got = items(box, "put"), items(box, "get")
    detail = say(f"box (maxsize {box.initial}) took {put} and gave {got}; "
                 f"queue.Full {'raised' if full else 'not raised'}, queue.Empty {'raised' if empty else 'not raised'}",
                 f"box（maxsize {box.initial}）放入 {put}，交回 {got}；"
                 f"queue.Full {'抛出了' if full else '没有抛出'}，queue.Empty {'抛出了' if empty else '没有抛出'}")
    return full and empty and put == ["first"] and got == ["first"], detail


@check("no worker left its loop on the empty queue: each waited in get() until the program ended",
       "没有工作线程因为队列空了而退出循环：每个都在 get() 里一直等到程序结束")
def workers_wait(run):
    workers = [t for t in run.threads if t.name.startswith("worker-")]
    # The teacher's slider may start workers, and let some leave after a job: those say so.
    changed = any(t.name == "teacher" for t in run.threads)
    left = [t for t in workers if t.state == "done" and changed
            and any(p.thread == t.name and p.text.startswith(f"{t.name} leaves after job ") for p in run.prints)]
    staying = [t for t in workers if t not in left]
    killed = [t for t in staying if t.state == "killed"]
    waiting = [t for t in killed if len(t.states) > 1 and t.states[-2][1] == "waiting" and t.states[-2][2] == "jobs"]
    if changed:
        # Still in the loop too: a worker cut off while it waited for `staff` (held by the
        # teacher's set_workers) to ask whether to leave, or one the teacher started so late
        # that the program ended before its first get().
        joined = join_op(run)[1]
        waiting += [t for t in killed if t not in waiting and
                    ((len(t.states) > 1 and t.states[-2][2] == "staff") or t.states[0][0] >= joined.t)]
    en = f"{len(killed)} of {len(staying)} daemon workers cut off at exit, {len(waiting)} of them waiting in jobs.get()"
    zh = f"{len(staying)} 个守护工作线程中有 {len(killed)} 个在退出时被切断，其中 {len(waiting)} 个正在 jobs.get() 里等待"
    if left:
        en += f"; {len(left)} more left after a job, as the teacher asked"
        zh += f"；另有 {len(left)} 个按 teacher 的要求做完任务后离开"
    detail = say(en, zh)
    expected = len(staying) if changed else run.params["workers"]
    if run.mode == "deterministic":
        return len(waiting) == len(staying) == expected, detail
    return len(killed) == len(staying) == expected, detail


@answer
def when_join_returned(run):
    """0: when the queue became empty; 1: when every job was finished; 2: when the workers ended."""
    jobs, joined = join_op(run)
    last = max(jobs.ops("get"), key=lambda o: o.index)
    if joined.t < last.t + run.params["job_s"] - 0.001:
        return 0
    workers = [t for t in run.threads if t.name.startswith("worker-")]
    if workers and all(t.end_index is not None and t.end_index < joined.index for t in workers):
        return 2
    return 1
