# What every run of this lesson must show, whatever its parameters and seed.
from threadlab import answer, check, not_shown, say

LAST_LINE = "main's last line at "
AGAIN = "start() again: RuntimeError: "


def loops(run):
    names = [t.name for t in run.threads]
    for name in ("loop-0", "loop-1"):
        if name not in names:
            raise AssertionError(say(f"no thread {name} in this run (threads: {', '.join(names)}): was start() called?",
                                     f"这次运行中没有线程 {name}（线程：{'、'.join(names)}）：调用过 start() 吗？"))
    return [run.thread("loop-0"), run.thread("loop-1")]


def start_op(run, name):
    starts = run.object(name).ops("start")
    if not starts:
        raise AssertionError(say(f"{name} was never started", f"{name} 从未被启动"))
    return starts[0]


def span(run):
    """Seconds from loop-0's start() to the end of the last loop, or None."""
    ends = [t.end_t for t in loops(run)]
    if None in ends:
        return None
    return max(ends) - start_op(run, "loop-0").t


def close_to(seconds, target, run):
    """Equal in deterministic mode (virtual time); within 10% + 0.25 s in free mode."""
    slack = 1e-6 if run.mode == "deterministic" else 0.1 * target + 0.25
    return abs(seconds - target) <= slack


@check("started together the loops overlap; joined inside the start loop they run one after another",
       "一起启动的两个循环同时进行；在启动循环里 join 时一个接一个地运行")
def overlap(run):
    first, second = loops(run)
    started = start_op(run, "loop-1")
    if first.end_index is None:
        return False, say("loop-0 never ended", "loop-0 一直没有结束")
    together = started.index < first.end_index
    how = "before" if together else "after"
    how_zh = "之前" if together else "之后"
    en = f"loop-1 was started {how} loop-0 ended"
    zh = f"loop-1 在 loop-0 结束{how_zh}启动"
    if run.params["join_in_loop"]:
        return not together, say(en + " (JOIN_IN_LOOP is on)", zh + "（JOIN_IN_LOOP 已打开）")
    return together, say(en, zh)


@check("the loops took as long as the longer one together, as long as both one after another",
       "一起运行时总时间等于较长的那个，串行时等于两者之和")
def total_time(run):
    seconds = span(run)
    if seconds is None:
        return False, say("a loop never ended", "有一个循环一直没有结束")
    long_s, short_s = run.params["long_s"], run.params["short_s"]
    target = long_s + short_s if run.params["join_in_loop"] else max(long_s, short_s)
    return close_to(seconds, target, run), say(
        f"{seconds:.2f} s from the first start() to the last end, expected {target:g} s",
        f"从第一次 start() 到最后一个结束共 {seconds:.2f} 秒，期望 {target:g} 秒")


@check("main reached its last line after the loops ended only when it joined them",
       "只有 join 了，主线程才会在两个循环结束之后才走到最后一行")
def last_line(run):
    lasts = [p for p in run.prints if LAST_LINE in p.text]
    if not lasts:
        return False, say("main never printed its last line", "主线程没有打印最后一行")
    ends = [t.end_index for t in loops(run)]
    if None in ends:
        return False, say("a loop never ended", "有一个循环一直没有结束")
    after = lasts[-1].index > max(ends)
    joined = run.params["join"] or run.params["join_in_loop"]
    where = "after both loops ended" if after else "while a loop was still running"
    where_zh = "在两个循环都结束之后" if after else "在还有循环运行的时候"
    return after == joined, say(f"main's last line came {where} ({'joined' if joined else 'no join'})",
                                f"主线程{where_zh}走到最后一行（{'join 了' if joined else '没有 join'}）")


@check("a second start() raised RuntimeError, and the program still ended after both loops",
       "第二次 start() 抛出 RuntimeError，程序仍然等两个循环结束后才退出")
def start_twice(run):
    again = [p.text for p in run.prints if AGAIN in p.text]
    done = [t.name for t in loops(run) if t.state == "done"]
    ok = len(again) == 1 and len(done) == 2 and run.finished
    said = again[0].split(AGAIN, 1)[1] if again else "no RuntimeError printed"
    said_zh = again[0].split(AGAIN, 1)[1] if again else "没有打印 RuntimeError"
    return ok, say(f"{said}; {len(done)} of 2 loops done; " + ("ended by itself" if run.finished else "did not end by itself"),
                   f"{said_zh}；2 个循环中有 {len(done)} 个已结束；" + ("程序自己结束了" if run.finished else "程序没有自己结束"))


@check("every join() ran in MainThread, one after the other", "每次 join() 都在主线程里执行，一个接一个")
def joins_in_main(run):
    lasts = [p.index for p in run.prints if LAST_LINE in p.text]
    if not lasts:
        return False, say("main never printed its last line", "主线程没有打印最后一行")
    joins = sorted((op for t in loops(run) for op in run.object(t.name).ops("join")), key=lambda op: op.index)
    mine = [op for op in joins if op.index < lasts[-1]]   # later ones: Python waiting at exit
    if not (run.params["join"] or run.params["join_in_loop"]):
        not_shown(say(f"JOIN and JOIN_IN_LOOP are off: main's code joined nothing "
                      f"(after its last line Python itself waited for the loops: {len(joins) - len(mine)} joins at exit)",
                      f"JOIN 和 JOIN_IN_LOOP 都已关闭：主线程的代码没有 join 任何线程"
                      f"（最后一行之后由 Python 自己等待两个循环：退出时 join 了 {len(joins) - len(mine)} 次）"))
    who = sorted({op.thread for op in mine})
    order = [op.object for op in mine]
    return who == ["MainThread"] and order == ["loop-0", "loop-1"], say(
        f"join() called by {', '.join(who) or 'nobody'}; joined {', '.join(order) or 'nothing'} in this order, "
        f"returning at {', '.join(f'{op.t:.2f} s' for op in mine)}",
        f"调用 join() 的是 {'、'.join(who) or '（无人）'}；依次 join 了 {'、'.join(order) or '（无）'}，"
        f"分别在 {'、'.join(f'{op.t:.2f} 秒' for op in mine) or '（无）'}返回")


@answer
def how_long(run):
    """0: about the longer loop, 1: about the sum, 2: about the shorter loop."""
    seconds = span(run)
    if seconds is None:
        not_shown(say("a loop never ended", "有一个循环一直没有结束"))
    long_s, short_s = run.params["long_s"], run.params["short_s"]
    targets = [max(long_s, short_s), long_s + short_s, min(long_s, short_s)]
    return min(range(3), key=lambda i: abs(seconds - targets[i]))
