# What every run of this lesson must show, whatever its parameters and seed.
import re

from threadlab import answer, check, not_shown, say

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


def shared(run, what, what_zh):
    if not run.params["use_local"]:
        not_shown(say(f"this run shares one plain object instead of threading.local(): {what}",
                      f"这次运行共用一个普通对象，而不是 threading.local()：{what_zh}"))


@check("each request thread read back its own user, whatever the others set meanwhile",
       "每个请求线程读回的都是自己的用户，不受其他线程同时设置的值影响")
def own_user(run):
    wanted = len([t for t in run.threads if t.name.startswith("request-")])   # the slider may add or drop some
    read = {who: name for who, name, _ in greetings(run) if who.startswith("request-")}
    wrong = [(who, name) for who, name in sorted(read.items()) if name != "user-" + who[len("request-"):]]
    mixed = [f"{who} read {name}" for who, name in wrong]
    mixed_zh = [f"{who} 读到了 {name}" for who, name in wrong]
    shared(run, ", ".join(mixed) or "no request read another's user in this run",
           "、".join(mixed_zh) or "这次运行中没有请求读到别人的用户")
    en = f"{wanted - len(mixed)} of {wanted} requests read their own user"
    zh = f"{wanted} 个请求中有 {wanted - len(mixed)} 个读回了自己的用户"
    if len(read) != wanted:
        en += f"; {len(read)} greetings from request threads"
        zh += f"；请求线程打印了 {len(read)} 条问候"
    if mixed:
        en += "; " + ", ".join(mixed[:4])
        zh += "；" + "、".join(mixed_zh[:4])
    return len(read) == wanted and not mixed, say(en, zh)


@check("a value set in main was not there in the child thread", "主线程设置的值在子线程里不存在")
def not_inherited(run):
    saw = child_saw(run)
    assert saw is not None, say("the child did not print what it saw", "子线程没有打印它看到的值")
    shared(run, f"the child saw local.name = {saw}", f"子线程看到 local.name = {saw}")
    return saw != "main-user", say(f"main set 'main-user'; the child saw local.name = {saw}",
                                   f"主线程设置了 'main-user'；子线程看到 local.name = {saw}")


@check("main's own value was still there after every request set its user",
       "所有请求都设置过自己的用户之后，主线程的值依然不变")
def main_keeps(run):
    mine = [p.text for p in run.prints if p.thread == "MainThread" and not p.stderr]
    last = mine[-1] if mine else ""
    shared(run, last, last)
    first = [name for who, name, _ in greetings(run) if who == "MainThread"]
    return (first == ["main-user"] and last == "main: local.name is still 'main-user'",
            say(f"main greeted {first[0] if first else 'nobody'} first, and at the end printed: {last}",
                f"主线程先问候了 {first[0] if first else '（无人）'}，最后打印：{last}"))


@answer
def what_the_child_saw(run):
    """0: the child saw main's value; 1: it did not."""
    saw = child_saw(run)
    return None if saw is None else (0 if saw == "main-user" else 1)
