# What every run of this lesson must show, whatever its parameters and seed.
import re

from threadlab import answer, check, not_shown

HELLO = re.compile(r"hello (.*), from (.*)")
CHILD = re.compile(r"child: local\.name = (.*)")


def greetings(run):
    """(printing thread, name it read, thread it says it ran in) for every greeting."""
    found = []
    for p in run.prints:
        m = HELLO.fullmatch(p.text)
        if m and not p.stderr:
            found.append((p.thread, m.group(1), m.group(2)))
    return found


def child_saw(run):
    for p in run.prints:
        m = CHILD.fullmatch(p.text)
        if m and p.thread == "child":
            return m.group(1)
    return None


def shared(run, what):
    if not run.params["use_local"]:
        not_shown(f"this run shares one plain object instead of threading.local(): {what}")


@check("each request thread read back its own user, whatever the others set meanwhile",
       "每个请求线程读回的都是自己的用户，不受其他线程同时设置的值影响")
def own_user(run):
    wanted = run.params["requests"]
    read = {who: name for who, name, _ in greetings(run) if who.startswith("request-")}
    mixed = [f"{who} read {name}" for who, name in sorted(read.items()) if name != "user-" + who[len("request-"):]]
    shared(run, ", ".join(mixed) or "no request read another's user in this run")
    detail = f"{wanted - len(mixed)} of {wanted} requests read their own user"
    if len(read) != wanted:
        detail += f"; {len(read)} greetings from request threads"
    if mixed:
        detail += "; " + ", ".join(mixed[:4])
    return len(read) == wanted and not mixed, detail


@check("a value set in main was not there in the child thread", "主线程设置的值在子线程里不存在")
def not_inherited(run):
    saw = child_saw(run)
    assert saw is not None, "the child did not print what it saw"
    shared(run, f"the child saw local.name = {saw}")
    return saw != "main-user", f"main set 'main-user'; the child saw local.name = {saw}"


@check("main's own value was still there after every request set its user",
       "所有请求都设置过自己的用户之后，主线程的值依然不变")
def main_keeps(run):
    last = run.output[-1] if run.output else ""
    shared(run, last)
    first = [name for who, name, _ in greetings(run) if who == "MainThread"]
    return (first == ["main-user"] and last == "main: local.name is still 'main-user'",
            f"main greeted {first[0] if first else 'nobody'} first, and at the end printed: {last}")


@answer
def what_the_child_saw(run):
    """0: the child saw main's value; 1: it did not."""
    saw = child_saw(run)
    return None if saw is None else (0 if saw == "main-user" else 1)
