# What every run of this lesson must show, whatever its parameters and seed.
# Without ORDERED a run may deadlock or not, depending on the timing; each
# check says NOT SHOWN when this run's outcome leaves it nothing to judge.
from threadlab import check, not_shown

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
        not_shown(f"ORDERED is off: the tellers lock in different orders, and this run {outcome}")
    if run.deadlock:
        return False, f"{len(run.deadlock)} threads stuck in a deadlock: {', '.join(run.deadlock)}"
    return run.finished, "the run ended by itself" if run.finished else "the run did not end by itself"


@check("a deadlock is a ring of tellers, each waiting for the account lock the next one holds",
       "死锁是柜员围成的环：每人都在等下一个人手里的账户锁")
def cycle(run):
    if not run.deadlock:
        not_shown("this run did not deadlock")
    edges = {who: (lock, holder) for who, lock, holder in run.deadlock_edges}
    held = owners(run)
    lock_names = {lock.name for lock in locks(run)}
    problem = ""
    for who, (lock, holder) in edges.items():
        if lock not in lock_names:
            problem = f"{who} waits on {lock}, not on an account lock"
        elif holder not in edges:
            problem = f"{who} waits for {holder}, outside the cycle"
        elif held.get(lock) != holder:
            problem = f"{lock} is not held by {holder}"
        if problem:
            break
    if not problem and set(edges) != {t.name for t in tellers(run)}:
        problem = "the cycle is not exactly the tellers"
    path = []
    if not problem:
        who = run.deadlock_edges[0][0]
        for _ in edges:
            lock, holder = edges[who]
            path.append(f"{who} waits for {lock} held by {holder}")
            who = holder
        if who != run.deadlock_edges[0][0]:
            problem = "the waits do not form one ring"
    if problem:
        return False, f"{problem} ({len(edges)} threads in the cycle)"
    return True, "; ".join(path)


@check("every transfer completed", "每一笔转账都完成了")
def every_transfer(run):
    if run.deadlock and not run.params["ordered"]:
        not_shown("this run deadlocked, so the transfers could not complete")
    accounts, transfers = run.params["accounts"], run.params["transfers"]
    done = transfers_done(run)
    ts = tellers(run)
    complete = [t for t in ts if done.get(t.name, 0) == transfers and t.state == "done"]
    return (len(ts) == accounts and len(complete) == accounts,
            f"{sum(done.values())} of {accounts * transfers} transfers done; "
            f"{len(complete)} of {accounts} tellers finished all of theirs")


@check("money is conserved", "钱的总数不变")
def conserved(run):
    if run.deadlock and not run.params["ordered"]:
        not_shown("this run deadlocked, so main never printed the total")
    expected = run.params["accounts"] * START_BALANCE
    shown = [p.text.rsplit(TOTAL_WORD, 1)[1] for p in run.prints
             if p.thread == "MainThread" and TOTAL_WORD in p.text]
    if not shown:
        return False, "MainThread printed no total"
    return shown[-1] == str(expected), f"printed total {shown[-1]}, expected {expected}"
