# What every run of this lesson must show, whatever its parameters and seed.
# Each size of each sweep is a ThreadPoolExecutor of its own; its workers'
# names say which sweep it belongs to (io_0, io_1 ... / cpu_0 ...), and its
# max_workers is the value its constructor was given.
import math

from threadlab import answer, check, not_shown, say

# Deterministic mode charges a few nanoseconds for each Python line a thread
# runs: "exactly k waves of io_s" allows this much more.
SLACK_S = 0.005


def sizes(run):
    size, out = 1, []
    while size < run.params["max_workers"]:
        out.append(size)
        size *= 2
    return out + [run.params["max_workers"]]


def first(ops):
    return min(ops, key=lambda op: op.index) if ops else None


class Pool:
    """One executor of a sweep, as the pool-sweep reducer sees it."""

    def __init__(self, run, ex):
        self.futures = [run.objects[s.aux] for s in ex.ops("submit") if s.ok]
        self.max_workers = ex.initial
        self.workers = {op.thread for f in self.futures for op in f.ops("running")}
        ends = [op.t for f in self.futures for op in f.ops("finished")]
        self.finished = len(ends)
        # From the first future made: submit() is recorded when it returns,
        # and a short job may be done by then.
        made = [op.t for f in self.futures for op in f.ops("pending")] + [s.t for s in ex.ops("submit")]
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


def sweep(run, prefix):
    """The pools of one sweep, smallest first."""
    pools = [Pool(run, ex) for ex in run.listed_objects("ThreadPoolExecutor") if ex.ops("submit")]
    found = sorted((p for p in pools if p.prefix == prefix), key=lambda p: p.max_workers)
    assert [p.max_workers for p in found] == sizes(run), \
        say(f"the {prefix} sweep has pools of {[p.max_workers for p in found]}, not {sizes(run)}",
            f"{prefix} 扫描的线程池大小是 {[p.max_workers for p in found]}，而不是 {sizes(run)}")
    return found


def rates(pools):
    return ", ".join(f"{p.max_workers}: {p.rate:.1f}" for p in pools)


def by_workers(pools, en_tail="", zh_tail=""):
    """The jobs per second of each size ("1: 9.8, 2: 19.6 ...") and what follows, in both languages."""
    return say(f"jobs/s by workers: {rates(pools)}{en_tail}",
               f"各线程数下每秒完成的任务数：{rates(pools)}{zh_tail}")


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
    useful = [p for p in pools if p.max_workers <= jobs]
    if useful[-1].rate < 1.5 * pools[0].rate:
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


@check("ThreadPoolExecutor()'s default max_workers is min(32, cpu_count + 4), not 5 x cpu_count",
       "ThreadPoolExecutor() 默认的 max_workers 是 min(32, cpu_count + 4)，而不是 cpu_count 的 5 倍")
def default_workers(run):
    said = {}
    for line in run.output:
        if line.startswith("cpu_count = "):
            said["cpus"] = int(line.split()[2].rstrip(";"))
        if line.startswith("ThreadPoolExecutor() makes up to "):
            said["default"] = int(line.split()[4])
    assert len(said) == 2, say("the program did not print cpu_count and the default", "程序没有打印 cpu_count 和默认值")
    cpus, default = said["cpus"], said["default"]
    return default == min(32, cpus + 4), say(f"cpu_count {cpus}: default {default}, 5 x cpu_count would be {5 * cpus}",
                                             f"cpu_count 为 {cpus}：默认值 {default}，5 x cpu_count 则是 {5 * cpus}")


@answer
def curves(run):
    """0: both rise; 1: I/O rises, CPU flat; 3: neither moves (2 is never what a run shows)."""
    io, cpu = sweep(run, "io"), sweep(run, "cpu")
    io_rises = max(p.rate for p in io) >= 1.5 * io[0].rate
    cpu_rises = max(p.rate for p in cpu) >= 1.5 * cpu[0].rate
    if io_rises and cpu_rises:
        return 0
    if io_rises:
        return 1
    if not cpu_rises:
        return 3
    return None
