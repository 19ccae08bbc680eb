# What every run of this lesson must show, whatever its parameters and seed.
import re

from threadlab import answer, check, not_shown, say

REPORT = re.compile(r"(created, none started|after starting worker-\d+|after joining worker-\d+): "
                    r"active_count\(\) = (\d+), enumerate\(\) = \[([^\]]*)\], idents distinct: (True|False)")
MAIN = re.compile(r"main: current_thread\(\)\.name = (\S+), is main_thread\(\): (True|False), "
                  r"get_ident\(\) == main\.ident: (True|False)")
WORKER = re.compile(r"(worker-\d+): get_ident\(\) == current_thread\(\)\.ident: (True|False), "
                    r"current_thread\(\) is main_thread\(\): (True|False)")


def reports(run):
    """Every report main printed: (print, moment, count, names, distinct)."""
    out = []
    for p in run.prints:
        if p.stderr or p.thread != "MainThread":
            continue
        for m in REPORT.finditer(p.text):
            names = [n for n in m.group(3).split(", ") if n]
            out.append((p, m.group(1), int(m.group(2)), names, m.group(4) == "True"))
    assert out, say("main printed no report of active_count() and enumerate()",
                    "主线程没有打印 active_count() 和 enumerate() 的报告")
    return out


def workers(run):
    return [t for t in run.threads if t.name.startswith("worker-")]


def started_index(run, name):
    """Where `name` was started, and whether a start() of the program did it;
    for a thread no start() made (free mode's teacher thread of a live
    change), where it began."""
    try:
        starts = run.object(name).ops("start")
    except KeyError:
        return next((t.start_index for t in run.threads if t.name == name), None), False
    return (starts[0].index if starts else None), True


@check("active_count() was len(enumerate()) every time, and the main thread was always counted",
       "active_count() 每次都等于 len(enumerate())，而且主线程总是算在内")
def count_is_len(run):
    # The two are separate calls (the program's lock keeps the slider's starts
    # out from between them). In free mode a thread may still come or go
    # between them: one that ends in the few milliseconds alive_set allows,
    # or the teacher's thread, which enters threading's list and leaves it
    # in its own time (see alive_set).
    near = 0.05

    def moving(p):
        if run.mode != "free":
            return 0
        return sum(1 for t in run.threads
                   if (t.end_t is not None and abs(t.end_t - p.t) <= near)
                   or (not started_index(run, t.name)[1] and t.start_index < p.index
                       and (t.end_index is None or t.end_index > p.index)))

    bad = [f"{moment}: {count} vs {names}" for p, moment, count, names, _ in reports(run)
           if abs(count - len(names)) > moving(p) or "MainThread" not in names]
    return not bad, say(f"{len(reports(run))} reports" + ("; " + "; ".join(bad[:3]) if bad else ""),
                        f"{len(reports(run))} 份报告" + ("；" + "；".join(bad[:3]) if bad else ""))


@check("enumerate() listed exactly the threads started and not yet ended",
       "enumerate() 列出的正好是已经启动、还没结束的线程")
def alive_set(run):
    # A thread ending at the very moment of a report may or may not be listed yet;
    # in free mode "the very moment" is a few milliseconds.
    near = 1e-6 if run.mode == "deterministic" else 0.05
    bad, bad_zh = [], []
    for p, moment, count, names, _ in reports(run):
        must, may = {"MainThread"}, {"MainThread"}
        for t in run.threads:                # the workers, and the teacher's thread of a live change
            if t.name == "MainThread":
                continue
            s, by_start = started_index(run, t.name)
            if s is None or s > p.index:
                continue
            if t.end_index is None or t.end_index > p.index:
                may.add(t.name)
                # The teacher's thread of free mode is in enumerate() only while
                # its call runs, which begins after its lane does and ends
                # before it (a wait for the GIL and for threading's own lock
                # lie between): it may be listed, never must be.
                if by_start and (t.end_t is None or t.end_t - p.t > near):
                    must.add(t.name)
            elif p.t - t.end_t <= near and not moment.startswith("after joining"):
                may.add(t.name)
        got = set(names)
        if moment.startswith("after joining") and moment.split()[-1] in got:
            bad.append(f"{moment}: still lists {moment.split()[-1]}")
            bad_zh.append(f"{moment}：仍然列出了 {moment.split()[-1]}")
        elif not must <= got <= may or len(got) != len(names):
            bad.append(f"{moment}: listed [{', '.join(names)}], alive [{', '.join(sorted(must))}]")
            bad_zh.append(f"{moment}：列出了 [{', '.join(names)}]，活着的是 [{', '.join(sorted(must))}]")
    if bad:
        return False, say("; ".join(bad[:3]), "；".join(bad_zh[:3]))
    return True, say(f"{len(reports(run))} reports agree with the timeline", f"{len(reports(run))} 份报告都与时间线一致")


@check("a created Thread is not alive and has no ident; a joined one is gone from enumerate() but keeps its ident",
       "只创建未启动的 Thread 不算活着，也没有 ident；join 之后它离开了 enumerate()，ident 仍然保留")
def before_and_after(run):
    first = [r for r in reports(run) if r[1] == "created, none started"]
    assert first, say("main did not report before starting the workers", "主线程在启动工作线程之前没有打印报告")
    p, _, _, names, _ = first[0]
    # Only main, and any thread a teacher's live change started before main
    # got this far (its own created workers are not alive yet).
    started = {t.name for t in run.threads if started_index(run, t.name)[0] is not None
               and started_index(run, t.name)[0] < p.index}
    others = [n for n in names if n != "MainThread"]
    ok = "MainThread" in names and set(others) <= started
    en = f"before main's first start(): {len(names)} alive" + (f" ({', '.join(others)} from the teacher)" if others else "")
    zh = f"主线程第一次 start() 之前：{len(names)} 个活着" + (f"（{'、'.join(others)} 来自老师）" if others else "")
    if run.params["workers"] == 0:
        return ok, say(en + " (no workers in this run)", zh + "（这次运行没有工作线程）")
    none = any("worker-0.ident is None: True" in line for line in run.output)
    kept = any("is_alive() = False, its ident is kept: True" in line for line in run.output)
    return ok and none and kept, say(
        en + f"; ident None before start(): {none}; after join dead with its ident: {kept}",
        zh + f"；start() 之前 ident 为 None：{none}；join 之后已结束且保留 ident：{kept}")


@check("every thread's get_ident() was its own current_thread().ident, alive idents were distinct, only main was main_thread()",
       "每个线程的 get_ident() 都等于它自己的 current_thread().ident，活着的线程 ident 各不相同，只有主线程是 main_thread()")
def identities(run):
    text = "\n".join(p.text for p in run.prints if not p.stderr)
    main = MAIN.search(text)
    assert main, say("main did not print who it is", "主线程没有打印它是谁")
    mine = [m.groups() for m in WORKER.finditer(text)]
    wrong = [f"{n}: {a}/{b}" for n, a, b in mine if (a, b) != ("True", "False")]
    distinct = all(r[4] for r in reports(run))
    n = len(workers(run))                    # the parameter's, or as many as a live change left
    ok = main.groups() == ("MainThread", "True", "True") and not wrong and distinct and len(mine) == n
    return ok, say(f"main: {', '.join(main.groups())}; {len(mine)} of {n} workers said True/False"
                   f"{' (' + ', '.join(wrong) + ')' if wrong else ''}; idents distinct in every report: {distinct}",
                   f"主线程：{', '.join(main.groups())}；{n} 个工作线程中有 {len(mine)} 个回答 True/False"
                   f"{'（' + '、'.join(wrong) + '）' if wrong else ''}；每份报告里 ident 都各不相同：{distinct}")


@answer
def count_while_running(run):
    """0: only the workers; 1: the workers and main; 2: just 1."""
    n = len(workers(run))
    full = [r for r in reports(run) if sum(name.startswith("worker-") for name in r[3]) == n]
    if n == 0 or not full:
        return None                      # never were all the workers alive at once
    count = full[-1][2]
    return 1 if count == n + 1 else 0 if count == n else 2 if count == 1 else None
