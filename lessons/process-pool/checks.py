# What every run of this lesson must show, whatever its parameters and seed.
# The Pool and the ProcessPoolExecutor are both objects of kind Pool: the
# Pool is the one that was closed, terminated or joined, the executor the one
# tasks were submit()ted to. Their `spawn` ops name the worker processes'
# threads (ForkPoolWorker-N, ForkProcess-N); every other thread is in the
# parent. Pool.apply() and apply_async() make a Future each (pending when
# called, finished when its result is back in the parent); a worker's task
# runs from the moment it stops waiting for work until it prints
# "NAME has K items".
from threadlab import answer, check, not_shown, say

WAITS = ("io", "waiting", "blocked", "sleeping")


def pools(run):
    found = run.listed_objects("Pool")
    pool = [p for p in found if p.ops("close") or p.ops("terminate") or p.ops("join")]
    executor = [p for p in found if p.ops("submit")]
    assert pool and executor, say("the program made no multiprocessing.Pool or no ProcessPoolExecutor",
                                  "程序没有创建 multiprocessing.Pool 或 ProcessPoolExecutor")
    return pool[0], executor[0]


def workers(pool):
    return [op.other for op in pool.ops("spawn") if op.ok]


def main_print(run, prefix):
    for p in run.prints:
        if p.thread == "MainThread" and p.text.startswith(prefix):
            return p
    return None


def items(p):
    """K of a "NAME has K items" line, or None."""
    words = p.text.split()
    if len(words) == 4 and words[1] == "has" and words[3] == "items" and words[2].isdigit():
        return int(words[2])
    return None


def pool_futures(run):
    """(apply futures, apply_async futures), each in the order they were made."""
    _, executor = pools(run)
    by_executor = {run.objects[s.aux].name for s in executor.ops("submit") if s.ok}
    report = main_print(run, "apply:")
    assert report is not None, say("MainThread never printed the apply() time", "MainThread 没有打印 apply() 的用时")
    made = []
    for o in run.objects:
        if o.kind == "Future" and o.name not in by_executor and o.ops("pending"):
            made.append((o.ops("pending")[0].index, o))
    made.sort(key=lambda m: m[0])
    return [o for i, o in made if i < report.index], [o for i, o in made if i > report.index]


def done_at(future):
    ends = future.ops("finished")
    return ends[0] if ends else None


def tasks_of(run, names, after=None, before=None):
    """The tasks the named workers reported, as (worker, start t, end t, K), between two prints' times."""
    out = []
    for name in names:
        thread = run.thread(name)
        previous = None
        for p in run.prints:
            if p.thread != name or items(p) is None:
                continue
            # Its start: the first state after the last wait before the report.
            start = thread.states[0][0] if thread.states else p.t
            for i, (t, state, _, _) in enumerate(thread.states):
                if t > p.t:
                    break
                if state in WAITS and i + 1 < len(thread.states):
                    start = thread.states[i + 1][0]
            if previous is not None:
                start = max(start, previous)
            previous = p.t
            # By time, not by index: in free mode each process sends its own
            # stream, and the merged log may place a worker's line late.
            if (after is None or p.t > after.t) and (before is None or p.t < before.t):
                out.append((name, start, p.t, items(p)))
    return out


def most_at_once(tasks):
    changes = sorted([(s, 1) for _, s, _, _ in tasks] + [(e, -1) for _, _, e, _ in tasks],
                     key=lambda c: (c[0], c[1]))
    running = most = 0
    for _, d in changes:
        running += d
        most = max(most, running)
    return most


def parent_callbacks(run):
    """Indexes of the callbacks that ran in the parent, and how many ran in a worker process."""
    pool, executor = pools(run)
    children = set(workers(pool)) | set(workers(executor))
    _, async_futures = pool_futures(run)
    calls = [op for f in async_futures for op in f.ops("finished") if op.ok]   # Pool: callback= runs with the result
    calls += [op for s in executor.ops("submit") if s.ok for op in run.objects[s.aux].ops("callback") if op.ok]
    return sorted(op.index for op in calls if op.thread not in children), sum(op.thread in children for op in calls)


@check("apply() ran one task at a time: each call waited for its task before the next began",
       "apply() 一次只跑一个任务：每次调用都等任务做完，下一次才开始")
def apply_one_at_a_time(run):
    tasks = run.params["tasks"]
    pool, _ = pools(run)
    futures, _ = pool_futures(run)
    reports = tasks_of(run, workers(pool), before=main_print(run, "apply:"))
    # The next apply() began only after the previous task had reported (by
    # time: the report is in a worker's stream, the call in the parent's).
    ends = sorted(end for _, _, end, _ in reports)
    overlaps = sum(1 for end, b in zip(ends, futures[1:]) if b.ops("pending")[0].t < end)
    most = most_at_once(reports)
    return (len(futures) == tasks and len(reports) == tasks and overlaps == 0 and most == 1,
            say(f"{len(futures)} apply() calls, {len(reports)} tasks reported, at most {most} running at once; "
                f"{overlaps} calls began before the previous task had reported",
                f"{len(futures)} 次 apply() 调用，{len(reports)} 个任务报告了结果，同时最多运行 {most} 个；"
                f"有 {overlaps} 次调用在上一个任务报告之前就开始了"))


@check("apply_async() returned at once and the workers ran the tasks side by side",
       "apply_async() 立即返回，几个工作进程同时执行任务")
def apply_async_side_by_side(run):
    tasks, processes = run.params["tasks"], run.params["processes"]
    pool, _ = pools(run)
    _, futures = pool_futures(run)
    reports = tasks_of(run, workers(pool), after=main_print(run, "apply:"), before=main_print(run, "apply_async:"))
    ends = [done_at(f).index for f in futures if done_at(f)]
    queued = len(futures) == tasks and all(f.ops("pending")[0].index < min(ends, default=float("inf")) for f in futures)
    most = most_at_once(reports)
    en = (f"{len(futures)} of {tasks} tasks submitted" + (" before any result was back" if queued else
          ", some after a result was back") + f"; {len(reports)} finished, at most {most} at once in {processes} processes")
    zh = (f"提交了 {tasks} 个任务中的 {len(futures)} 个" + ("，都在第一个结果回来之前" if queued else
          "，有的在结果回来之后才提交") + f"；{len(reports)} 个做完，{processes} 个进程中同时最多 {most} 个")
    if not queued or most > processes:
        return False, say(en, zh)
    if min(tasks, processes) < 2:
        not_shown(say(en + ": one process or one task cannot run side by side",
                      zh + "：只有一个进程或一个任务，无法同时执行"))
    if most < 2:
        if run.params["terminate_early"]:
            not_shown(say(en + ": terminate() stopped the workers before two tasks had finished",
                          zh + "：还没有两个任务做完，terminate() 就终止了工作进程"))
        if run.mode != "deterministic":
            not_shown(say(en + ": the tasks were too short to overlap on this machine",
                          zh + "：在这台机器上任务太短，没能重叠"))
        return False, say(en, zh)
    return True, say(en, zh)


@check("each worker process changed only its own copy of the list",
       "每个工作进程只修改了它自己的那份列表")
def own_copies(run):
    pool, executor = pools(run)
    callbacks, _ = parent_callbacks(run)
    checked = wrong = 0
    example = example_zh = ""
    for owner in (pool, executor):
        for spawn in owner.ops("spawn"):
            inherited = sum(1 for c in callbacks if c < spawn.index)   # the parent's list when it was forked
            for own, (name, _, _, k) in enumerate(tasks_of(run, [spawn.other]), 1):
                checked += 1
                if k != inherited + own and not example:
                    example = f"; {name} reported {k} items, expected {inherited} inherited + {own} of its own tasks"
                    example_zh = f"；{name} 报告有 {k} 个元素，应为继承的 {inherited} 个加上自己任务的 {own} 个"
                wrong += k != inherited + own
    return (checked > 0 and wrong == 0,
            say(f"{checked} reports from worker processes, {wrong} did not match their own copy{example}",
                f"工作进程共报告 {checked} 次，其中 {wrong} 次与它自己的副本不符{example_zh}"))


@check("the parent's list grew only through the callbacks, which ran in the parent",
       "父进程的列表只通过回调增长，回调在父进程里执行")
def parent_list(run):
    tasks = run.params["tasks"]
    report = main_print(run, "MainThread has ")
    assert report is not None, say("MainThread never printed its list's length", "MainThread 没有打印它的列表长度")
    callbacks, in_children = parent_callbacks(run)
    before = sum(1 for c in callbacks if c < report.index)
    en = f"MainThread's list has {items(report)} items after {before} callbacks in the parent; {in_children} in a worker process"
    zh = f"父进程中执行了 {before} 次回调后，MainThread 的列表有 {items(report)} 个元素；工作进程中执行了 {in_children} 次"
    if run.params["terminate_early"]:
        en += f"; terminate() left {2 * tasks - before} of {2 * tasks} tasks without a callback"
        zh += f"；terminate() 使 {2 * tasks} 个任务中的 {2 * tasks - before} 个没有回调"
    return items(report) == before and in_children == 0, say(en, zh)


@check("close() or terminate(), then join(): every Pool worker ended before join() returned",
       "先 close() 或 terminate()，再 join()：join() 返回前每个 Pool 工作进程都已结束")
def pool_end(run):
    pool, _ = pools(run)
    joins = [op for op in pool.ops("join") if op.ok and op.thread == "MainThread"]
    names = workers(pool)
    # terminate() kills the workers; one that had already ended stays done.
    expected = ("killed", "done") if run.params["terminate_early"] else ("done",)
    ended = [n for n in names if run.thread(n).state in expected]
    in_time = [n for n in names if joins and run.thread(n).end_t is not None
               and run.thread(n).end_t <= joins[0].t]
    # Free mode learns of a killed process when its stream ends, which the
    # merged log may place after join() returned.
    late_ok = run.mode != "deterministic" and run.params["terminate_early"]
    how, how_zh = " or ".join(expected), " 或 ".join(expected)
    ok = bool(names) and bool(joins) and len(ended) == len(names) and (late_ok or len(in_time) == len(names))
    return ok, say(f"{len(names)} Pool workers: {len(ended)} {how}, {len(in_time)} ended before join() returned",
                   f"{len(names)} 个 Pool 工作进程：{len(ended)} 个 {how_zh}，{len(in_time)} 个在 join() 返回前结束")


@answer
def main_items(run):
    """0: 0 items; 1: TASKS (the executor's callbacks only); 2: 2 x TASKS (every callback); 3: 5 x TASKS (every append)."""
    report = main_print(run, "MainThread has ")
    if report is None:
        return None
    k, tasks = items(report), run.params["tasks"]
    for index, expected in ((0, 0), (1, tasks), (2, 2 * tasks), (3, 5 * tasks)):
        if k == expected:
            return index
    return None
