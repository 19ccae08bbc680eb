# What every run of this lesson must show, whatever its parameters and seed.
from threadlab import answer, check, not_shown, say

TOOK = " took ["
SUMMARY = "waiting consumers woke "


def taken(run):
    """{thread name: [items]} as main printed them."""
    found = {}
    for p in run.prints:
        if p.thread == "MainThread" and TOOK in p.text:
            name, rest = p.text.split(TOOK, 1)
            found[name] = [int(x) for x in rest.rstrip("]").split(", ") if x]
    return found


def summary(run):
    """(wakeups, looks) as main printed them."""
    lines = [p.text for p in run.prints if p.thread == "MainThread" and p.text.startswith(SUMMARY)]
    if not lines:
        raise AssertionError(say("main did not print the wake-ups and looks", "主线程没有打印唤醒次数和查看次数"))
    words = lines[-1].split()
    return int(words[3]), int(words[-2])


@check("every item was taken exactly once", "每件货物恰好被取走一次")
def each_once(run):
    got = [i for items in taken(run).values() for i in items]
    expected = list(range(run.params["items"]))
    by = ", ".join(f"{name} {len(items)}" for name, items in sorted(taken(run).items()))
    by_zh = "、".join(f"{name} {len(items)} 件" for name, items in sorted(taken(run).items()))
    return sorted(got) == expected, say(f"{len(got)} items taken of {len(expected)} made ({by or 'nobody'})",
                                        f"生产了 {len(expected)} 件，取走了 {len(got)} 件（{by_zh or '无人'}）")


@check("no consumer left before the producer had finished", "生产者结束之前，没有消费者提前离开")
def stayed(run):
    ends = [op.index for op in run.object("cond").ops("notify_all") if op.thread == "producer"]
    if not ends:
        return False, say("the producer never announced the end with notify_all()",
                          "生产者从未用 notify_all() 宣布结束")
    last = ends[-1]
    consumers = [t for t in run.threads if t.name.startswith("consumer-")]
    # The teacher's slider may start consumers, and send some home early: those print "goes home".
    changed = any(t.name == "teacher" for t in run.threads)
    home = {p.thread for p in run.prints if changed and p.text == f"{p.thread} goes home"}
    early = [t.name for t in consumers
             if t.state != "done" or t.end_index is None or (t.end_index < last and t.name not in home)]
    stayed = len([t for t in consumers if t.end_index is not None and t.end_index > last])
    went = f"; {len(home)} sent home by the teacher" if home else ""
    went_zh = f"；{len(home)} 个被 teacher 提前叫下班" if home else ""
    return (not early and (changed or len(consumers) == run.params["consumers"]),
            say(f"{stayed} of {len(consumers)} consumers ended after the producer's last notify_all(){went}"
                + (f"; early or not done: {', '.join(early)}" if early else ""),
                f"{len(consumers)} 个消费者中有 {stayed} 个在生产者最后一次 notify_all() 之后结束{went_zh}"
                + (f"；提前离开或未结束：{'、'.join(early)}" if early else "")))


@check("notify(n) woke at most n waiters, and consumers woke only when notified",
       "notify(n) 最多唤醒 n 个等待者，消费者只在收到通知时醒来")
def notified(run):
    cond = run.object("cond")
    # (set_consumers' notify_all(), from the teacher's thread, wakes waiters too)
    alls = [op for op in cond.ops("notify_all") if op.thread in ("producer", "teacher")]
    notifies = [op for op in cond.ops("notify") if op.thread == "producer"]
    n = run.params["wake"]
    # value: the threads woken; aux: the n asked for.
    too_many = [op for op in notifies if op.value > op.aux]
    woken = sum(op.value for op in notifies + alls)
    wakeups, looks = summary(run)
    returns = [op for op in cond.ops("wait") if op.thread.startswith("consumer-")]
    timed_out = [op for op in returns if not op.ok]
    ok = not too_many and not timed_out and wakeups == woken == len(returns)
    return ok, say(f"{len(notifies)} notify({n}) and {len(alls)} notify_all() calls woke {woken} threads; "
                   f"the consumers counted {wakeups} wake-ups; the poller looked {looks} times"
                   + (f"; {len(too_many)} notify({n}) woke more than {n}" if too_many else ""),
                   f"{len(notifies)} 次 notify({n}) 和 {len(alls)} 次 notify_all() 共唤醒了 {woken} 个线程；"
                   f"消费者数到 {wakeups} 次唤醒；轮询者查看了 {looks} 次"
                   + (f"；有 {len(too_many)} 次 notify({n}) 唤醒了超过 {n} 个线程" if too_many else ""))


@check("wait() without holding the lock raised RuntimeError", "没有持有锁就 wait() 会抛出 RuntimeError")
def wait_unlocked(run):
    said = [p.text for p in run.prints if p.thread == "MainThread" and p.text.startswith("wait() without")]
    return (len(said) == 1 and "RuntimeError: cannot wait on un-acquired lock" in said[0],
            say(said[0], f"主线程打印：{said[0]}") if said
            else say("main printed no RuntimeError", "主线程没有打印 RuntimeError"))


@answer
def how_often(run):
    """0: the poller looked about once per item, 1: many more times."""
    if not run.params["poller"]:
        not_shown(say("POLLER is off", "POLLER 已关闭"))
    wakeups, looks = summary(run)
    return 0 if looks <= 2 * run.params["items"] + 2 else 1
