# What every run of this lesson must show, whatever its parameters and seed.
# Each pattern has a pool of its own, told apart by its workers' names
# (thread_name_prefix): sync_0, async_1, callback_2, logw_0, logq_1...
import math
import re

from threadlab import answer, check, not_shown, say

# Deterministic mode charges a few nanoseconds for each Python line a thread
# runs, so "exactly k slow steps" allows this much more.
SLACK_S = 0.005


def pools(run):
    """{prefix: (executor, its futures in submit order)} for every pool whose futures ran."""
    found = {}
    for ex in run.listed_objects("ThreadPoolExecutor"):
        futures = [run.objects[s.aux] for s in ex.ops("submit") if s.ok]
        workers = {op.thread for f in futures for op in f.ops("running")}
        for name in workers:
            found[name.rsplit("_", 1)[0]] = (ex, futures)
    return found


def pool(run, prefix):
    found = pools(run)
    assert prefix in found, say(f"no pool with workers named {prefix}_N (pools: {', '.join(sorted(found)) or 'none'})",
                                f"没有工作线程名为 {prefix}_N 的线程池（线程池：{'、'.join(sorted(found)) or '无'}）")
    return found[prefix]


def first(ops):
    return min(ops, key=lambda op: op.index) if ops else None


def span(ex, futures):
    """Seconds from the pool's first submit to the last result or exception."""
    start = first(ex.ops("submit")).t
    ends = [op.t for f in futures for op in f.ops("finished")]
    return max(ends) - start if ends else 0.0


def most_at_once(futures):
    changes = []
    for f in futures:
        start, end = first(f.ops("running")), first(f.ops("finished"))
        if start:
            changes += [(start.index, 1), (end.index if end else math.inf, -1)]
    running = most = 0
    for _, d in sorted(changes):
        running += d
        most = max(most, running)
    return most


# In free mode two threads' print() calls can tear into one line, as they
# do in CPython (print writes the text and the newline apart): the callback
# lines are counted where they appear, not as whole lines.
CALLBACK = re.compile(r"(\S+): callback, (cancelled|raised ValueError|result)")


def callback_lines(run):
    """(thread name, what) of every callback's line, torn or not, in order."""
    return [m.groups() for p in run.prints for m in CALLBACK.finditer(p.text)]


def main_print(run, prefix):
    for p in run.prints:
        if p.thread == "MainThread" and p.text.startswith(prefix):
            return p
    return None


def near(seconds, steps, run):
    """seconds is at least `steps` slow steps; in deterministic mode, exactly that."""
    least = steps * run.params["slow_s"]
    if seconds < least - 1e-6:
        return False
    return run.mode != "deterministic" or seconds <= least + SLACK_S


@check("submit(...).result() in the loop handled one order at a time, items x slow_s in all",
       "在循环里 submit(...).result() 一次只处理一个订单，总共 items x slow_s")
def synchronous(run):
    items = run.params["items"]
    ex, fs = pool(run, "sync")
    after = all(first(b.ops("running")).index > first(a.ops("finished")).index for a, b in zip(fs, fs[1:]))
    took = span(ex, fs)
    return (len(fs) == items and most_at_once(fs) == 1 and after and near(took, items, run),
            say(f"{len(fs)} orders, at most {most_at_once(fs)} at once, each started after the one before had "
                f"{'finished' if after else 'NOT finished'}; {took:.3f} s for {items} x {run.params['slow_s']} s",
                f"{len(fs)} 个订单，同时最多 {most_at_once(fs)} 个，每个都在上一个"
                f"{'完成' if after else '尚未完成'}之后开始；{items} x {run.params['slow_s']} 秒用了 {took:.3f} 秒"))


def limits(run):
    """`workers`, then every limit a teacher set while the program ran; [workers]
    when nobody moved the slider."""
    return [run.params["workers"]] + [new for _, _, new in run.changes("workers")]


@check("submitting first let up to `workers` orders run at once, never more",
       "先全部提交，最多有 workers 个订单同时进行，从不更多")
def asynchronous(run):
    items, workers = run.params["items"], run.params["workers"]
    ex, fs = pool(run, "async")
    most, took = most_at_once(fs), span(ex, fs)
    waves = math.ceil(items / workers)
    en = (f"{len(fs)} orders, at most {most} at once with workers={workers}; "
          f"{took:.3f} s for {waves} wave(s) of {run.params['slow_s']} s")
    zh = (f"{len(fs)} 个订单，workers={workers} 时同时最多 {most} 个；"
          f"{waves} 轮、每轮 {run.params['slow_s']} 秒，用了 {took:.3f} 秒")
    detail = say(en, zh)
    if len(limits(run)) > 1:
        # The teacher moved the slider: the limit is one of those it set, and the time at
        # least as long as the waves of the highest one.
        high, low = max(limits(run)), min(limits(run))
        detail = say(en + f"; the teacher set limits between {low} and {high}",
                     zh + f"；teacher 设置的上限在 {low} 到 {high} 之间")
        return (len(fs) == items and min(items, low) <= most <= high
                and took >= math.ceil(items / high) * run.params["slow_s"] - 1e-6), detail
    if len(fs) != items or most > workers or not near(took, waves, run):
        return False, detail
    if most < min(items, workers):
        if run.mode != "deterministic":
            not_shown(say(en + ": on this machine some orders were done before the last workers started",
                          zh + "：在这台机器上，最后几个工作线程启动之前有些订单就已经做完了"))
        return False, detail
    return True, detail


@check("every callback ran once, in the thread that completed its future",
       "每个回调都只运行一次，在完成该 Future 的线程里运行")
def callbacks_where(run):
    _, fs = pool(run, "callback")
    heard = callback_lines(run)
    wrong = []
    for f in fs:
        done = first(f.ops("finished") + f.ops("cancelled"))
        calls = f.ops("callback")
        # No callback op: add_done_callback came after the future was done,
        # so the callback ran at once in the thread that added it (main).
        if done is None or len(calls) > 1 or (calls and (calls[0].thread != done.thread or calls[0].index < done.index)):
            wrong.append(f.name)
    workers = sum(1 for who, _ in heard if who.startswith("callback_"))
    return (not wrong and len(heard) == len(fs),
            say(f"{len(fs)} futures, {len(heard)} callback lines ({workers} printed by workers, "
                f"{len(heard) - workers} by MainThread)" + (f"; wrong: {', '.join(wrong)}" if wrong else ""),
                f"{len(fs)} 个 Future，{len(heard)} 行回调输出（{workers} 行由工作线程打印，"
                f"{len(heard) - workers} 行由 MainThread 打印）" + (f"；不对的：{'、'.join(wrong)}" if wrong else "")))


@check("a callback fires on an exception and on a cancel too, not only on success",
       "出异常、被取消时回调同样会被调用，不只是成功时")
def callbacks_always(run):
    if not run.params["fail"]:
        not_shown(say("fail is off: every order succeeds and none is cancelled", "fail 已关闭：每个订单都成功，也没有被取消的"))
    _, fs = pool(run, "callback")
    raised = [f for f in fs for op in f.ops("finished") if not op.ok]
    told_raise = [who for who, what in callback_lines(run) if what == "raised ValueError"]
    late = run.object("late")
    cancelled = bool(late.ops("cancelled"))
    told_cancel = [who for who, what in callback_lines(run) if what == "cancelled" and who == "MainThread"]
    said = re.search(r"cancel\(\): (True|False)", "\n".join(p.text for p in run.prints))  # torn or not
    answer = said.group(1) if said else '?'
    en = (f"{len(raised)} order raised, {len(told_raise)} callback told of it; "
          f"cancel() said {answer}, {len(told_cancel)} callback told of a cancel")
    zh = (f"{len(raised)} 个订单抛出了异常，{len(told_raise)} 个回调报告了它；"
          f"cancel() 返回 {answer}，{len(told_cancel)} 个回调报告了取消")
    ok = len(raised) == 1 and len(told_raise) == 1 and bool(raised[0].ops("callback") or told_raise[0] == "MainThread")
    if cancelled:
        ok = ok and len(told_cancel) == 1 and answer == "True" \
            and [c.thread for c in late.ops("callback")] == ["MainThread"]
    else:
        # An idle worker took the extra order before main could cancel it.
        ok = ok and answer == "False" and not told_cancel
        en += " (a worker had already taken it)"
        zh += "（已经有工作线程接手了它）"
    return ok, say(en, zh)


@check("with callbacks, main went on at once and heard of every order later",
       "用回调时，主线程马上就能继续，之后才陆续得知每个订单的结果")
def main_went_on(run):
    ex, fs = pool(run, "callback")
    free = main_print(run, "main is free after")
    done = first([op for f in fs for op in f.ops("finished")])
    heard = [p for p in run.prints if ": callback, " in p.text and "cancelled" not in p.text]
    end = main_print(run, "callbacks:")
    assert free and end and done, say("the callback pattern did not print its lines", "回调模式没有打印它的那几行")
    start = first(ex.ops('submit')).t
    en = f"main free at {free.t - start:.3f} s, first order done at {done.t - start:.3f} s"
    zh = f"主线程在 {free.t - start:.3f} 秒空出来，第一个订单在 {done.t - start:.3f} 秒完成"
    if free.index > done.index:
        if run.mode != "deterministic":
            not_shown(say(en + ": on this machine an order finished before main printed",
                          zh + "：在这台机器上，主线程打印之前就有订单完成了"))
        return False, say(en, zh)
    return all(free.index < p.index < end.index for p in heard), say(
        en + f"; {len(heard)} callbacks heard after it", zh + f"；此后收到 {len(heard)} 个回调")


@check("with a logging thread only the logger wrote the file, every line of it; the workers just put lines in a queue",
       "有了日志线程，只有它写文件，而且一行不少；工作线程只是把日志放进队列")
def who_writes(run):
    items = run.params["items"]
    writes = run.object("file_lock").ops("acquire")
    q = run.object("log_q")
    by_workers = [op for op in writes if op.thread.startswith("logw_")]
    by_logger = [op for op in writes if op.thread == "logger"]
    puts = [op for op in q.ops("put") if op.thread.startswith("logq_")]
    lines = [p.text for p in run.prints if "log written after" in p.text]
    complete = len(lines) == 2 and all(t.endswith(f", {items} lines") for t in lines)
    return (len(by_workers) == items and len(by_logger) == items and len(writes) == 2 * items
            and len(puts) == items and complete,
            say(f"in the worker: {len(by_workers)} writes by workers; with the thread: {len(by_logger)} by the "
                f"logger after {len(puts)} puts; " + " / ".join(t.split(": ", 1)[1] for t in lines),
                f"在工作线程里写：工作线程写了 {len(by_workers)} 次；用日志线程：{len(puts)} 次 put 之后"
                f"由 logger 写了 {len(by_logger)} 次；" + " / ".join(t.split(": ", 1)[1] for t in lines)))


@check("the logging thread took the slow file off the orders' path: done sooner, the log finished after",
       "日志线程把慢文件移出了订单的关键路径：订单更快完成，日志随后才写完")
def logging_off_the_path(run):
    items, log_s = run.params["items"], run.params["log_s"]
    inline, queued = pool(run, "logw"), pool(run, "logq")
    t_inline, t_queued = span(*inline), span(*queued)
    logger = run.thread("logger")
    written = logger.end_t - first(queued[0].ops("submit")).t
    en = (f"orders done after {t_inline:.3f} s logging in the worker, {t_queued:.3f} s with the thread, "
          f"whose log was written after {written:.3f} s")
    zh = (f"在工作线程里写日志时订单 {t_inline:.3f} 秒做完，用日志线程时 {t_queued:.3f} 秒做完，"
          f"日志在 {written:.3f} 秒后写完")
    detail = say(en, zh)
    # Invariants in both modes: the file takes one writer at a time.
    if t_inline < items * log_s - 1e-6 or written < items * log_s - 1e-6 or written < t_queued:
        return False, detail
    if t_queued >= t_inline:
        if len(limits(run)) > 1 and most_at_once(queued[1]) < most_at_once(inline[1]):
            return True, say(en + ": the teacher gave the logging thread's pool fewer workers, so the times do "
                             "not compare", zh + "：teacher 给日志线程那个线程池的工作线程更少，两个时间不能直接比较")
        if run.mode != "deterministic":
            not_shown(say(en + ": this machine's timing", zh + "：这台机器的计时所致"))
        return False, detail
    return True, detail


@answer
def how_long(run):
    """0: all three alike; 1: sync slow, async and callbacks fast; 2: only callbacks fast."""
    s, a, c = (span(*pool(run, p)) for p in ("sync", "async", "callback"))

    def alike(x, y):
        return abs(x - y) <= 0.25 * max(x, y)

    if alike(s, a) and alike(a, c):
        return 0
    if a < 0.75 * s and alike(a, c):
        return 1
    if alike(s, a) and c < 0.75 * s:
        return 2
    return None
