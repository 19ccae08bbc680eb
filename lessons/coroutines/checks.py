# What every run of this lesson must show, whatever its parameters and seed.
import re

from threadlab import answer, check, not_shown, say

SENT = re.compile(r"part 1: send\((-?\d+)\) -> average (\S+)")
TOOK = re.compile(r"part (\d): (\d+) (?:threads|greenlets) took ([\d.]+) s")


def lanes(run):
    """The coroutine lanes: one per greenlet, each inside an OS thread."""
    return [t for t in run.threads if t.lane_of is not None]


def lane(run, part, kind="greenlet"):
    """The lane whose name starts "greenlet PART @" (or "generator PART @")."""
    found = [t for t in lanes(run) if t.name.startswith(f"{kind} {part} @")]
    return found[0] if found else None


def took(run, part):
    """The seconds a part printed it took, or None when it did not print."""
    for line in run.output:
        m = TOOK.match(line)
        if m and int(m.group(1)) == part:
            return float(m.group(3))
    return None


def gevent_ran(run):
    skipped = [line for line in run.output if line.startswith("part 4: skipped")]
    if skipped:
        not_shown(say(skipped[0], f"程序打印：{skipped[0]}"))
    if took(run, 4) is None:
        not_shown(say("part 4 printed no time", "第 4 部分没有打印用时"))


def margin(run):
    """How far a free-mode time may stray from the modelled one (deterministic: none)."""
    return 1e-6 if run.mode == "deterministic" else 0.05 + 0.1 * run.params["step_s"] * run.params["steps"]


def running_spans(t, end):
    """(start, stop) of each time the lane was switched to."""
    spans = []
    for i, (at, state, _, _) in enumerate(t.states):
        if state == "running":
            stop = t.states[i + 1][0] if i + 1 < len(t.states) else end
            spans.append((at, stop))
    return spans


@check("the generator kept its total between send() calls: each answer is the running average",
       "生成器在两次 send() 之间保留了它的累计值：每次返回的都是到目前为止的平均值")
def generator_state(run):
    sent = [(int(m.group(1)), float(m.group(2))) for m in (SENT.match(x) for x in run.output) if m]
    assert sent, say("part 1 printed no send() line", "第 1 部分没有打印 send() 那一行")
    bad, bad_zh = [], []
    for k, (_, got) in enumerate(sent):
        want = sum(v for v, _ in sent[:k + 1]) / (k + 1)
        if abs(got - want) > 1e-9:
            bad.append(f"send #{k + 1} gave {got}, the average so far is {want}")
            bad_zh.append(f"第 {k + 1} 次 send 返回 {got}，而到目前为止的平均值是 {want}")
    # Its lane: switched to at next() and at each send(), and back at each yield.
    avg = lane(run, "avg", "generator")
    resumed = [s for s in run.switches if avg and s.other == avg.name]
    if len(resumed) != len(sent) + 1:
        bad.append(f"the generator's lane was switched to {len(resumed)} times for next() and {len(sent)} send()")
        bad_zh.append(f"为了 next() 和 {len(sent)} 次 send()，生成器的泳道被切换到了 {len(resumed)} 次")
    if bad:
        return False, say("; ".join(bad), "；".join(bad_zh))
    sends = ", ".join(f"send({v}) -> {a}" for v, a in sent)
    return True, say(sends + f"; its lane was resumed {len(resumed)} times",
                     sends + f"；它的泳道被恢复了 {len(resumed)} 次")


@check("ping and pong took turns in one OS thread, every switch marked on the timeline",
       "ping 和 pong 在同一个操作系统线程里轮流运行，每次切换都画在时间线上")
def greenlets_alternate(run):
    ping, pong = lane(run, "ping"), lane(run, "pong")
    assert ping and pong, say(f"no ping/pong lanes (lanes: {[t.name for t in lanes(run)]})",
                              f"没有 ping/pong 泳道（泳道：{[t.name for t in lanes(run)]}）")
    steps = run.params["steps"]
    # The order in which the lanes of part 2 were switched to.
    turns = [s.other for s in run.switches if s.other in (ping.name, pong.name)]
    # They took turns: never the same twice, ping first, and at least ping's
    # rounds, pong's and the switch back that lets ping end.
    alternate = bool(turns) and turns[0] == ping.name and all(a != b for a, b in zip(turns, turns[1:]))
    printed = [m.group(1) for m in (re.match(r"part 2: (ping|pong) \d+ in", x) for x in run.output) if m]
    threads = {t.lane_of for t in (ping, pong)}
    order = ' '.join(n.split()[1] for n in turns)
    detail = say(f"switched to: {order}; printed: {' '.join(printed)}; "
                 f"OS thread(s): {sorted(threads)}; {len(run.switches)} switches in all",
                 f"切换顺序：{order}；打印：{' '.join(printed)}；"
                 f"操作系统线程：{sorted(threads)}；一共切换了 {len(run.switches)} 次")
    ok = alternate and len(turns) >= 2 * steps + 1 and printed == ["ping", "pong"] * steps and threads == {"MainThread"}
    return ok, detail


@check("only one lane of a thread runs at a time, and a finished greenlet is done",
       "同一个线程的泳道一次只有一条在运行；运行完的 greenlet 状态是 done")
def one_at_a_time(run):
    end = run.duration
    by_thread = {}
    for t in lanes(run):
        if t.name.startswith("generator "):
            continue  # a generator runs inside its caller's time
        by_thread.setdefault(t.lane_of, []).extend(running_spans(t, end))
    overlaps = 0
    for spans in by_thread.values():
        spans.sort()
        overlaps += sum(1 for a, b in zip(spans, spans[1:]) if b[0] < a[1] - 1e-9)
    ping, pong = lane(run, "ping"), lane(run, "pong")
    assert ping and pong, say("no ping/pong lanes", "没有 ping/pong 泳道")
    finished = [m for m in (re.match(r"part 2: ping finished: (\w+); pong finished: (\w+)", x) for x in run.output) if m]
    assert finished, say("part 2 printed no 'ping finished' line", "第 2 部分没有打印 'ping finished' 那一行")
    said = finished[0].group(1) == "True", finished[0].group(2) == "True"
    # A greenlet left suspended (nobody switched back to it) never ends: its lane is killed at exit.
    agree = [(t.state == "done") == dead for t, dead in zip((ping, pong), said)]
    ok = overlaps == 0 and all(agree)
    return ok, say(f"{overlaps} overlapping running spans over {len(lanes(run))} lanes; ping's lane ended {ping.state}, "
                   f"pong's {pong.state}; the program printed {finished[0].group(0)[8:]}",
                   f"{len(lanes(run))} 条泳道中有 {overlaps} 段运行时间重叠；ping 的泳道以 {ping.state} 结束，"
                   f"pong 的以 {pong.state} 结束；程序打印了 {finished[0].group(0)[8:]}")


@check("the threads of part 3 overlapped: the part took about one worker's time",
       "第 3 部分的线程是重叠运行的：整个部分只用了大约一个任务的时间")
def threads_overlap(run):
    n, steps, step = run.params["workers"], run.params["steps"], run.params["step_s"]
    t = took(run, 3)
    assert t is not None, say("part 3 printed no time", "第 3 部分没有打印用时")
    one = steps * step
    workers = [run.thread(f"thread-{i}") for i in range(n)]
    sleeps = [[s for s in w.states if s[1] == "sleeping"] for w in workers]
    first, last = max(s[0][0] for s in sleeps), min(w.end_t for w in workers)
    ok = t >= one - 1e-6 and all(w.state == "done" for w in workers) and first < last
    if run.mode == "deterministic":
        ok = ok and t <= one + margin(run)
        extra, extra_zh = "", ""
    else:
        # Free mode on a loaded machine starts threads late, so the part's
        # clock time says little; the lanes say more: the threads slept
        # longer in all than the part lasted only if their sleeps overlapped.
        part = max(w.end_t for w in workers) - min(w.states[0][0] for w in workers)
        slept = sum(stop - at for w in workers for at, stop in spans_in(w, "sleeping", w.end_t))
        ok = ok and (n < 2 or slept > 1.2 * part)
        extra = f"; their lanes slept {slept:.2f} s in all during {part:.2f} s"
        extra_zh = f"；在 {part:.2f} 秒里，它们的泳道一共睡了 {slept:.2f} 秒"
    return ok, say(f"{n} threads x {steps} steps x {step} s took {t:.2f} s (one worker alone: {one:.2f} s){extra}",
                   f"{n} 个线程 x {steps} 步 x {step} 秒，用了 {t:.2f} 秒（单个任务：{one:.2f} 秒）{extra_zh}")


def time_in_state(t, state, end):
    return sum(stop - at for at, stop in spans_in(t, state, end))


def spans_in(t, state, end):
    spans = []
    for i, (at, s, _, _) in enumerate(t.states):
        if s == state:
            stop = t.states[i + 1][0] if i + 1 < len(t.states) else end
            spans.append((at, stop))
    return spans


@check("gevent: the workers' sleeps became switches to the hub, in one OS thread, and overlapped",
       "gevent：任务的 sleep 变成了切换到 hub，全部在一个操作系统线程里，并且是重叠的")
def gevent_overlaps(run):
    gevent_ran(run)
    n, steps = run.params["workers"], run.params["steps"]
    hub = lane(run, "Hub")
    workers = [w for w in lanes(run) if re.match(r"greenlet work\('greenlet-\d+'\) @", w.name)]
    assert hub is not None and len(workers) == n, say(f"{len(workers)} worker lanes of {n}, hub lane: {hub is not None}",
                                                      f"任务泳道 {len(workers)} 条（应有 {n} 条），hub 泳道：{hub is not None}")
    to_hub = [s for s in run.switches if s.other == hub.name]
    threads = {w.lane_of for w in workers + [hub]}
    os_threads = [x for x in run.threads if x.lane_of is None]
    # Scale-free (gevent's clock is real whatever the run's speed): the
    # part lasts from the first worker lane to the last one's end; the
    # workers' waits for the hub overlap when together they waited longer
    # than the part lasted.
    first = min(w.states[0][0] for w in workers)
    last = max(w.end_t if w.end_t is not None else run.duration for w in workers)
    part = max(last - first, 1e-9)
    waited = sum(time_in_state(w, "waiting", run.duration) for w in workers)
    overlapped = waited > 0.75 * n * part if n > 1 else waited > 0.5 * part
    ok = (threads == {"MainThread"} and len(to_hub) >= n * steps and overlapped
          and all(w.state == "done" for w in workers) and len(os_threads) == n + 1)
    return ok, say(f"{n} worker lanes and the hub in {sorted(threads)}; {len(to_hub)} switches to the hub; "
                   f"the workers waited {waited:.2f} s in all during the part's {part:.2f} s; "
                   f"{len(os_threads)} OS threads in the run (main and part 3's)",
                   f"{n} 条任务泳道和 hub 都在 {sorted(threads)} 里；切换到 hub {len(to_hub)} 次；"
                   f"在这部分的 {part:.2f} 秒里，任务一共等待了 {waited:.2f} 秒；"
                   f"这次运行有 {len(os_threads)} 个操作系统线程（主线程和第 3 部分的线程）")


@answer
def how_long(run):
    """0: the sleeps added up, 1: they overlapped (about one worker's time),
    2: nothing really waited. Read from the lanes, so that it holds at any
    speed (gevent's clock is real, the run's may be scaled)."""
    if took(run, 4) is None:
        return None
    n = run.params["workers"]
    hub = lane(run, "Hub")
    workers = [w for w in lanes(run) if re.match(r"greenlet work\('greenlet-\d+'\) @", w.name)]
    if n < 2 or hub is None or len(workers) != n or any(w.end_t is None for w in workers):
        return None
    part = max(w.end_t for w in workers) - min(w.states[0][0] for w in workers)
    life = sum(w.end_t - w.states[0][0] for w in workers) / n
    if part > 0 and life > 0 and part / life > (1 + n) / 2:
        return 0  # each worker lived a share of the part: one after another
    if time_in_state(hub, "sleeping", run.duration) < 0.1 * part:
        return 2
    return 1
