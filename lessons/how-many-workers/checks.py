# What every run of this lesson must show, whatever its parameters and seed.
# Each size of each thread sweep is a ThreadPoolExecutor of its own; its
# workers' names say which sweep it belongs to (io_0, io_1 ... / cpu_0 ...),
# and its max_workers is the value its constructor was given. Each size of the
# process sweep is a ProcessPoolExecutor, an object of kind Pool: its `spawn`
# ops name the worker processes it forked (ForkProcess-N), and its futures are
# completed in the parent, by the executor's own thread.
import math

from threadlab import answer, check, not_shown, say

# Deterministic mode charges a few nanoseconds for each Python line a thread
# runs: "exactly k waves of io_s" allows this much more.
SLACK_S = 0.005

# Deterministic mode models a machine of 2 cores, whatever os.cpu_count()
# says (docs/ARCHITECTURE.md, "Processes in deterministic mode").
MODELLED_CORES = 2

# Passing a job to a worker process and its result back costs about 0.1 ms
# (pickling, a pipe each way, the executor's thread in the parent; deterministic
# mode times a message between processes to within 100 us). A job that computes
# for less than twice that cannot show what the cores do.
SHORTEST_JOB_S = 0.0002


def sizes(run, param="max_workers"):
    size, out, most = 1, [], run.params[param]
    while size < most:
        out.append(size)
        size *= 2
    return out + [most]


def first(ops):
    return min(ops, key=lambda op: op.index) if ops else None


class Pool:
    """One executor of a sweep, as the pool-sweep reducer sees it."""

    def __init__(self, run, ex, skip=0):
        submits = [s for s in ex.ops("submit") if s.ok][skip:]
        self.futures = [run.objects[s.aux] for s in submits]
        self.max_workers = ex.initial
        self.workers = {op.thread for f in self.futures for op in f.ops("running")}
        ends = [op.t for f in self.futures for op in f.ops("finished")]
        self.finished = len(ends)
        # From the first future made: submit() is recorded when it returns,
        # and a short job may be done by then.
        made = [op.t for f in self.futures for op in f.ops("pending")] + [s.t for s in submits]
        self.seconds = max(ends) - min(made) if ends else 0.0
        self.rate = self.finished / self.seconds if self.seconds > 0 else 0.0
        names = sorted(self.workers)
        self.prefix = names[0].rsplit("_", 1)[0] if names else ""

    def most_at_once(self):
        changes = []
        for f in self.futures:
            start, end = first(f.ops("running")), first(f.ops("finished"))
            if start:
                changes += [(start.index, 1), (end.index if end else math.inf, -1)]
        running = most = 0
        for _, d in sorted(changes):
            running += d
            most = max(most, running)
        return most


def warm_up(run, ex):
    """1 when the pool's first job is the program's pool.submit(int), which forks
    the workers before the clock starts: its result is 0, and it was done before
    the next job was submitted. 0 when there is none (a program without it)."""
    submits = [s for s in ex.ops("submit") if s.ok]
    if len(submits) < 2:
        return 0
    done = first(run.objects[submits[0].aux].ops("finished"))
    return int(done is not None and done.item == "0" and done.index < submits[1].index)


class ProcessPool(Pool):
    """One ProcessPoolExecutor of the process sweep, without its warm-up job.
    Its workers are the processes it forked."""

    def __init__(self, run, ex):
        super().__init__(run, ex, skip=warm_up(run, ex))
        self.workers = {op.other for op in ex.ops("spawn") if op.ok}


def sweep(run, prefix):
    """The pools of one sweep, smallest first."""
    pools = [Pool(run, ex) for ex in run.listed_objects("ThreadPoolExecutor") if ex.ops("submit")]
    found = sorted((p for p in pools if p.prefix == prefix), key=lambda p: p.max_workers)
    assert [p.max_workers for p in found] == sizes(run), \
        say(f"the {prefix} sweep has pools of {[p.max_workers for p in found]}, not {sizes(run)}",
            f"{prefix} 扫描的线程池大小是 {[p.max_workers for p in found]}，而不是 {sizes(run)}")
    return found


def process_sweep(run):
    """The process pools, smallest first."""
    found = sorted((ProcessPool(run, ex) for ex in run.listed_objects("Pool") if ex.ops("submit")),
                   key=lambda p: p.max_workers)
    assert [p.max_workers for p in found] == sizes(run, "max_processes"), \
        say(f"the process sweep has pools of {[p.max_workers for p in found]}, not {sizes(run, 'max_processes')}",
            f"进程扫描的进程池大小是 {[p.max_workers for p in found]}，而不是 {sizes(run, 'max_processes')}")
    return found


def printed_cpus(run):
    """The cpu_count the program printed, or None."""
    for line in run.output:
        if line.startswith("cpu_count = "):
            return int(line.split()[2].rstrip(";"))
    return None


def rates(pools):
    return ", ".join(f"{p.max_workers}: {p.rate:.1f}" for p in pools)


def rises(pools):
    return max(p.rate for p in pools) >= 1.4 * pools[0].rate


def by_workers(pools, en_tail="", zh_tail=""):
    """The jobs per second of each size ("1: 9.8, 2: 19.6 ...") and what follows, in both languages."""
    workers = "进程数" if pools and isinstance(pools[0], ProcessPool) else "线程数"
    return say(f"jobs/s by workers: {rates(pools)}{en_tail}",
               f"各{workers}下每秒完成的任务数：{rates(pools)}{zh_tail}")


@check("every pool ran all its jobs with at most max_workers threads, and never more threads than jobs",
       "每个线程池都做完了全部任务，线程数从不超过 max_workers，也不超过任务数")
def bounded(run):
    jobs = run.params["jobs"]
    bad, bad_zh = [], []
    for prefix in ("io", "cpu"):
        for p in sweep(run, prefix):
            if p.finished != jobs or len(p.workers) > min(p.max_workers, jobs) or p.most_at_once() > p.max_workers:
                bad.append(f"{prefix} {p.max_workers}: {p.finished} finished by {len(p.workers)} threads")
                bad_zh.append(f"{prefix} {p.max_workers}：{len(p.workers)} 个线程完成了 {p.finished} 个")
    if bad:
        return False, say("; ".join(bad), "；".join(bad_zh))
    return True, say(f"{2 * len(sizes(run))} pools, {jobs} jobs each", f"{2 * len(sizes(run))} 个线程池，每个 {jobs} 个任务")


@check("the I/O sweep's jobs per second rose with the workers, then flattened once there was a worker per job",
       "I/O 扫描中每秒完成的任务数随线程数上升，到每个任务都有一个线程后就不再上升")
def io_rises_then_flattens(run):
    jobs, io_s = run.params["jobs"], run.params["io_s"]
    pools = sweep(run, "io")
    detail = by_workers(pools)
    for p in pools:
        waves = math.ceil(jobs / p.max_workers)
        # Both modes: a job waits io_s at least, and a wave waits for its slowest job.
        if p.seconds < waves * io_s - 1e-6:
            return False, by_workers(pools, f"; {p.max_workers} workers took {p.seconds:.3f} s, under {waves} x {io_s} s",
                                     f"；{p.max_workers} 个线程用了 {p.seconds:.3f} 秒，少于 {waves} x {io_s} 秒")
        if run.mode == "deterministic" and p.seconds > waves * io_s + SLACK_S:
            return False, by_workers(pools, f"; {p.max_workers} workers took {p.seconds:.3f} s, not {waves} x {io_s} s",
                                     f"；{p.max_workers} 个线程用了 {p.seconds:.3f} 秒，而不是 {waves} x {io_s} 秒")
    if len(pools) < 2 or jobs < 2:
        not_shown(by_workers(pools, ": one size or one job, nothing to compare", "：只有一种大小或一个任务，没有可比较的"))
    # 3 jobs on 2 workers take 2 waves instead of 3: the least a rise can be is 1.5 x.
    if not rises(pools):
        if run.mode != "deterministic":
            not_shown(by_workers(pools, ": this machine's timing", "：这台机器的计时所致"))
        return False, detail
    return True, detail


@check("the CPU sweep with threads stayed about flat: more workers were never much faster than one (the GIL)",
       "CPU 扫描基本是平的：线程再多也不比一个线程快多少（GIL）")
def cpu_flat(run):
    pools = sweep(run, "cpu")
    if len(pools) < 2 or run.params["jobs"] < 2:
        not_shown(by_workers(pools, ": one size or one job, nothing to compare", "：只有一种大小或一个任务，没有可比较的"))
    best = max(p.rate for p in pools)
    # Deterministic mode runs one thread at a time on one virtual clock: flat
    # but for the few lines more threads cost. Free mode: a loaded machine.
    if best > (1.05 if run.mode == "deterministic" else 1.5) * pools[0].rate:
        if run.mode != "deterministic":
            not_shown(by_workers(pools, ": this machine's timing", "：这台机器的计时所致"))
        return False, by_workers(pools)
    times = best / pools[0].rate
    return True, by_workers(pools, f"; the best is {times:.2f} x one worker", f"；最好的是一个线程的 {times:.2f} 倍")


@check("every process pool finished all its jobs with at most max_workers worker processes of its own, and each one ended",
       "每个进程池都做完了全部任务，用的是它自己的工作进程，不超过 max_workers 个，而且每个都结束了")
def processes_bounded(run):
    jobs = run.params["jobs"]
    bad, bad_zh, seen = [], [], set()
    for p in process_sweep(run):
        ended = [w for w in p.workers if run.thread(w).state == "done"]
        if p.finished != jobs or not 1 <= len(p.workers) <= p.max_workers or len(ended) != len(p.workers) \
                or p.workers & seen:
            bad.append(f"{p.max_workers} processes: {p.finished} finished by {len(p.workers)} processes, {len(ended)} ended")
            bad_zh.append(f"{p.max_workers} 个进程：{len(p.workers)} 个进程完成了 {p.finished} 个，{len(ended)} 个已结束")
        seen |= p.workers
    if bad:
        return False, say("; ".join(bad), "；".join(bad_zh))
    return True, say(f"{len(sizes(run, 'max_processes'))} process pools, {jobs} jobs each, {len(seen)} worker processes",
                     f"{len(sizes(run, 'max_processes'))} 个进程池，每个 {jobs} 个任务，共 {len(seen)} 个工作进程")


@check("the CPU sweep with processes rose with the cores and no further: 2 processes at least 1.25 x as fast as one, "
       "no pool more than cores x one",
       "用进程做 CPU 扫描时，速度随核数上升，但不超过核数：2 个进程至少是 1 个进程的 1.25 倍，没有哪个进程池超过 1 个进程的核数倍")
def processes_scale_to_cores(run):
    jobs, free = run.params["jobs"], run.mode != "deterministic"
    pools = process_sweep(run)
    cores = (printed_cpus(run) or 1) if free else MODELLED_CORES
    if len(pools) < 2 or jobs < 2:
        not_shown(by_workers(pools, ": one size or one job, nothing to compare", "：只有一种大小或一个任务，没有可比较的"))
    if cores < 2:
        not_shown(by_workers(pools, ": this machine has one core", "：这台机器只有一个核"))
    # How long a job computes: the one-thread CPU pool's seconds per job.
    one_thread = sweep(run, "cpu")[0].rate
    job_s = 1 / one_thread if one_thread > 0 else 0.0
    if job_s < SHORTEST_JOB_S:
        not_shown(by_workers(pools, f": each job computes for only {job_s * 1000:.3f} ms, no longer than passing it "
                                    f"to a process and back", f"：每个任务只计算 {job_s * 1000:.3f} 毫秒，"
                                    f"不比把它交给另一个进程再取回结果更久"))
    one, two = pools[0], pools[1]
    best = max(pools, key=lambda p: p.rate)
    en = (f"; {cores} cores: 2 processes {two.rate / one.rate:.2f} x one, the best ({best.max_workers}) "
          f"{best.rate / one.rate:.2f} x")
    zh = (f"；{cores} 个核：2 个进程是 1 个的 {two.rate / one.rate:.2f} 倍，最好的（{best.max_workers} 个）"
          f"是 {best.rate / one.rate:.2f} 倍")
    # The 5%: the one-process pool also waits for each job's messages, which
    # a bigger pool overlaps with another job's computing.
    if two.rate >= 1.25 * one.rate and best.rate <= 1.05 * cores * one.rate:
        return True, by_workers(pools, en, zh)
    if free:
        not_shown(by_workers(pools, en + ": this machine's timing (are its cores busy?)",
                             zh + "：这台机器的计时所致（它的核是否正忙？）"))
    return False, by_workers(pools, en, zh)


@check("ThreadPoolExecutor()'s default max_workers is min(32, cpu_count + 4), not 5 x cpu_count",
       "ThreadPoolExecutor() 默认的 max_workers 是 min(32, cpu_count + 4)，而不是 cpu_count 的 5 倍")
def default_workers(run):
    said = {}
    if printed_cpus(run) is not None:
        said["cpus"] = printed_cpus(run)
    for line in run.output:
        if line.startswith("ThreadPoolExecutor() makes up to "):
            said["default"] = int(line.split()[4])
    assert len(said) == 2, say("the program did not print cpu_count and the default", "程序没有打印 cpu_count 和默认值")
    cpus, default = said["cpus"], said["default"]
    return default == min(32, cpus + 4), say(f"cpu_count {cpus}: default {default}, 5 x cpu_count would be {5 * cpus}",
                                             f"cpu_count 为 {cpus}：默认值 {default}，5 x cpu_count 则是 {5 * cpus}")


@answer
def curves(run):
    """0: every curve rises; 1: I/O rises, CPU flat with threads, rising with
    processes (as the process check says); 3: nothing moves (2 is never what a
    run shows). None when the run fits none of them."""
    io, cpu, procs = sweep(run, "io"), sweep(run, "cpu"), process_sweep(run)
    procs_rise = len(procs) > 1 and procs[1].rate >= 1.25 * procs[0].rate
    if rises(io) and rises(cpu) and procs_rise:
        return 0
    if rises(io) and not rises(cpu) and procs_rise:
        return 1
    if not rises(io) and not rises(cpu) and not procs_rise:
        return 3
    return None
