# What every run of this lesson must show, whatever its parameters and seed.
# Without the lock a run may lose updates or not, depending on where the
# threads switch: those checks say what this run showed, never FAIL.
from threadlab import answer, check, not_shown, say

COUNTER = "counter = "


def counter_line(run):
    """(counter, expected) as main printed them."""
    lines = [p.text for p in run.prints if p.thread == "MainThread" and p.text.startswith(COUNTER)]
    if not lines:
        raise AssertionError(say("main did not print the counter", "主线程没有打印计数器"))
    value, expected = lines[-1][len(COUNTER):].split(" (expected ")
    return int(value), int(expected.rstrip(")"))


def part2(run):
    """{"list.append": (got, of), ...} as main printed them."""
    found = {}
    for p in run.prints:
        if p.thread == "MainThread" and " of " in p.text and ": " in p.text:
            name, numbers = p.text.rsplit(": ", 1)
            got, total = numbers.split(" of ")
            found[name] = (int(got), int(total))
    return found


@check("every thread finished and the expected total is (adders - subtractors) x TIMES",
       "所有线程都结束了，期望值等于（加的线程数 - 减的线程数）x TIMES")
def all_done(run):
    value, expected = counter_line(run)
    threads, times = run.params["threads"], run.params["times"]
    right = ((threads + 1) // 2 - threads // 2) * times
    done = [t for t in run.threads if t.state == "done"]
    return (expected == right and len(done) == len(run.threads) and run.finished,
            say(f"expected {expected} (should be {right}); {len(done)} of {len(run.threads)} threads done",
                f"期望值 {expected}（应为 {right}）；{len(run.threads)} 个线程中有 {len(done)} 个已结束"))


@check("with the lock, no update is lost", "加了锁，一次更新也不丢")
def locked_exact(run):
    value, expected = counter_line(run)
    if not run.params["use_lock"]:
        not_shown(say(f"USE_LOCK is off: this run has no lock (counter = {value}, expected {expected})",
                      f"USE_LOCK 已关闭：这次运行没有加锁（counter = {value}，期望 {expected}）"))
    acquires = len(run.object("lock").ops("acquire"))
    return value == expected, say(f"counter = {value}, expected {expected}; the lock was taken {acquires} times",
                                  f"counter = {value}，期望 {expected}；锁被获取了 {acquires} 次")


@check("without the lock, a lost update shows as a wrong total", "不加锁时，丢失的更新表现为错误的结果")
def unlocked_race(run):
    value, expected = counter_line(run)
    if run.params["use_lock"]:
        not_shown(say("USE_LOCK is on: nothing to lose", "USE_LOCK 已打开：不会丢失更新"))
    if value == expected:
        not_shown(say(f"this run's total is right (counter = {value}): no lost update showed. At CPython 3.11's own "
                      "switch points counter += 1 is almost never interrupted; try WITH_CALL, more TIMES, "
                      "or --granularity bytecode",
                      f"这次运行的结果是对的（counter = {value}）：没有出现丢失的更新。在 CPython 3.11 自己的"
                      "切换点上，counter += 1 几乎从不被打断；试试 WITH_CALL、更大的 TIMES，"
                      "或者 --granularity bytecode"))
    return True, say(f"counter = {value}, expected {expected}: {abs(value - expected)} off, so updates were lost",
                     f"counter = {value}，期望 {expected}：差了 {abs(value - expected)}，说明有更新丢失了")


@check("list.append and set.add lost nothing: one call is atomic under the GIL",
       "list.append 和 set.add 一个也没丢：单次调用在 GIL 下是原子的")
def containers(run):
    found = part2(run)
    single = {k: found.get(k) for k in ("list.append", "set.add")}
    if None in single.values():
        return False, say("main did not print the list and set results", "主线程没有打印 list 和 set 的结果")
    compound = [f"{k} {found[k][0]} of {found[k][1]}" for k in found if k not in single]
    compound_zh = [f"{k} {found[k][0]}/{found[k][1]}" for k in found if k not in single]
    ok = all(got == total for got, total in single.values())
    return ok, say(", ".join(f"{k} {g} of {t}" for k, (g, t) in single.items())
                   + "; read-then-write (may lose): " + (", ".join(compound) or "not printed"),
                   "、".join(f"{k} {g}/{t}" for k, (g, t) in single.items())
                   + "；先读后写（可能丢失）：" + ("、".join(compound_zh) or "未打印"))


@answer
def what_counter(run):
    """0: exactly the expected value, 1: another number."""
    value, expected = counter_line(run)
    return 0 if value == expected else 1
