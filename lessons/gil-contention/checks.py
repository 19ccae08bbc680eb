# What every run of this lesson must show, whatever its parameters and seed.
# MainThread prints the time of each phase ("2 threads: 96.00 ms") and the
# I/O thread's mean response in each neighbourhood ("response next to
# thread: 5.00 ms"); the threads are named after their part (countdown-1,
# process-2, serve-next-to-thread...). Deterministic mode models CPython
# 3.11's GIL exactly, so its numbers are held to the model; a free run is on
# a real machine shared with other programs, so its checks hold what CPython
# guarantees and say NOT SHOWN when the machine, not the GIL, decided.
from threadlab import answer, check, not_shown, say


def main_line(run, prefix):
    for p in run.prints:
        if p.thread == "MainThread" and p.text.startswith(prefix):
            return p.text
    assert False, say(f"MainThread never printed \"{prefix}...\"", f"MainThread 没有打印 “{prefix}……”")


def number(run, prefix):
    """The number after "PREFIX: " in MainThread's line."""
    return float(main_line(run, prefix + ": ")[len(prefix) + 2:].split()[0])


def cores(run):
    """os.cpu_count(), from MainThread's first line ("2 cores, switch interval 5 ms")."""
    first = main_line(run, "").split()
    return int(first[0]) if first and first[0].isdigit() else 1


def ratio(run, label):
    sequential = number(run, "sequential")
    return number(run, label) / sequential if sequential > 0 else 0.0


def switch_ms(run):
    """The smallest switch interval of the run: the program's, or a teacher's change."""
    values = [run.params["switch_ms"]]
    for p in run.prints:
        words = p.text.split()
        if p.thread == "teacher" and words[:2] == ["teacher:", "switch_ms"] and len(words) == 5:
            values.append(float(words[4]))
    return min(values)


def life(run, name):
    thread = run.thread(name)
    assert thread is not None and thread.states, say(f"no thread {name} in the log", f"日志里没有线程 {name}")
    return thread.states[0][0], thread.end_t if thread.end_t is not None else run.duration


def overlapped(run, a, b):
    (a0, a1), (b0, b1) = life(run, a), life(run, b)
    return a0 < b1 and b0 < a1


def spans(run, name, state):
    thread = run.thread(name)
    out = []
    for i, (t, s, _, _) in enumerate(thread.states):
        if s == state:
            out.append((t, thread.states[i + 1][0] if i + 1 < len(thread.states) else run.duration))
    return out


def exact(run):
    return run.mode == "deterministic"


@check("two CPU-bound threads took turns holding the GIL: no faster than one thread doing both",
       "两个 CPU 密集的线程轮流持有 GIL：并不比一个线程做完两份更快")
def threads_take_turns(run):
    r = ratio(run, "2 threads")
    detail = say(f"2 threads took {r:.2f}x the sequential time", f"两个线程用了顺序执行的 {r:.2f} 倍时间")
    one_ms = number(run, "sequential") / 2
    if one_ms < 2 * switch_ms(run) or not overlapped(run, "countdown-1", "countdown-2"):
        not_shown(say(f"one countdown took only {one_ms:.2f} ms, so each thread could run it in one go, without "
                      f"turns (raise n until it takes more than two switch intervals, {2 * switch_ms(run):g} ms)",
                      f"一次倒数只用了 {one_ms:.2f} 毫秒，每个线程都能一口气跑完，不必轮流"
                      f"（调大 n，直到它超过两个切换间隔，即 {2 * switch_ms(run):g} 毫秒）"))
    if exact(run):
        waited = [run.thread(n).time_in("ready", run.duration) for n in ("countdown-1", "countdown-2")]
        return 0.97 <= r <= 1.1 and min(waited) > 0, say(
            f"{detail.en}; each was ready, waiting for the GIL, for at least {1000 * min(waited):.1f} ms",
            f"{detail.zh}；每个线程处于就绪状态、等待 GIL 至少 {1000 * min(waited):.1f} 毫秒")
    if r < 0.8:
        not_shown(say(f"2 threads took only {r:.2f}x the sequential time: the machine was busier while the "
                      "sequential phase ran (one GIL cannot run two threads' Python at once)",
                      f"两个线程只用了顺序执行的 {r:.2f} 倍时间：顺序阶段运行时机器更忙（一个 GIL 不可能同时执行两个线程的 Python 代码）"))
    return True, detail


@check("two processes, each with its own GIL, counted down at the same time",
       "两个进程各有自己的 GIL，同时在倒数")
def processes_in_parallel(run):
    r, n = ratio(run, "2 processes"), cores(run)
    detail = say(f"2 processes took {r:.2f}x the sequential time on {n} cores",
                 f"两个进程用了顺序执行的 {r:.2f} 倍时间（{n} 个核）")
    if not overlapped(run, "process-1", "process-2"):
        assert not exact(run), say("process-1 and process-2 never lived at the same time",
                                   "process-1 与 process-2 没有同时存在过")
        not_shown(say("process-1 had ended before process-2 began: the countdown is shorter than starting a process "
                      "(raise n)", "process-1 在 process-2 开始之前就结束了：倒数比启动进程还快（调大 n）"))
    if n < 2:
        not_shown(say(f"one core: the two processes take turns on it ({r:.2f}x)",
                      f"只有一个核：两个进程轮流使用它（{r:.2f} 倍）"))
    if exact(run):
        return 0.45 <= r <= 0.6, detail
    if r > 0.85:
        not_shown(say(f"2 processes took {r:.2f}x the sequential time: the machine did not give them a core each "
                      "(other programs were running, or starting a process cost more than the countdown)",
                      f"两个进程用了顺序执行的 {r:.2f} 倍时间：机器没有给它们各一个核（有别的程序在运行，或者启动进程比倒数本身还费时）"))
    return True, detail


@check("two I/O-bound threads waited at the same time: the GIL is free while a thread sleeps",
       "两个 I/O 密集的线程同时在等待：线程睡眠时 GIL 是空闲的")
def io_threads_overlap(run):
    a, b = spans(run, "serve-1", "sleeping"), spans(run, "serve-2", "sleeping")
    both = sum(max(0.0, min(a1, b1) - max(a0, b0)) for a0, a1 in a for b0, b1 in b)
    one = run.params["rounds"] * run.params["io_ms"] / 1000
    took = number(run, "2 I/O threads") / 1000
    detail = say(f"they slept at the same time for {1000 * both:.1f} ms; the phase took {1000 * took:.1f} ms, "
                 f"one thread's sleeps {1000 * one:.1f} ms",
                 f"两者同时睡眠 {1000 * both:.1f} 毫秒；该阶段用时 {1000 * took:.1f} 毫秒，一个线程的睡眠共 {1000 * one:.1f} 毫秒")
    if exact(run):
        return both >= 0.9 * one and took <= 1.2 * one, detail
    if both == 0 and one < 0.01:
        not_shown(say(f"{detail.en}: the waits are shorter than starting a thread (raise rounds or io_ms)",
                      f"{detail.zh}：等待的时间比启动一个线程还短（调大 rounds 或 io_ms）"))
    return both > 0, detail


@check("next to a CPU-bound thread, every answer waited for the GIL (the convoy effect)",
       "与 CPU 密集的线程同在一个进程时，每次响应都要等 GIL（护航效应）")
def convoy(run):
    alone, with_thread = number(run, "response next to nothing"), number(run, "response next to thread")
    interval = switch_ms(run)
    detail = say(f"response alone {alone:.2f} ms, next to a CPU-bound thread {with_thread:.2f} ms; "
                 f"switch interval {interval:g} ms",
                 f"单独响应 {alone:.2f} 毫秒，与 CPU 密集线程同在时 {with_thread:.2f} 毫秒；切换间隔 {interval:g} 毫秒")
    if exact(run):
        ready = run.thread("serve-next-to-thread").time_in("ready", run.duration)
        # Each request waits a switch interval for the GIL, shown as "ready".
        enough = ready >= 0.9 * run.params["rounds"] * interval / 1000
        return with_thread >= 0.9 * interval and enough, say(
            f"{detail.en}; it was ready, waiting for the GIL, for {1000 * ready:.1f} ms",
            f"{detail.zh}；它处于就绪状态、等待 GIL 共 {1000 * ready:.1f} 毫秒")
    return with_thread >= 0.5 * interval and with_thread > alone, detail


@check("next to a CPU-bound process, the I/O thread did not wait for a GIL: the process has its own",
       "与 CPU 密集的进程相邻时，I/O 线程不必等 GIL：那个进程有自己的 GIL")
def no_convoy_across_processes(run):
    alone = number(run, "response next to nothing")
    with_thread, with_process = number(run, "response next to thread"), number(run, "response next to process")
    detail = say(f"response alone {alone:.2f} ms, next to a CPU-bound process {with_process:.2f} ms "
                 f"(next to a thread: {with_thread:.2f} ms)",
                 f"单独响应 {alone:.2f} 毫秒，与 CPU 密集进程相邻时 {with_process:.2f} 毫秒（与线程同在时：{with_thread:.2f} 毫秒）")
    if exact(run):
        sharing = 0.0 if cores(run) >= 2 else 2 * alone   # one core: the answer shares it with the countdown
        return with_process <= alone + sharing + 0.01, detail
    if with_process >= 0.5 * with_thread:
        not_shown(say(f"{detail.en}: the I/O thread waited for a CPU, not a GIL (the machine was busy)",
                      f"{detail.zh}：I/O 线程等的是 CPU，不是 GIL（机器很忙）"))
    return True, detail


@answer
def which(run):
    r = ratio(run, "2 threads")
    return 0 if r < 0.75 else 1 if r <= 1.3 else 2
