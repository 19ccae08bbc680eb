# What every run of this lesson must show, whatever its parameters and seed.
# Without ORDERED a run may deadlock or not, depending on the timing; each
# check says NOT SHOWN when this run's outcome leaves it nothing to judge.
from threadlab import check, not_shown, say

START_BALANCE = 100
TOTAL_WORD = "total "


def tellers(run):
    return [t for t in run.threads if t.name.startswith("teller-")]


def locks(run):
    return run.listed_objects("Lock")


def owners(run):
    """Who held each lock at the end of the run (None: nobody)."""
    held = {}
    for lock in locks(run):
        owner = None
        for op in sorted(lock.ops(), key=lambda op: op.index):
            if op.op == "acquire" and op.ok:
                owner = op.thread
            elif op.op == "release" and op.ok and op.thread == owner:
                owner = None
        held[lock.name] = owner
    return held


def transfers_done(run):
    """Transfers per teller: a teller holding two locks that lets one go has done one."""
    ops = sorted((op for lock in locks(run) for op in lock.ops() if op.ok), key=lambda op: op.index)
    holding, done = {}, {}
    for op in ops:
        if op.op == "acquire":
            holding[op.thread] = holding.get(op.thread, 0) + 1
        elif op.op == "release":
            if holding.get(op.thread, 0) == 2:
                done[op.thread] = done.get(op.thread, 0) + 1
            holding[op.thread] = holding.get(op.thread, 0) - 1
    return done


@check("with the locks taken in account order, the tellers never deadlock",
       "按账户顺序加锁时，柜员之间从不死锁")
def no_deadlock_when_ordered(run):
    if not run.params["ordered"]:
        outcome = "deadlocked" if run.deadlock else "did not deadlock"
        outcome_zh = "死锁了" if run.deadlock else "没有死锁"
        not_shown(say(f"ORDERED is off: the tellers lock in different orders, and this run {outcome}",
                      f"ORDERED 已关闭：柜员们按不同的顺序加锁，这次运行{outcome_zh}"))
    if run.deadlock:
        return False, say(f"{len(run.deadlock)} threads stuck in a deadlock: {', '.join(run.deadlock)}",
                          f"{len(run.deadlock)} 个线程卡在死锁里：{'、'.join(run.deadlock)}")
    return run.finished, (say("the run ended by itself", "运行自己结束了") if run.finished
                          else say("the run did not end by itself", "运行没有自己结束"))


@check("a deadlock is a ring of tellers, each waiting for the account lock the next one holds",
       "死锁是柜员围成的环：每人都在等下一个人手里的账户锁")
def cycle(run):
    if not run.deadlock:
        not_shown(say("this run did not deadlock", "这次运行没有死锁"))
    edges = {who: (lock, holder) for who, lock, holder in run.deadlock_edges}
    held = owners(run)
    lock_names = {lock.name for lock in locks(run)}
    problem = None
    for who, (lock, holder) in edges.items():
        if lock not in lock_names:
            problem = say(f"{who} waits on {lock}, not on an account lock", f"{who} 在等 {lock}，不是账户锁")
        elif holder not in edges:
            problem = say(f"{who} waits for {holder}, outside the cycle", f"{who} 在等环外的 {holder}")
        elif held.get(lock) != holder:
            problem = say(f"{lock} is not held by {holder}", f"{lock} 并不在 {holder} 手里")
        if problem:
            break
    if not problem and set(edges) != {t.name for t in tellers(run)}:
        problem = say("the cycle is not exactly the tellers", "环里的线程和柜员不完全一致")
    path, path_zh = [], []
    if not problem:
        who = run.deadlock_edges[0][0]
        for _ in edges:
            lock, holder = edges[who]
            path.append(f"{who} waits for {lock} held by {holder}")
            path_zh.append(f"{who} 在等 {holder} 持有的 {lock}")
            who = holder
        if who != run.deadlock_edges[0][0]:
            problem = say("the waits do not form one ring", "这些等待没有连成一个环")
    if problem:
        return False, say(f"{problem.en} ({len(edges)} threads in the cycle)",
                          f"{problem.zh}（环里有 {len(edges)} 个线程）")
    return True, say("; ".join(path), "；".join(path_zh))


@check("every transfer completed", "每一笔转账都完成了")
def every_transfer(run):
    if run.deadlock and not run.params["ordered"]:
        not_shown(say("this run deadlocked, so the transfers could not complete", "这次运行死锁了，所以转账无法完成"))
    accounts, transfers = run.params["accounts"], run.params["transfers"]
    done = transfers_done(run)
    ts = tellers(run)
    slid = run.changes("transfers")
    if not slid:
        complete = [t for t in ts if done.get(t.name, 0) == transfers and t.state == "done"]
        return (len(ts) == accounts and len(complete) == accounts,
                say(f"{sum(done.values())} of {accounts * transfers} transfers done; "
                    f"{len(complete)} of {accounts} tellers finished all of theirs",
                    f"{accounts * transfers} 笔转账完成了 {sum(done.values())} 笔；"
                    f"{accounts} 个柜员中有 {len(complete)} 个完成了自己的全部转账"))
    # The teacher's slider: each teller stops once it has made the count in
    # force when it ended (a teller already gone never hears of a later one),
    # or right after the transfer it was making when a lower count came.
    most = max([transfers] + [new for _, _, new in slid])
    complete = [t for t in ts if t.state == "done" and
                run.param_at("transfers", t.end_index) <= done.get(t.name, 0) <= most]
    each = ", ".join(f"{t.name} {done.get(t.name, 0)}" for t in ts)
    return (len(ts) == accounts and len(complete) == accounts,
            say(f"{sum(done.values())} transfers done ({each}); {len(complete)} of {accounts} tellers made "
                f"the count in force when they ended (the slider: {transfers} at the start, {slid[-1][2]} at last)",
                f"完成了 {sum(done.values())} 笔转账（{each}）；{accounts} 个柜员中有 {len(complete)} 个"
                f"做完了自己结束时的次数（滑块：开始时 {transfers}，最后 {slid[-1][2]}）"))


@check("money is conserved", "钱的总数不变")
def conserved(run):
    if run.deadlock and not run.params["ordered"]:
        not_shown(say("this run deadlocked, so main never printed the total", "这次运行死锁了，所以主线程没有打印总数"))
    expected = run.params["accounts"] * START_BALANCE
    shown = [p.text.rsplit(TOTAL_WORD, 1)[1] for p in run.prints
             if p.thread == "MainThread" and TOTAL_WORD in p.text]
    if not shown:
        return False, say("MainThread printed no total", "MainThread 没有打印总数")
    return shown[-1] == str(expected), say(f"printed total {shown[-1]}, expected {expected}",
                                           f"打印的总数是 {shown[-1]}，期望 {expected}")
