#!/usr/bin/env python3
"""The fidelity bar (docs/FIDELITY.md): CPython's own tests of threading,
queue and concurrent.futures (Debian's libpython3.11-testsuite), run over
ThreadLab's engine through `threadlab run driver.py`, in free and
deterministic mode.

    python3 tests/cpython/fidelity.py --threadlab build/app/threadlab          # the CI set
    python3 tests/cpython/fidelity.py --threadlab build/app/threadlab --full   # everything (or THREADLAB_FIDELITY_FULL=1)
    ... --config free --group threading-locks --only LockTests.test_with -v
    ... --no-skips            # run the skip list too, to see what it does today
    ... --python /usr/bin/python3.11   # the same jobs on plain CPython, the baseline
    ... --json results.json --markdown table.md

What runs is in suites.py: groups of test classes, the configurations
(mode, granularity) each group runs in, in CI and in the full set, the skip
list (not run), the known failures (run, failure expected) and the flaky
tests (run, a failure not counted), each with its reason. Exit status 0
when no test outside those lists failed, raised an error or hung and every
run ended normally; 1 otherwise; 2 on bad arguments; 77 (ctest's skip) when
the test suite is not installed.

A hang is a test that started and did not end within --stall seconds (no
test ended meanwhile): the run is stopped (SIGTERM to threadlab, which
still prints its report, then SIGKILL to its session), the test is
recorded as hung, and the rest of the group runs in a new process without
it. A run that ends during a test (a crash, or in deterministic mode a
deadlock the engine reports) is recorded the same way, as "crash", with
the end of the report.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import suites  # noqa: E402

DRIVER = os.path.join(HERE, "driver.py")
BAD = ("fail", "error", "hang", "crash")


def config_args(config, seed):
    mode, _, gran = config.partition("-")
    args = ["--mode", "free" if mode == "free" else "deterministic"]
    if mode == "det":
        args += ["--seed", str(seed)]
        if gran:
            args += ["--granularity", gran]
    return args


def read_records(path):
    recs = []
    try:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line:
                    try:
                        recs.append(json.loads(line))
                    except ValueError:
                        pass  # a line cut by the kill
    except FileNotFoundError:
        pass
    return recs


def tail(path, n=25):
    try:
        with open(path, errors="replace") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return ""
    return "\n".join(lines[-n:])


def report_excerpt(path):
    """What a threadlab text report says about how a run ended: its Deadlock
    section (the wait-for cycle), and the last lines of the program's
    output (the test that was running, its last words)."""
    try:
        with open(path, errors="replace") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return ""
    keep, section, output = [], None, []
    for line in lines:
        if line and not line.startswith(" "):
            section = line.split(" (")[0]
            if section == "Deadlock" or line.startswith(("BLOCKED", "ENDED", "threadlab run:")):
                keep.append(line)
            continue
        if section == "Deadlock" and line.strip():
            keep.append(line)
        elif section == "Output" and line.strip():
            output.append(line)
    head = [l for l in lines[:4] if l.startswith("duration")]
    return "\n".join(head + keep + (["last output:"] + output[-6:] if output else ["(no output)"]))


def stop(proc):
    """SIGTERM to threadlab itself, which ends its program's process group
    and still prints its report; then SIGKILL to whatever is left."""
    try:
        proc.terminate()
        proc.wait(5)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # its own session: forked children too
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def _child_signals():
    # A shell starts background jobs with SIGINT ignored, and an ignored
    # SIGINT is inherited through exec: CPython then installs no
    # KeyboardInterrupt handler, and test_threading.InterruptMainTests fails
    # (with plain python3.11 as well). Every run starts as from a terminal.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


def run_once(cmd, job, workdir, stall, cap):
    """One process over the job. Returns (records, how, seconds, log path):
    how is 'exit N', 'stall' or 'cap'."""
    base = job["out"][:-len(".jsonl")]
    jobpath, logpath = base + ".job.json", base + ".log"  # the report of threadlab run
    with open(jobpath, "w") as f:
        json.dump(job, f)
    env = dict(os.environ, TL_FIDELITY_JOB=jobpath)
    t0 = time.monotonic()
    with open(logpath, "w") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=workdir,
                                start_new_session=True, preexec_fn=_child_signals)
        try:
            how = _watch(proc, job["out"], t0, stall, cap)
        except BaseException:  # Ctrl-C: leave nothing running
            stop(proc)
            raise
    return read_records(job["out"]), how, time.monotonic() - t0, logpath


def _watch(proc, out, t0, stall, cap):
    """Waits for the process to end, or stops it: 'exit N', 'stall' or 'cap'."""
    last_size, last_change = -1, time.monotonic()
    while True:
        try:
            return "exit %d" % proc.wait(0.1)
        except subprocess.TimeoutExpired:
            pass
        now = time.monotonic()
        try:
            size = os.path.getsize(out)
        except OSError:
            size = 0
        if size != last_size:
            last_size, last_change = size, now
        how = "stall" if now - last_change > stall else "cap" if now - t0 > cap else None
        if how:
            stop(proc)
            return how


def run_group(group, config, args, workdir, skips):
    """Runs one group in one configuration to the end, past hangs.
    Returns {test id: record} and a list of notes about the runs."""
    if args.python:
        cmd = [args.python, DRIVER]
    else:
        cmd = [args.threadlab, "run", DRIVER] + config_args(config, args.seed)
    tests = list(group["classes"])
    if args.only:
        tests = [o for o in args.only if o.split(".")[0] in tests]
    results, notes, exclude = {}, [], []
    total = 1 << 30  # the number of tests, from the first run's "begin"
    started_total = time.monotonic()
    for attempt in range(200):
        out = os.path.join(workdir, "%s.%s.%d.jsonl" % (group["name"], config, attempt))
        job = {"module": group["module"], "tests": tests, "exclude": exclude,
               "skip": skips, "out": out}
        recs, how, secs, logpath = run_once(cmd, job, workdir, args.stall, args.cap)
        running = None
        done = False
        for r in recs:
            if r["event"] == "begin" and attempt == 0:
                total = r["count"]
            elif r["event"] == "start":
                running = r["id"]
            elif r["event"] == "end":
                results[r["id"]] = r
                if r["id"] == running:
                    running = None
            elif r["event"] == "done":
                done = True
        if args.verbose:
            print("    [%s %s] attempt %d: %s after %.1fs, %d results"
                  % (group["name"], config, attempt, how, secs, len(results)), flush=True)
        if done and how.startswith("exit"):
            if how != "exit 0":
                notes.append("the run ended with %s after its last test:\n%s" % (how, report_excerpt(logpath)))
            break
        if done:
            notes.append("every test ended, but the process did not exit (%s after %.0fs): "
                         "a thread left behind blocks the interpreter's exit" % (how, secs))
            break
        if running is None:
            if not recs:
                notes.append("the run produced no result (%s):\n%s" % (how, tail(logpath)))
            else:
                notes.append("the run stopped between tests (%s):\n%s" % (how, report_excerpt(logpath)))
            break
        kind = "hang" if how in ("stall", "cap") else "crash"
        detail = ("no progress for %ds" % args.stall) if how == "stall" else \
                 ("over the %ds cap" % args.cap) if how == "cap" else \
                 ("the run ended (%s) during the test" % how)
        results[running] = {"event": "end", "id": running, "outcome": kind, "detail": detail,
                            "trace": report_excerpt(logpath)}
        exclude = sorted(results)
        hangs = sum(1 for r in results.values() if r["outcome"] in ("hang", "crash"))
        if len(results) >= total:
            break  # the test that hung was the last one
        if hangs > args.max_hangs:
            notes.append("gave up after %d hangs (--max-hangs %d); the rest of the group did not run"
                         % (hangs, args.max_hangs))
            break
        if how == "cap" or time.monotonic() - started_total > args.cap:
            notes.append("stopped after %.0fs (--cap %d)" % (time.monotonic() - started_total, args.cap))
            break
    return results, notes


def count(results):
    c = {"total": 0, "passed": 0, "failed": 0, "errors": 0, "hung": 0,
         "skipped_list": 0, "skipped_cpython": 0, "known": 0, "flaky": 0, "unexpected": 0}
    for r in results.values():
        c["total"] += 1
        o = r["outcome"]
        if o in ("pass", "xfail"):
            c["passed"] += 1
        elif o in ("fail", "xpass"):
            c["failed"] += 1
        elif o == "error":
            c["errors"] += 1
        elif o in ("hang", "crash"):
            c["hung"] += 1
        elif o == "skip":
            c["skipped_list" if r.get("detail", "").startswith("threadlab: ") else "skipped_cpython"] += 1
        if r.get("known", "").startswith("flaky: "):
            c["flaky"] += 1
        elif r.get("known"):
            c["known"] += 1
        elif o in BAD or o == "xpass":
            c["unexpected"] += 1
    return c


def markdown(table):
    out = ["| group | config | tests | passed | failed | errors | hung | skipped (list) | skipped (CPython) "
           "| known failures | flaky failures | unexpected |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for (g, cfg), c in table:
        out.append("| %s | %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d |" % (
            g, cfg, c["total"], c["passed"], c["failed"], c["errors"], c["hung"], c["skipped_list"],
            c["skipped_cpython"], c["known"], c["flaky"], c["unexpected"]))
    return "\n".join(out) + "\n"


def main():
    default_bin = os.environ.get("THREADLAB", os.path.join(HERE, "..", "..", "build", "app", "threadlab"))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--threadlab", default=default_bin, help="the binary (default: $THREADLAB or build/app/threadlab)")
    p.add_argument("--python", help="run the same jobs on this interpreter instead (the CPython baseline), "
                                    "with no skip list")
    p.add_argument("--full", action="store_true", default=os.environ.get("THREADLAB_FIDELITY_FULL") == "1",
                   help="the full set: every group in every configuration (env THREADLAB_FIDELITY_FULL=1)")
    p.add_argument("--config", action="append",
                   help="only these configurations of the set (repeatable): " + ", ".join(suites.CONFIGS))
    p.add_argument("--group", action="append", help="only these groups (repeatable; see suites.py)")
    p.add_argument("--only", action="append", help="only this Class or Class.test_name (repeatable)")
    p.add_argument("--seed", type=int, default=suites.SEED, help="deterministic mode's seed (default %d)" % suites.SEED)
    p.add_argument("--no-skips", action="store_true", help="run the tests on the skip list too")
    p.add_argument("--strict", action="store_true", help="a known failure that passes counts against the bar")
    p.add_argument("--stall", type=int, default=suites.STALL_SECONDS,
                   help="seconds without a test ending before the running one counts as hung (default %d)"
                        % suites.STALL_SECONDS)
    p.add_argument("--max-hangs", type=int, default=None,
                   help="give a group up after this many hangs (default 3, or no limit with --full)")
    p.add_argument("--cap", type=int, default=900, help="seconds at most for one group in one configuration")
    p.add_argument("--json", help="write every result here")
    p.add_argument("--markdown", help="write the counts table here")
    p.add_argument("--workdir", help="keep the jobs, results and reports here (default: a temporary folder, "
                                     "removed when the bar is met)")
    p.add_argument("-v", "--verbose", action="store_true", help="each process run, and the tracebacks")
    args = p.parse_args()

    for c in args.config or ():
        if c not in suites.CONFIGS:
            p.error("unknown --config %s (allowed: %s)" % (c, ", ".join(suites.CONFIGS)))
    names = [g["name"] for g in suites.GROUPS]
    for g in args.group or ():
        if g not in names:
            p.error("unknown --group %s (allowed: %s)" % (g, ", ".join(names)))
    if not args.python and not os.access(args.threadlab, os.X_OK):
        p.error("no threadlab binary at %s (--threadlab)" % args.threadlab)
    if not os.path.exists(suites.TESTSUITE_MARKER):
        print("fidelity: skipped, %s is missing (install libpython3.11-testsuite)" % suites.TESTSUITE_MARKER)
        return 77
    if args.max_hangs is None:
        args.max_hangs = 1000 if args.full else 3
    if args.python:
        args.stall = max(args.stall, 120)

    keep = bool(args.workdir)
    workdir = args.workdir or tempfile.mkdtemp(prefix="threadlab-fidelity-")
    os.makedirs(workdir, exist_ok=True)
    which = "full" if args.full else "ci"
    table, everything, n_unexpected = [], {}, 0
    t_all = time.monotonic()
    for g in suites.GROUPS:
        if args.group and g["name"] not in args.group:
            continue
        if args.only and not any(o.split(".")[0] in g["classes"] for o in args.only):
            continue
        configs = [c for c in g[which] if not args.config or c in args.config]
        if args.python:
            configs = configs[:1]
        for config in configs:
            skips = {} if args.no_skips or args.python else suites.skips_for(g["module"], config)
            known = {} if args.python else suites.known_for(g["module"], config)
            flaky = {} if args.python else suites.flaky_for(g["module"], config)
            t0 = time.monotonic()
            results, notes = run_group(g, config, args, workdir, skips)
            label = "python" if args.python else config
            passes_now = []
            for tid, r in results.items():
                if tid in known:
                    if r["outcome"] in BAD:
                        r["known"] = known[tid]
                    elif r["outcome"] == "pass":
                        passes_now.append(tid)
                elif tid in flaky and r["outcome"] in ("fail", "error"):
                    r["known"] = "flaky: " + flaky[tid]
            c = count(results)
            if args.strict:
                c["unexpected"] += len(passes_now)
            c["unexpected"] += len(notes)
            n_unexpected += c["unexpected"]
            table.append(((g["name"], label), c))
            print("%-18s %-13s %3d tests: %3d passed, %d failed, %d errors, %d hung, %d skipped (list) "
                  "+ %d (CPython); %d known, %d flaky, %d unexpected  %5.1fs"
                  % (g["name"], label, c["total"], c["passed"], c["failed"], c["errors"], c["hung"],
                     c["skipped_list"], c["skipped_cpython"], c["known"], c["flaky"], c["unexpected"],
                     time.monotonic() - t0), flush=True)
            for tid in sorted(results):
                r = results[tid]
                if r["outcome"] in BAD or r["outcome"] == "xpass":
                    tag = r["outcome"].upper()
                    if r.get("known"):
                        tag = ("flaky " if r["known"].startswith("flaky: ") else "known ") + r["outcome"]
                    detail = r.get("detail", "")
                    if r.get("known"):
                        detail = detail.splitlines()[0][:160] if detail else ""
                    print("  %s %s: %s" % (tag, tid, detail), flush=True)
                    if (args.verbose or not r.get("known")) and r.get("trace"):
                        print("    " + r["trace"].rstrip().replace("\n", "\n    "), flush=True)
            for tid in passes_now:
                print("  PASSES NOW %s: take it off suites.KNOWN" % tid, flush=True)
            for n in notes:
                print("  RUN: " + n.rstrip().replace("\n", "\n    "), flush=True)
            everything["%s/%s" % (g["name"], label)] = {
                "counts": c, "results": results, "notes": notes, "passes_now": passes_now}
    print("fidelity: %d runs in %.1fs: %s" % (
        len(table), time.monotonic() - t_all,
        "%d unexpected (files in %s)" % (n_unexpected, workdir) if n_unexpected else "the bar is met"),
        flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(everything, f, indent=1, sort_keys=True)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(markdown(table))
    if n_unexpected == 0 and not keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if n_unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
