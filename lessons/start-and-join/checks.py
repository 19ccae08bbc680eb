# What every run of this lesson must show, whatever its parameters and seed.
from threadlab import answer, check, not_shown

LAST_LINE = "main's last line at "
AGAIN = "start() again: RuntimeError: "


def loops(run):
    names = [t.name for t in run.threads]
    for name in ("loop-0", "loop-1"):
        if name not in names:
            raise AssertionError(f"no thread {name} in this run (threads: {', '.join(names)}): was start() called?")
    return [run.thread("loop-0"), run.thread("loop-1")]


def start_op(run, name):
    starts = run.object(name).ops("start")
    if not starts:
        raise AssertionError(f"{name} was never started")
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
        return False, "loop-0 never ended"
    together = started.index < first.end_index
    how = "before" if together else "after"
    detail = f"loop-1 was started {how} loop-0 ended"
    if run.params["join_in_loop"]:
        return not together, detail + " (JOIN_IN_LOOP is on)"
    return together, detail


@check("the loops took as long as the longer one together, as long as both one after another",
       "一起运行时总时间等于较长的那个，串行时等于两者之和")
def total_time(run):
    seconds = span(run)
    if seconds is None:
        return False, "a loop never ended"
    long_s, short_s = run.params["long_s"], run.params["short_s"]
    target = long_s + short_s if run.params["join_in_loop"] else max(long_s, short_s)
    return close_to(seconds, target, run), f"{seconds:.2f} s from the first start() to the last end, expected {target:g} s"


@check("main reached its last line after the loops ended only when it joined them",
       "只有 join 了，主线程才会在两个循环结束之后才走到最后一行")
def last_line(run):
    lasts = [p for p in run.prints if LAST_LINE in p.text]
    if not lasts:
        return False, "main never printed its last line"
    ends = [t.end_index for t in loops(run)]
    if None in ends:
        return False, "a loop never ended"
    after = lasts[-1].index > max(ends)
    joined = run.params["join"] or run.params["join_in_loop"]
    where = "after both loops ended" if after else "while a loop was still running"
    return after == joined, f"main's last line came {where} ({'joined' if joined else 'no join'})"


@check("a second start() raised RuntimeError, and the program still ended after both loops",
       "第二次 start() 抛出 RuntimeError，程序仍然等两个循环结束后才退出")
def start_twice(run):
    again = [p.text for p in run.prints if AGAIN in p.text]
    done = [t.name for t in loops(run) if t.state == "done"]
    ok = len(again) == 1 and len(done) == 2 and run.finished
    said = again[0].split(AGAIN, 1)[1] if again else "no RuntimeError printed"
    return ok, f"{said}; {len(done)} of 2 loops done; " + ("ended by itself" if run.finished else "did not end by itself")


@check("every join() ran in MainThread, one after the other", "每次 join() 都在主线程里执行，一个接一个")
def joins_in_main(run):
    lasts = [p.index for p in run.prints if LAST_LINE in p.text]
    if not lasts:
        return False, "main never printed its last line"
    joins = sorted((op for t in loops(run) for op in run.object(t.name).ops("join")), key=lambda op: op.index)
    mine = [op for op in joins if op.index < lasts[-1]]   # later ones: Python waiting at exit
    if not (run.params["join"] or run.params["join_in_loop"]):
        not_shown(f"JOIN and JOIN_IN_LOOP are off: main's code joined nothing "
                  f"(after its last line Python itself waited for the loops: {len(joins) - len(mine)} joins at exit)")
    who = sorted({op.thread for op in mine})
    order = [op.object for op in mine]
    return who == ["MainThread"] and order == ["loop-0", "loop-1"], (
        f"join() called by {', '.join(who) or 'nobody'}; joined {', '.join(order) or 'nothing'} in this order, "
        f"returning at {', '.join(f'{op.t:.2f} s' for op in mine)}")


@answer
def how_long(run):
    """0: about the longer loop, 1: about the sum, 2: about the shorter loop."""
    seconds = span(run)
    if seconds is None:
        not_shown("a loop never ended")
    long_s, short_s = run.params["long_s"], run.params["short_s"]
    targets = [max(long_s, short_s), long_s + short_s, min(long_s, short_s)]
    return min(range(3), key=lambda i: abs(seconds - targets[i]))
