"""The module `threadlab` that a lesson's checks.py imports.

A check is a function of the finished (or stopped) run, registered with
@check and a name in English and Chinese:

    from threadlab import check, not_shown

    @check("the queue never held more than its capacity", "队列从未超过容量")
    def capacity(run):
        q = run.object("q")
        return q.most <= run.params["capacity"], f"at most {q.most} items"

It returns True/False, or (True/False, "the numbers behind it"); an
AssertionError is a failure with its message; not_shown("why") says this run
could not show the effect (neither a pass nor a failure). Any other error is
a mistake in the check itself and is reported with its line in checks.py.

A detail may be given in both languages with say(english, chinese), anywhere
a text goes (the returned detail, not_shown, an assert's message):

    return ok, say(f"at most {q.most} items", f"最多 {q.most} 件")

A plain string stays valid and is shown as it is in both languages.

The run is rebuilt from the event log the front end holds, so a check sees
exactly what the timeline, the objects pane and the summary show.

Order: deterministic mode runs on virtual time, where two events often have
the same t. Every op, print and thread end also has its `index`, its place in
the log, which orders them exactly (see run.prints, op.index, thread.end_index).
"""
import ast
import json
import sys
import traceback

__all__ = ["check", "answer", "not_shown", "say", "Say", "NotShown", "Run", "Thread", "Object", "Op", "Print"]

_registered = []
_answers = []


class Say:
    """A text in English and Chinese (say(en, zh)); str() gives the English."""
    __slots__ = ("en", "zh")

    def __init__(self, en, zh):
        self.en = en
        self.zh = zh

    def __str__(self):
        return self.en

    def __repr__(self):
        return f"say({self.en!r}, {self.zh!r})"


def say(en, zh=None):
    """A detail in both languages; without `zh`, the English in both."""
    en = str(en)
    return Say(en, en if zh is None else str(zh))


def _texts(detail):
    """(English, Chinese) of a detail: a say() as given, anything else (a plain
    string from an older lesson) the same text in both languages."""
    if isinstance(detail, Say):
        return detail.en, detail.zh
    text = str(detail)
    return text, text


def _of(error):
    """The detail an exception carries: not_shown(say(...)) or assert x, say(...)
    keep both languages (the exception's one argument); anything else its str()."""
    if len(error.args) == 1 and isinstance(error.args[0], Say):
        return error.args[0]
    return str(error)


def _row(passed, not_shown, detail):
    en, zh = _texts(detail)
    return {"passed": passed, "not_shown": not_shown, "detail": en, "detail_zh": zh}


class NotShown(Exception):
    """Raised by not_shown(): the run could not show what the check looks for."""


def not_shown(why):
    raise NotShown(why)


def answer(fn):
    """Registers the function that grades the lesson's prediction: it returns
    the index (0, 1, ...) of the answer in lesson.json's "predict" that this
    run showed, or None when the run cannot tell (not_shown works too)."""
    _answers.append(fn)
    return fn


def check(en, zh=None):
    """Registers a check with its name in English and (optionally) Chinese."""
    def register(fn):
        _registered.append((en, zh or en, fn))
        return fn
    return register


class Op:
    """One operation on an object (see docs/TRACE.md for value and aux); `index`
    is its place in the run's log."""
    __slots__ = ("t", "thread", "op", "ok", "value", "aux", "item", "error", "other", "line", "object", "index")

    def __repr__(self):
        return f"<Op {self.op} on {self.object} by {self.thread} at {self.t:.6f}s>"


class Thread:
    """A thread of the run: its name, whether it is a daemon, every state it was in."""

    def __init__(self, name, daemon):
        self.name = name
        self.daemon = daemon
        self.states = []   # (t, state, object waited on or None, line)
        self.error = ""    # what threading.excepthook reported, "" when it did not fail
        self.end_t = None      # when it reached "done", "killed" or "failed"; None if it never did
        self.end_index = None  # ... and that event's place in the log
        self.start_index = None  # where the log first names it (thread_new)
        self.lane_of = None    # a coroutine lane (a greenlet): the name of the OS thread it runs in

    @property
    def state(self):
        """The last state: "done", "killed", "failed", or where a stopped run left it."""
        return self.states[-1][1] if self.states else "new"

    @property
    def started(self):
        return any(s not in ("new", "ready") for _, s, _, _ in self.states)

    def time_in(self, state, end):
        total = 0.0
        for i, (t, s, _, _) in enumerate(self.states):
            if s == state:
                nxt = self.states[i + 1][0] if i + 1 < len(self.states) else end
                total += nxt - t
        return total

    def __repr__(self):
        return f"<Thread {self.name} {self.state}>"


class Object:
    """An object the program made (a Lock, a Queue, a Future...), as it was named."""

    def __init__(self, name, kind, initial, internal, texts):
        self.name = name
        self.kind = kind
        self.initial = initial    # a Queue's maxsize, a Barrier's parties, a Semaphore's value
        self.internal = internal  # a part of another object or a detail of the library
        self.texts = texts        # its items and results are reprs
        self._ops = []

    def ops(self, name=None):
        """Every operation on it, or only those called `name` ("put", "acquire"...)."""
        return [o for o in self._ops if name is None or o.op == name]

    @property
    def most(self):
        """The highest value it reached: a Queue's size, a Semaphore's units taken..."""
        if self.kind == "Queue":
            return max([o.value for o in self._ops if o.op in ("put", "get")], default=0)
        if self.kind in ("Semaphore", "BoundedSemaphore"):
            low = min([o.value for o in self._ops if o.op in ("acquire", "release")], default=self.initial)
            return self.initial - low
        return max([o.value for o in self._ops], default=0)

    def __repr__(self):
        return f"<{self.kind} {self.name}>"


class Print:
    """One line the program printed: when, in which thread, and where in the log."""
    __slots__ = ("t", "index", "thread", "text", "stderr")

    def __repr__(self):
        return f"<Print {self.text!r} by {self.thread} at {self.t:.6f}s>"


class Run:
    """The run a check judges."""

    def __init__(self, data):
        self.lesson = data.get("lesson", "")
        self.params = {k: ast.literal_eval(v) for k, v in data.get("params", {}).items()}
        strings = data["strings"]
        self.mode = data.get("mode", "free")
        self.seed = data.get("seed", 0)
        self.exit_status = data.get("exit_status", 0)
        self.error = data.get("error", "")               # the main program's uncaught error
        self.stopped = data.get("stopped", False)        # the user stopped it
        self.blocked_outside = data.get("blocked_outside", "")
        self.threads = [Thread(t["name"], t["daemon"]) for t in data["threads"]]
        self.objects = [Object(o["name"], o["kind"], o["initial"], o["internal"], o["texts"])
                        for o in data["objects"]]
        self.output = []       # lines printed to stdout, in order
        self.prints = []       # every line printed (stdout and stderr) as a Print, in order
        self.stderr = []       # lines printed to stderr (tracebacks)
        self.exceptions = []   # (thread name, "Type: message") from threading.excepthook
        self.deadlock = []     # names of the threads in the wait-for cycle
        self.deadlock_edges = []  # (thread, object it waits on, that object's holder or None), one per thread in the cycle
        self.switches = []     # every coroutine switch (op "switch"): thread = the lane left, other = the lane switched to
        self.ended_by_itself = False
        self.duration = 0.0
        names = [t.name for t in self.threads]
        for index, (t, kind, th, ob, code, value, aux, other, line, ok) in enumerate(data["events"]):
            t = t / 1e9
            self.duration = max(self.duration, t)
            who = self.threads[th] if th is not None else None
            obj = self.objects[ob] if ob is not None else None
            if kind == "thread_new":
                who.lane_of = names[other] if other is not None else None
                who.start_index = index
            elif kind == "state":
                who.states.append((t, code, obj.name if obj else None, line))
                if code in ("done", "killed", "failed") and who.end_index is None:
                    who.end_t, who.end_index = t, index
            elif kind == "op":
                o = Op()
                o.t, o.thread, o.op, o.ok, o.value, o.aux, o.line = t, who.name if who else None, code, bool(ok), value, aux, line
                o.index = index
                o.other = names[other] if other is not None else None
                o.object = obj.name if obj else None
                o.item = None
                o.error = strings[value] if code == "raise" else ""
                if obj is not None and obj.texts:
                    if code in ("put", "get"):
                        o.item = strings[aux]
                    elif code in ("finished", "result"):
                        if ok:
                            o.item = strings[value]
                        else:
                            o.error = strings[aux]
                if code == "switch":
                    self.switches.append(o)  # `object`: the lane switched to's own (pong), a detail
                elif obj is not None:
                    obj._ops.append(o)
            elif kind == "print":
                (self.output if ok else self.stderr).append(strings[value])
                p = Print()
                p.t, p.index, p.thread, p.text, p.stderr = t, index, who.name if who else None, strings[value], not ok
                self.prints.append(p)
            elif kind == "excepthook":
                who.error = strings[value]
                self.exceptions.append((who.name, strings[value]))
            elif kind == "deadlock":
                if ok and who.name not in self.deadlock:
                    self.deadlock.append(who.name)
                    self.deadlock_edges.append((who.name, obj.name if obj else None,
                                                names[other] if other is not None else None))
            elif kind == "run_end":
                self.ended_by_itself = bool(ok)

    def thread(self, name):
        for t in self.threads:
            if t.name == name:
                return t
        raise KeyError(f"no thread named {name!r} in this run (threads: {', '.join(t.name for t in self.threads)})")

    def object(self, name):
        for o in self.objects:
            if o.name == name and not o.internal:
                return o
        listed = ", ".join(o.name for o in self.objects if not o.internal)
        raise KeyError(f"no object named {name!r} in this run (objects: {listed or 'none'})")

    def changes(self, name):
        """The teacher's live changes of parameter `name`, in order: (print, old,
        new) for each label its thread printed ("teacher: workers 3 -> 6"), the
        values typed as run.params's are. Empty when nobody moved the slider."""
        head = f"teacher: {name} "
        found = []
        for p in self.prints:
            if p.thread == "teacher" and p.text.startswith(head) and " -> " in p.text:
                old, new = p.text[len(head):].split(" -> ", 1)
                try:
                    found.append((p, ast.literal_eval(old), ast.literal_eval(new)))
                except (ValueError, SyntaxError):
                    continue  # not a label: a line the program printed from its teacher thread
        return found

    def param_at(self, name, index):
        """Parameter `name` as it stood at `index` in the log: its value at the
        start, or the last live change printed before that index."""
        value = self.params[name]
        for p, _, new in self.changes(name):
            if p.index < index:
                value = new
        return value

    def listed_objects(self, kind=None):
        """The objects the objects pane lists (not parts or the library's details)."""
        return [o for o in self.objects if not o.internal and (kind is None or o.kind == kind)]

    @property
    def finished(self):
        """True when the program ran to its end by itself (not stopped, not deadlocked)."""
        return self.ended_by_itself and not self.deadlock


def _line_in(path, tb):
    line = 0
    for frame in traceback.extract_tb(tb):
        if frame.filename == path:
            line = frame.lineno
    return line


def _where(path, e):
    line = _line_in(path, e.__traceback__)
    return (f" (checks.py line {line})", f"（checks.py 第 {line} 行）") if line else ("", "")


def _verdict(fn, run, path):
    try:
        r = fn(run)
    except NotShown as e:
        return _row(False, True, _of(e))
    except AssertionError as e:
        return _row(False, False, _of(e))
    except Exception as e:
        en, zh = _where(path, e)
        return _row(False, False, say(f"the check itself failed: {type(e).__name__}: {e}{en}",
                                      f"检查本身出错：{type(e).__name__}: {e}{zh}"))
    detail = ""
    if isinstance(r, tuple) and len(r) == 2:
        r, detail = r
    if not isinstance(r, bool):
        kind = type(r).__name__
        return _row(False, False, say(f"the check returned {kind}; it must return True/False or (True/False, detail)",
                                      f"检查返回了 {kind}；它必须返回 True/False 或 (True/False, 说明)"))
    return _row(r, False, detail)


def _run_checks(input_json):
    """Runs checks.py over the run; returns the verdicts as JSON."""
    result = {"error": "", "error_zh": "", "checks": []}

    def error(en, zh):
        result["error"], result["error_zh"] = en, zh
        return json.dumps(result)

    try:
        given = json.loads(input_json)
        source, path, data = given["source"], given["path"], given["run"]
    except (ValueError, KeyError) as e:
        return error(f"the checks' input could not be read: {e}", f"无法读取检查的输入：{e}")
    try:
        code = compile(source, path, "exec")
    except SyntaxError as e:
        return error(f"{path} line {e.lineno}: SyntaxError: {e.msg}", f"{path} 第 {e.lineno} 行：SyntaxError: {e.msg}")
    namespace = {"__name__": "threadlab_checks", "__file__": path}
    try:
        exec(code, namespace)
    except BaseException as e:
        line = _line_in(path, e.__traceback__)
        return error(f"{path} line {line}: {type(e).__name__}: {e}", f"{path} 第 {line} 行：{type(e).__name__}: {e}")
    run = Run(data)
    for en, zh, fn in _registered:
        row = {"name": en, "name_zh": zh}
        row.update(_verdict(fn, run, path))
        result["checks"].append(row)
    result["answer"] = None
    result["answer_detail"] = ""
    result["answer_detail_zh"] = ""

    def answer_detail(text):
        result["answer_detail"], result["answer_detail_zh"] = _texts(text)

    for fn in _answers[:1]:
        try:
            shown = fn(run)
            if shown is not None and (isinstance(shown, bool) or not isinstance(shown, int)):
                kind = type(shown).__name__
                answer_detail(say(f"@answer returned {kind}; it must return an int or None",
                                  f"@answer 返回了 {kind}；它必须返回 int 或 None"))
            else:
                result["answer"] = shown
        except NotShown as e:
            answer_detail(_of(e))
        except Exception as e:
            line = _line_in(path, e.__traceback__)
            answer_detail(say(f"the answer function failed: {type(e).__name__}: {e} (checks.py line {line})",
                              f"@answer 出错：{type(e).__name__}: {e}（checks.py 第 {line} 行）"))
    return json.dumps(result)
