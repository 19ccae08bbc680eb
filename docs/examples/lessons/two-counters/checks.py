from threadlab import check, not_shown, say


@check("with the lock, no update is lost", "加了锁，一次更新也不丢")
def no_lost_update(run):
    expected = run.params["threads"] * run.params["adds"]
    line = run.output[-1]
    if not run.params["use_lock"]:
        not_shown(say(f"this run has no lock ({line})", f"这次运行没有加锁（{line}）"))
    return line == f"counter = {expected} (expected {expected})", line


@check("every adder finished", "每个累加线程都结束了")
def all_done(run):
    adders = [t for t in run.threads if t.name.startswith("adder-")]
    return all(t.state == "done" for t in adders), say(f"{len(adders)} adders", f"{len(adders)} 个累加线程")
