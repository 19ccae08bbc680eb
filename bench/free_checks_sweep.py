#!/usr/bin/python3.11
"""Free-mode checks over random valid parameters (issue 10, item 4).

Runs N random valid free-mode runs of every scenario (or of the ones named
with --scenario) at a given speed and counts the exit statuses, and which
checks said FAIL or NOT SHOWN. A correct program must never exit 1: a check
either holds or says the run could not show its effect.

Not part of CI (a sweep takes minutes). Typical use:

    bench/free_checks_sweep.py --binary build-helper/app/threadlab --runs 500 --speed 20
    bench/free_checks_sweep.py --binary build-helper/app/threadlab --runs 60 --speed 1

Parameters are read from `threadlab describe ID`, so new parameters are
swept without editing this file. Counts are drawn uniformly; millisecond
parameters log-uniformly, so that the short durations, where timer
resolution and scheduling noise matter most, are well represented. A run
whose estimated length is over --max-run-s is redrawn (the estimate is the
product of the largest duration and the largest count; crude but it only
keeps speed-1 sweeps finite); a run that still takes longer than --timeout-s
is killed and counted as a timeout, not as a failure.
"""
import argparse
import collections
import json
import math
import random
import re
import subprocess
import sys
import time


def scenarios(binary):
    out = subprocess.run([binary, "list"], capture_output=True, text=True, check=True).stdout
    return [line.split()[0] for line in out.splitlines()[1:] if line.strip()]


PARAM_ROW = re.compile(r"^\s+(\w+)\s+(int|real|bool)\s+(\S+)\s+(\S+)(?:\s+\.\.\s+(\S+))?")


def params(binary, sid):
    out = subprocess.run([binary, "describe", sid], capture_output=True, text=True, check=True).stdout
    specs, inside = [], False
    for line in out.splitlines():
        if line.startswith("Parameters"):
            inside = True
            continue
        if line.startswith("Python listing"):
            break
        if not inside:
            continue
        m = PARAM_ROW.match(line)
        if not m or m.group(1) == "name":
            continue
        name, typ = m.group(1), m.group(2)
        if typ == "bool":
            specs.append((name, typ, 0, 1))
        else:
            specs.append((name, typ, float(m.group(4).rstrip(",")), float(m.group(5))))
    return specs


def draw(rng, spec):
    name, typ, lo, hi = spec
    if typ == "bool":
        return str(rng.randint(0, 1))
    if name.endswith("_ms") or name.endswith("_s"):
        if lo <= 0:
            v = 0 if rng.random() < 0.2 else math.exp(rng.uniform(math.log(max(hi / 1e4, 1e-3)), math.log(hi)))
        else:
            v = math.exp(rng.uniform(math.log(lo), math.log(hi)))
        v = min(max(v, lo), hi)
    else:
        v = rng.uniform(lo, hi)
    if typ == "int":
        return str(int(min(max(round(v), lo), hi)))
    return f"{v:.4g}" if lo <= float(f"{v:.4g}") <= hi else str(lo)


def estimate_s(settings, speed):
    durations = [float(v) / 1000 for k, v in settings if k.endswith("_ms")]
    durations += [float(v) for k, v in settings if k.endswith("_s")]
    counts = [float(v) for k, v in settings if not k.endswith("_ms") and not k.endswith("_s") and float(v) > 1]
    return max(durations or [0]) * max(counts or [1]) * 4 / speed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="build-helper/app/threadlab")
    ap.add_argument("--runs", type=int, default=500)
    ap.add_argument("--speed", type=float, default=20)
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument("--scenario", action="append", help="only these scenarios (repeatable)")
    ap.add_argument("--max-run-s", type=float, default=20, help="redraw settings estimated to take longer")
    ap.add_argument("--timeout-s", type=float, default=120)
    ap.add_argument("--verbose", action="store_true", help="print every run that did not exit 0")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    ids = args.scenario or scenarios(args.binary)
    specs = {sid: params(args.binary, sid) for sid in ids}
    statuses = collections.Counter()
    per_scenario = collections.defaultdict(collections.Counter)
    failed_checks, not_shown_checks = collections.Counter(), collections.Counter()
    examples = {}
    started = time.monotonic()
    for i in range(args.runs):
        sid = ids[i % len(ids)]
        for _ in range(1000):
            settings = [(s[0], draw(rng, s)) for s in specs[sid]]
            if estimate_s(settings, args.speed) <= args.max_run_s:
                break
        seed = rng.randint(1, 2**31 - 1)
        cmd = [args.binary, "run", sid, "--mode", "free", "--speed", f"{args.speed:g}", "--seed", str(seed), "--json"]
        for k, v in settings:
            cmd += ["--set", f"{k}={v}"]
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout_s)
            rc = p.returncode
        except subprocess.TimeoutExpired:
            rc = "timeout"
            p = None
        statuses[rc] += 1
        per_scenario[sid][rc] += 1
        if p is not None and p.stdout.strip().startswith("{"):
            try:
                report = json.loads(p.stdout)
            except json.JSONDecodeError:
                report = {"checks": []}
            for c in report.get("checks", []):
                key = f"{sid}: {c['name']}"
                if c.get("not_shown"):
                    not_shown_checks[key] += 1
                elif not c.get("passed"):
                    failed_checks[key] += 1
                    examples.setdefault(key, (" ".join(cmd[1:]).replace(" --json", ""), c.get("detail", "")))
        if args.verbose and rc != 0:
            print(f"exit {rc}: {' '.join(cmd)}", flush=True)
    took = time.monotonic() - started
    print(f"{args.runs} free runs at speed {args.speed:g} (sweep seed {args.seed}, {took:.0f} s)")
    print("exit statuses:", dict(sorted(statuses.items(), key=str)))
    for sid in ids:
        print(f"  {sid:20} {dict(sorted(per_scenario[sid].items(), key=str))}")
    print("FAIL by check:" if failed_checks else "FAIL by check: none")
    for key, n in failed_checks.most_common():
        cmd, detail = examples[key]
        print(f"  {n:4}  {key}\n        e.g. threadlab {cmd}\n        {detail}")
    print("NOT SHOWN by check:" if not_shown_checks else "NOT SHOWN by check: none")
    for key, n in not_shown_checks.most_common():
        print(f"  {n:4}  {key}")
    return 0 if statuses.get(1, 0) == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
