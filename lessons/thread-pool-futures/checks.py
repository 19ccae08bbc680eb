# What every run of this lesson must show, whatever its parameters and seed.
from threadlab import check, not_shown, say

SHUTDOWN_REPORT = "after shutdown: "


# The futures of each part of the program are found by where they were
# submitted: before MainThread's "serial:" line, between it and "parallel:",
# and so on; the last batch is the last TASKS submits, just before shutdown.


def submits(run):
    found = run.listed_objects("ThreadPoolExecutor") or [o for o in run.objects if o.kind == "ThreadPoolExecutor"]
    assert found, say("the program made no ThreadPoolExecutor", "程序没有创建 ThreadPoolExecutor")
    return [op for op in found[0].ops("submit") if op.ok]


def future_of(run, submit):
    return run.objects[submit.aux]


def main_print(run, prefix):
    for p in run.prints:
        if p.thread == "MainThread" and p.text.startswith(prefix):
            return p
    return None


def between(run, first, last):
    """Futures submitted after print `first` (or the start) and before print `last`."""
    lo = first.index if first else -1
    hi = last.index if last else float("inf")
    return [future_of(run, s) for s in submits(run) if lo < s.index < hi]


def states(future):
    return [op for op in future.ops() if op.op in ("pending", "running", "finished", "cancelled")]


def ran(future):
    return any(op.op == "running" for op in future.ops())


def most_at_once(futures):
    """The most of `futures` running at the same time, in the log's order."""
    changes = []
    for f in futures:
        ops = states(f)
        starts = [op.index for op in ops if op.op == "running"]
        ends = [op.index for op in ops if op.op in ("finished", "cancelled")]
        if starts:
            changes.append((starts[0], 1))
            changes.append((ends[0] if ends else float("inf"), -1))
    running = most = 0
    for _, d in sorted(changes):
        running += d
        most = max(most, running)
    return most


def workers_started_before(run, index):
    return sum(1 for t in run.threads if t.name != "MainThread"
               for op in run.object(t.name).ops("start") if op.index < index)


@check("submit().result() in the loop ran one task at a time", "在循环里 submit().result() 一次只跑一个任务")
def serial(run):
    tasks = run.params["tasks"]
    report = main_print(run, "serial:")
    if report is None:
        return False, say("MainThread never printed the serial time", "MainThread 没有打印串行用时")
    fs = between(run, None, report)
    most = most_at_once(fs)
    count = sum(ran(f) for f in fs)
    workers = workers_started_before(run, report.index)
    return (len(fs) == tasks and count == tasks and most == 1,
            say(f"{count} of {tasks} tasks ran, at most {most} at once; "
                f"{workers} worker thread(s) started by then",
                f"{tasks} 个任务中运行了 {count} 个，同时最多 {most} 个；"
                f"此时已启动 {workers} 个工作线程"))


def worker_limit(run):
    """max_workers, or the highest a teacher set while the program ran."""
    return max([run.params["max_workers"]] + [new for _, _, new in run.changes("max_workers")])


@check("submitting all first ran the tasks side by side, never more than max_workers",
       "先全部提交再取结果，任务并排运行，但从不超过 max_workers 个")
def parallel(run):
    tasks, workers = run.params["tasks"], worker_limit(run)
    fs = between(run, main_print(run, "serial:"), main_print(run, "parallel:"))
    most = most_at_once(fs)
    count = sum(ran(f) for f in fs)
    en = f"{count} of {tasks} tasks ran, at most {most} at once with max_workers={workers}"
    zh = f"{tasks} 个任务中运行了 {count} 个，max_workers={workers} 时同时最多 {most} 个"
    detail = say(en, zh)
    if len(fs) != tasks or count != tasks or most > workers:
        return False, detail
    if min(tasks, workers) < 2:
        return most == 1, detail
    if most < 2:
        if run.mode != "deterministic":
            not_shown(say(en + ": the downloads were too short to overlap on this machine",
                          zh + "：在这台机器上下载太短，没能重叠"))
        return False, detail
    return True, detail


@check("every future went PENDING -> RUNNING -> FINISHED or PENDING -> CANCELLED",
       "每个 Future 都是 PENDING -> RUNNING -> FINISHED，或 PENDING -> CANCELLED")
def transitions(run):
    fs = [future_of(run, s) for s in submits(run)]
    finished = cancelled = 0
    bad = bad_zh = ""
    for f in fs:
        seq = [op.op for op in states(f)]
        if seq == ["pending", "running", "finished"]:
            finished += 1
        elif seq == ["pending", "cancelled"]:
            cancelled += 1
        elif not bad:
            bad = f"; {f.name} went " + (" -> ".join(seq) or "nowhere")
            bad_zh = f"；{f.name} 的经过是 " + (" -> ".join(seq) or "（没有任何状态）")
    return (bool(fs) and not bad,
            say(f"{len(fs)} futures: {finished} finished, {cancelled} cancelled{bad}",
                f"{len(fs)} 个 Future：{finished} 个完成，{cancelled} 个被取消{bad_zh}"))


@check("cancel() succeeded only for tasks no worker had taken, and cancelled tasks never ran",
       "cancel() 只对还没有线程接手的任务成功，被取消的任务从未运行")
def cancel(run):
    fs = [future_of(run, s) for s in submits(run)]
    cancelled = [f for f in fs if any(op.op == "cancelled" for op in f.ops())]
    ran_anyway = [f.name for f in cancelled if ran(f)]
    en = f"{len(cancelled)} futures cancelled, {len(ran_anyway)} of them ran anyway"
    zh = f"{len(cancelled)} 个 Future 被取消，其中 {len(ran_anyway)} 个仍然运行了"
    report = main_print(run, "cancelled:")
    if run.params["cancel"]:
        if report is None:
            return False, say(en + "; MainThread never printed how many it cancelled",
                              zh + "；MainThread 没有打印它取消了多少个")
        said = int(report.text.split(":", 1)[1])
        # The batch that cancel() was called on: submitted after the map line, before the report.
        batch = between(run, main_print(run, "map:"), report)
        by_cancel = [f for f in batch if f in cancelled]
        en += f"; cancel() returned True {said} times, {len(by_cancel)} of the batch of {len(batch)} ended cancelled"
        zh += f"；cancel() 返回 True {said} 次，这一批 {len(batch)} 个中有 {len(by_cancel)} 个以取消告终"
        return not ran_anyway and said == len(by_cancel), say(en, zh)
    return not ran_anyway, say(en, zh)


@check("the failing task's exception stayed in its future until result() raised it in MainThread",
       "失败任务的异常一直存在 Future 里，直到 MainThread 调用 result() 才抛出")
def exception(run):
    fs = [future_of(run, s) for s in submits(run)]
    failed = [(f, op) for f in fs for op in f.ops("finished") if not op.ok]
    hooks = len(run.exceptions)
    if not run.params["fail"]:
        return (not failed and hooks == 0,
                say(f"tasks that raised: {len(failed)}; {hooks} excepthook reports",
                    f"抛出异常的任务：{len(failed)} 个；excepthook 报告了 {hooks} 次"))
    report = main_print(run, "result() raised:")
    en = f"tasks that raised: {len(failed)}"
    zh = f"抛出异常的任务：{len(failed)} 个"
    if failed:
        en += f" ({failed[0][1].error})"
        zh += f"（{failed[0][1].error}）"
    surfaced = report is not None and len(failed) == 1 and report.index > failed[0][1].index
    en += "; MainThread's result() raised it" if surfaced else "; no result() in MainThread raised it"
    zh += "；由 MainThread 的 result() 抛出" if surfaced else "；MainThread 中没有哪次 result() 抛出它"
    # Nothing printed between the task failing and result(): the worker kept it quiet.
    quiet = not failed or not [p for p in run.prints if p.stderr and p.index > failed[0][1].index]
    return len(failed) == 1 and surfaced and hooks == 0 and quiet, say(en + f"; {hooks} excepthook reports",
                                                                        zh + f"；excepthook 报告了 {hooks} 次")


@check("shutdown() honoured wait and cancel_futures", "shutdown() 遵守了 wait 和 cancel_futures 参数")
def shutdown(run):
    tasks = run.params["tasks"]
    wait_flag, cancel_futures = run.params["shutdown_wait"], run.params["cancel_futures"]
    report = main_print(run, SHUTDOWN_REPORT)
    last = [future_of(run, s) for s in submits(run)[-tasks:]]
    if report is None or len(last) != tasks:
        return False, say("no shutdown() report in the output", "输出里没有 shutdown() 的报告")
    done_before = sum(1 for f in last if any(op.op in ("finished", "cancelled") and op.index < report.index
                                             for op in f.ops()))
    cancelled = [f for f in last if any(op.op == "cancelled" for op in f.ops())]
    by_shutdown = [f for f in cancelled if all(op.thread == "MainThread" for op in f.ops("cancelled"))]
    finished_ran = [f for f in last if ran(f) and f.ops("finished")]
    accounted = len(finished_ran) + len(cancelled) == tasks and not any(ran(f) for f in cancelled)
    said = int(report.text[len(SHUTDOWN_REPORT):].split()[0])
    wait_ok = not wait_flag or (done_before == tasks and said == tasks)
    cancel_ok = len(by_shutdown) == len(cancelled) if cancel_futures else not cancelled
    return (wait_ok and accounted and cancel_ok,
            say(f"wait={wait_flag}: {said} of {tasks} done when it returned; "
                f"cancel_futures={cancel_futures}: {len(cancelled)} cancelled, {len(finished_ran)} ran and finished",
                f"wait={wait_flag}：返回时 {tasks} 个中已完成 {said} 个；"
                f"cancel_futures={cancel_futures}：{len(cancelled)} 个被取消，{len(finished_ran)} 个运行并完成"))
