"""Runs CPython's own unittest classes over ThreadLab's engine.

This is the program given to `threadlab run driver.py`: it runs inside the
embedded interpreter, where threading, queue and concurrent.futures sit on
the engine. `threadlab run FILE.py` takes no program arguments, so the job
comes in a JSON file named by the environment variable TL_FIDELITY_JOB:

    {"module": "test.test_threading",
     "tests": ["LockTests", "ThreadTests.test_daemon_param"],  # classes or Class.method
     "exclude": ["test.test_threading.LockTests.test_with"],   # not run at all (already done, or hung)
     "skip": {"test.test_threading.X.test_y": "reason"},        # reported as skipped, with the reason
     "out": "/tmp/results.jsonl"}

Each test's start and end are appended to "out" as one JSON object a line,
written straight to the file descriptor, so that a run killed by a timeout
still says which tests finished and which one was running (a hang).
fidelity.py, the host-side runner, writes the job and reads the results.
"""
import importlib
import json
import os
import sys
import time
import traceback
import unittest


def _real_clock():
    # Real time: time.monotonic() is virtual in deterministic mode.
    return time.clock_gettime(time.CLOCK_MONOTONIC)


def _log_open(path):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def log(**record):
        os.write(fd, (json.dumps(record) + "\n").encode())

    return log


def _short(err):
    """The last line of the traceback: 'AssertionError: 3 != 4'."""
    exc_type, exc, tb = err
    lines = traceback.format_exception_only(exc_type, exc)
    text = lines[-1].strip() if lines else repr(exc)
    return text[:500]


def _long(err):
    return "".join(traceback.format_exception(*err))[-4000:]


class JsonResult(unittest.TextTestResult):
    """A TextTestResult (the usual verbose lines on stdout) that also logs
    each test's outcome. A test's outcome is the worst of what it reported
    (a failing subTest makes the test a failure)."""

    rank = {"pass": 0, "skip": 1, "xfail": 1, "xpass": 2, "fail": 3, "error": 4}

    def __init__(self, log, *args, **kw):
        super().__init__(*args, **kw)
        self._log = log
        self._current = {}
        self._started = {}

    def _note(self, test, outcome, detail="", trace=""):
        tid = test.id()
        rec = self._current.get(tid)
        if rec is None or self.rank[outcome] > self.rank[rec["outcome"]]:
            self._current[tid] = {"outcome": outcome, "detail": detail, "trace": trace}
        if not isinstance(test, unittest.TestCase) or tid not in self._started:
            # setUpClass/tearDownModule errors and the like: no startTest
            self._flush(tid)

    def startTest(self, test):
        self._started[test.id()] = _real_clock()
        self._log(event="start", id=test.id())
        super().startTest(test)

    def stopTest(self, test):
        super().stopTest(test)
        self._flush(test.id())
        self._started.pop(test.id(), None)

    def _flush(self, tid):
        rec = self._current.pop(tid, None)
        if rec is None:
            rec = {"outcome": "pass", "detail": "", "trace": ""}
        t0 = self._started.get(tid)
        secs = round(_real_clock() - t0, 3) if t0 is not None else 0.0
        self._log(event="end", id=tid, secs=secs, **rec)

    def addSuccess(self, test):
        super().addSuccess(test)
        self._note(test, "pass")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._note(test, "fail", _short(err), _long(err))

    def addError(self, test, err):
        super().addError(test, err)
        self._note(test, "error", _short(err), _long(err))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._note(test, "skip", reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._note(test, "xfail", _short(err))

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._note(test, "xpass")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            failed = issubclass(err[0], test.failureException)
            self._note(test, "fail" if failed else "error",
                       subtest.id() + ": " + _short(err), _long(err))


def _flatten(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from _flatten(t)
        else:
            yield t


def _skip(test, reason):
    # What @unittest.skip(reason) on the method does, for this one instance.
    @unittest.skip(reason)
    def skipped():
        pass

    setattr(test, test._testMethodName, skipped)


def main():
    with open(os.environ["TL_FIDELITY_JOB"]) as f:
        job = json.load(f)
    log = _log_open(job["out"])
    mod = importlib.import_module(job["module"])
    loader = unittest.TestLoader()
    exclude = set(job.get("exclude", ()))
    skips = job.get("skip", {})
    suite = unittest.TestSuite()
    for name in job["tests"]:
        for test in _flatten(loader.loadTestsFromName(name, mod)):
            if test.id() in exclude:
                continue
            if test.id() in skips:
                _skip(test, "threadlab: " + skips[test.id()])
            suite.addTest(test)
    log(event="begin", count=suite.countTestCases())
    runner = unittest.TextTestRunner(
        stream=sys.stdout, verbosity=2,
        resultclass=lambda *a, **kw: JsonResult(log, *a, **kw))
    r = runner.run(suite)
    log(event="done", ran=r.testsRun)
    print("ran", r.testsRun, "failures", len(r.failures), "errors", len(r.errors),
          "skipped", len(r.skipped))


main()
