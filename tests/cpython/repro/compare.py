#!/usr/bin/env python3
"""Runs each reproducer here on /usr/bin/python3.11 and on ThreadLab (free
and deterministic mode) and prints what each printed, side by side.

    python3 tests/cpython/repro/compare.py [--threadlab build/app/threadlab] [FILE.py ...]

The reports of `threadlab run` are reduced to the program's own output lines
(without the [thread] prefix). Each run has a 30 s timeout: '(timed out after 30 s)'.
"""
import argparse
import glob
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))


def program_output(report):
    out, inside = [], False
    for line in report.splitlines():
        if line.startswith("Output ("):
            inside = True
        elif inside and line and not line.startswith(" "):
            break
        elif inside and line.startswith("  ["):
            out.append(line.split("] ", 1)[1] if "] " in line else "")
    return out


def run(cmd, threadlab):
    """The output lines of one run; a run still going after 30 s gets
    SIGTERM (threadlab then prints its report, with the output so far)."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=HERE)
    timed_out = False
    try:
        out, err = p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        timed_out = True
        p.terminate()
        try:
            out, err = p.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
    lines = program_output(out) if threadlab else out.splitlines() + err.splitlines()[-1:]
    return lines + (["(timed out after 30 s)"] if timed_out else [])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threadlab", default=os.path.join(HERE, "..", "..", "..", "build", "app", "threadlab"))
    p.add_argument("files", nargs="*")
    args = p.parse_args()
    files = args.files or sorted(glob.glob(os.path.join(HERE, "*.py")))
    for f in files:
        if os.path.basename(f) == "compare.py":
            continue
        print("==", os.path.basename(f))
        for label, cmd, tl in (
                ("python3.11", ["/usr/bin/python3.11", f], False),
                ("free", [args.threadlab, "run", f, "--mode", "free"], True),
                ("deterministic", [args.threadlab, "run", f, "--mode", "deterministic"], True)):
            for i, line in enumerate(run(cmd, tl) or ["(no output)"]):
                print("  %-14s %s" % (label if i == 0 else "", line))


if __name__ == "__main__":
    main()
