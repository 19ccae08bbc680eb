"""Times `threadlab run FILE.py` as a whole process against a baseline run in
the same session (A B A B ..., the ratio taken pair by pair), and prints
medians with their min-max. Standard library only.

    python3 bench/python/bench.py startup        # section 7.3 of docs/BENCHMARKS.md
    python3 bench/python/bench.py free           # section 7.1
    python3 bench/python/bench.py det            # section 7.2
    python3 bench/python/bench.py det --pin 0    # section 7.2, the whole process on CPU 0
    python3 bench/python/bench.py all -n 15

Options: -n RUNS (counted runs of each command, default 11, after one warm-up
pair), --threadlab PATH (default build/app/threadlab next to this folder),
--python PATH (default /usr/bin/python3.11), --pin CPU (every command under
`taskset -c CPU`).

Each figure is the whole process from outside: fork, exec, the interpreter's
start, the program, the report and the exit.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def prog(name):
    return os.path.join(HERE, name)


def run_once(cmd, env):
    """Wall seconds and CPU seconds (user + sys, the process and what it reaped)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"exit status {p.returncode}: {' '.join(cmd)}")
    return wall, ru.ru_utime + ru.ru_stime


class Timer:
    def __init__(self, runs, pin):
        self.runs, self.pin = runs, pin

    def cmd(self, cmd):
        return (["taskset", "-c", str(self.pin)] if self.pin is not None else []) + cmd

    def compare(self, a, b, env_a=None, env_b=None):
        """Medians of A and B (wall, cpu) and the median ratio A/B, pair by pair."""
        env_a = dict(os.environ, **(env_a or {}))
        env_b = dict(os.environ, **(env_b or {}))
        a, b = self.cmd(a), self.cmd(b)
        run_once(a, env_a), run_once(b, env_b)  # warm-up pair
        ra, rb = [], []
        for _ in range(self.runs):
            ra.append(run_once(a, env_a))
            rb.append(run_once(b, env_b))
        ratios = [x[0] / y[0] for x, y in zip(ra, rb)]
        return summary([w for w, _ in ra]), summary([w for w, _ in rb]), summary(ratios), \
            statistics.median(c for _, c in ra), statistics.median(c for _, c in rb)

    def alone(self, a, env=None):
        env = dict(os.environ, **(env or {}))
        a = self.cmd(a)
        run_once(a, env)
        r = [run_once(a, env) for _ in range(self.runs)]
        return summary([w for w, _ in r]), statistics.median(c for _, c in r)


def summary(xs):
    return statistics.median(xs), min(xs), max(xs)


def ms(s):
    return f"{s[0] * 1e3:.1f} ms ({s[1] * 1e3:.1f}-{s[2] * 1e3:.1f})"


def sec(s):
    return f"{s[0]:.3f} s ({s[1]:.3f}-{s[2]:.3f})"


def ratio(s):
    return f"{s[0]:.3f}x ({s[1]:.3f}-{s[2]:.3f})"


def table(header, rows):
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print()


def startup(t, tl, py):
    empty = prog("empty.py")
    rows = []
    for label, cmd in [
        ("threadlab run empty.py --json (free)", [tl, "run", empty, "--json"]),
        ("threadlab run empty.py (free, text report)", [tl, "run", empty]),
        ("threadlab run empty.py --mode deterministic --json", [tl, "run", empty, "--mode", "deterministic", "--json"]),
        ("threadlab list", [tl, "list"]),
    ]:
        a, b, r, _, _ = t.compare(cmd, [py, empty])
        rows.append([label, ms(a), ms(b), ratio(r)])
    table(["command (A)", "A median (min-max)", "python3.11 empty.py (B, same run)", "A/B"], rows)


def free(t, tl, py):
    rows = []
    for name in ["cpu_countdown.py", "sleep_threads.py", "sleep_queue.py", "sleep_pool.py"]:
        for extra, label in [(["--json"], "--json"), ([], "text report")]:
            a, b, r, ca, cb = t.compare([tl, "run", prog(name)] + extra, [py, prog(name)])
            rows.append([f"{name} ({label})", sec(a), sec(b), ratio(r), f"{ca:.3f} / {cb:.3f} s"])
    table(["threadlab run FILE (A, free mode)", "A median (min-max)", "python3.11 FILE (B)", "A/B",
           "CPU A / B"], rows)


def events_of(tl, cmd_tail, env):
    out = subprocess.run([tl, "run"] + cmd_tail + ["--json"], capture_output=True, text=True,
                         env=dict(os.environ, **env), check=True).stdout
    return json.loads(out)["metrics"]["events"]


def det(t, tl, py, n):
    env = {"BENCH_N": str(n)}
    zero = {"BENCH_N": "0"}
    base, _ = t.alone([tl, "run", prog("empty.py"), "--mode", "deterministic", "--json"])
    print(f"start-up (empty.py, deterministic, --json): {ms(base)}" +
          (f", under taskset -c {t.pin}" if t.pin is not None else ""))
    print()
    rows = []
    cases = [
        ("det_one.py", "line", "random"),
        ("det_two.py", "line", "random"),
        ("det_two.py", "line", "round-robin"),
        ("det_two.py", "switch", "round-robin"),
        ("det_two.py", "bytecode", "round-robin"),
    ]
    for name, gran, policy in cases:
        counted = json.loads(subprocess.run([py, prog("count_points.py"), prog(name)], capture_output=True,
                                            text=True, env=dict(os.environ, **env), check=True).stdout)
        decisions = counted[gran]
        tail = [prog(name), "--mode", "deterministic", "--granularity", gran, "--policy", policy]
        switches = (events_of(tl, tail, env) - events_of(tl, tail, zero)) / 2  # a Ready and a Running event each
        wall, _ = t.alone([tl, "run"] + tail + ["--json"], env)
        rate = [decisions / (w - base[0]) for w in wall]  # median, then the slowest and fastest runs
        rows.append([f"{name} --granularity {gran} --policy {policy}", f"{decisions:,}", f"{switches:,.0f}",
                     sec(wall), f"{rate[0]:,.0f} ({rate[2]:,.0f}-{rate[1]:,.0f})"])
    table(["threadlab run FILE --mode deterministic (BENCH_N=%d)" % n, "decisions", "switches", "wall median (min-max)",
           "decisions/s (wall - start-up)"], rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("suite", choices=["startup", "free", "det", "all"])
    ap.add_argument("-n", type=int, default=11)
    ap.add_argument("--threadlab", default=os.path.join(ROOT, "build", "app", "threadlab"))
    ap.add_argument("--python", default="/usr/bin/python3.11")
    ap.add_argument("--pin", type=int)
    ap.add_argument("--det-n", type=int, default=200000, help="BENCH_N for the deterministic programs")
    o = ap.parse_args()
    t = Timer(o.n, o.pin)
    print(f"{o.n} runs each after a warm-up; load average {os.getloadavg()[0]:.2f}; {o.threadlab}")
    print()
    if o.suite in ("startup", "all"):
        startup(t, o.threadlab, o.python)
    if o.suite in ("free", "all"):
        free(t, o.threadlab, o.python)
    if o.suite in ("det", "all"):
        det(t, o.threadlab, o.python, o.det_n)


if __name__ == "__main__":
    main()
