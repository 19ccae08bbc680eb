# What every run of this lesson must show, whatever its parameters and seed.
from threadlab import answer, check, say


@check("every item was consumed exactly once", "每件货物恰好被消费一次")
def each_item_once(run):
    q = run.object("q")
    items = [str(i) for i in range(run.params["items"])]
    got = [op.item for op in q.ops("get") if op.item != "None"]
    put = [op.item for op in q.ops("put") if op.item != "None"]
    missing = [i for i in items if got.count(i) == 0]
    twice = [i for i in items if got.count(i) > 1 or put.count(i) > 1]
    once = len(items) - len(missing) - len(twice)
    en = f"{once} of {len(items)} items put once and got once"
    zh = f"{len(items)} 件货物中有 {once} 件恰好放入一次、取出一次"
    if missing:
        en += "; never consumed: " + ", ".join(missing[:8])
        zh += "；从未被消费：" + "、".join(missing[:8])
    if twice:
        en += "; more than once: " + ", ".join(twice[:8])
        zh += "；不止一次：" + "、".join(twice[:8])
    return once == len(items), say(en, zh)


@check("the queue never held more than its capacity", "队列里的货物从未超过容量")
def capacity(run):
    q = run.object("q")
    return q.most <= q.initial, say(f"largest size after a put: {q.most}, capacity: {q.initial}",
                                    f"put 之后的最大长度：{q.most}，容量：{q.initial}")


@check("every consumer stopped at its sentinel and every thread finished",
       "每个消费者都在哨兵处停下，所有线程都已结束")
def clean_stop(run):
    sentinels = [op for op in run.object("q").ops("get") if op.item == "None"]
    done = [t for t in run.threads if t.state == "done"]
    # Every consumer started (the teacher may have started or retired some).
    consumers = len([t for t in run.threads if t.name.startswith("consumer-")])
    return (len(sentinels) == consumers and len(done) == len(run.threads),
            say(f"{len(sentinels)} sentinels taken by {consumers} consumers; "
                f"{len(done)} of {len(run.threads)} threads done",
                f"{consumers} 个消费者取走了 {len(sentinels)} 个哨兵；"
                f"{len(run.threads)} 个线程中有 {len(done)} 个已结束"))


@answer
def where_the_producer_waits(run):
    """0: producer-0 slept longer than it waited in put(); 1: the other way round."""
    producer = run.thread("producer-0")
    end = producer.end_t if producer.end_t is not None else run.duration
    return 0 if producer.time_in("sleeping", end) >= producer.time_in("waiting", end) else 1
