// World: the state of every thread and object after a prefix of the log.
#include <algorithm>

#include "threadlab/reduce.hpp"

namespace tl {

namespace {

void remove_one(std::vector<uint32_t>& v, uint32_t x) {
    auto it = std::find(v.begin(), v.end(), x);
    if (it != v.end()) v.erase(it);
}

void apply_future(const EventLog& log, ObjectView& o, const LogEvent& e) {
    switch (static_cast<Op>(e.code)) {
        case Op::Pending: o.future_state = 0; break;
        case Op::Running:
            o.future_state = 1;
            o.worker = e.thread;
            break;
        case Op::Cancelled:
            if (e.ok) o.future_state = 2;
            break;
        case Op::Finished:
            o.future_state = 4;
            if (e.ok) o.result = e.value;
            else o.error = log.str(uint32_t(e.aux));
            break;
        case Op::Callback: ++o.callbacks; break;
        default: break;
    }
}

void apply_gil(ObjectView& o, const LogEvent& e) {
    switch (static_cast<Op>(e.code)) {
        case Op::Acquire: o.owner = e.thread; break;
        case Op::Release:
            o.owner = e.other;  // a hand-over names the next holder
            if (e.other != kNone) ++o.switches;
            break;
        case Op::DropRequest: ++o.drop_requests; break;
        default: break;
    }
}

void apply_op(const EventLog& log, ObjectView& o, const LogEvent& e) {
    Op op = static_cast<Op>(e.code);
    if (o.kind == ObjKind::Future) return apply_future(log, o, e);
    if (!e.ok) return;
    switch (o.kind) {
        case ObjKind::Gil: apply_gil(o, e); break;
        case ObjKind::Executor:
        case ObjKind::Pool:
            if (op == Op::Submit) ++o.value;
            break;
        case ObjKind::Lock:
        case ObjKind::RLock:
            if (op == Op::Acquire) {
                o.owner = e.thread;
                o.depth = o.kind == ObjKind::RLock ? e.value : 1;
                o.abandoned = false;
            } else if (op == Op::Release) {
                o.abandoned = false;
                // A release that hands over names the next owner in `other`.
                o.owner = e.other;
                o.depth = e.other == kNone ? e.value : 0;
                if (o.owner == kNone) o.depth = 0;
            }
            break;
        case ObjKind::Semaphore:
        case ObjKind::BoundedSemaphore:
            if (op == Op::Acquire) {
                o.value = e.value;
                o.holders.push_back(e.thread);
            } else if (op == Op::Release) {
                o.value = e.value;
                for (int64_t i = 0; i < std::max<int64_t>(1, e.aux); ++i) {
                    auto it = std::find(o.holders.begin(), o.holders.end(), e.thread);
                    if (it == o.holders.end()) {
                        // Released by a thread that took nothing: it gave back
                        // another's unit, unless the bound has room for one
                        // more (a pool that grew: a new unit, nobody's).
                        const bool new_unit = o.kind == ObjKind::BoundedSemaphore &&
                                              int64_t(o.holders.size()) + o.value <= o.initial;
                        it = new_unit ? o.holders.end() : o.holders.begin();
                    }
                    if (it != o.holders.end()) o.holders.erase(it);
                }
            } else if (op == Op::Resize) {
                o.initial = e.value;
                o.value = e.aux;
                // A pool that shrank: the unit taken out was the resizing thread's.
                auto it = std::find(o.holders.begin(), o.holders.end(), e.thread);
                if (it != o.holders.end() && int64_t(o.holders.size()) + o.value > o.initial) o.holders.erase(it);
            }
            o.max_value = std::max<int64_t>(o.max_value, int64_t(o.holders.size()));
            break;
        case ObjKind::Event:
            if (op == Op::Set) o.value = 1;
            if (op == Op::Clear) o.value = 0;
            break;
        case ObjKind::Barrier:
            if (op == Op::Wait) o.value = 0;  // recorded by the last arrival and by the released
            if (op == Op::Abort) o.broken = true, o.value = 0;
            if (op == Op::Reset) o.broken = false, o.value = 0;
            break;
        case ObjKind::Queue:
            if (op == Op::Put) {
                o.items.push_back(e.aux);
                o.value = e.value;
                ++o.unfinished;
            } else if (op == Op::Get) {
                auto it = std::find(o.items.begin(), o.items.end(), e.aux);
                if (it != o.items.end()) o.items.erase(it);
                o.value = e.value;
            } else if (op == Op::TaskDone) {
                o.unfinished = e.value;
                o.tasks_tracked = true;
            } else if (op == Op::QueueJoin) {
                o.tasks_tracked = true;
            }
            o.max_value = std::max(o.max_value, o.value);
            break;
        default: break;
    }
}

}  // namespace

void World::apply(const EventLog& log, const LogEvent& e) {
    time = std::max(time, e.t);
    ++events;
    auto thread = [&](uint32_t tid) -> ThreadView& {
        if (threads.size() <= tid) {
            size_t old = threads.size();
            threads.resize(tid + 1);
            for (size_t i = old; i < threads.size(); ++i) threads[i].tid = uint32_t(i);
        }
        return threads[tid];
    };
    auto object = [&](uint32_t id) -> ObjectView& {
        if (objects.size() <= id) {
            size_t old = objects.size();
            objects.resize(id + 1);
            for (size_t i = old; i < objects.size(); ++i) objects[i].id = uint32_t(i);
        }
        return objects[id];
    };
    switch (e.kind) {
        case EvKind::ThreadNew: {
            ThreadView& t = thread(e.thread);
            t.daemon = e.ok;
            t.line = e.line;
            t.pid = uint32_t(e.value);
            break;
        }
        case EvKind::ObjNew: {
            ObjectView& o = object(e.object);
            o.kind = static_cast<ObjKind>(e.code);
            o.initial = e.value;
            o.part_of = e.other;
            o.internal = !e.ok;
            o.values_are_text = e.aux == 1;
            if (o.kind == ObjKind::Semaphore || o.kind == ObjKind::BoundedSemaphore) o.value = e.value;
            break;
        }
        case EvKind::State: {
            ThreadView& t = thread(e.thread);
            if (t.object != kNone && t.object < objects.size()) {
                ObjectView& was = objects[t.object];
                remove_one(was.waiters, e.thread);
                if (was.kind == ObjKind::Barrier && t.state == ThreadState::Waiting) was.value = was.waiters.size();
            }
            t.state = static_cast<ThreadState>(e.code);
            t.object = e.object;
            // A thread that ends keeps its locks locked (CPython releases
            // nothing for it): they are abandoned, not held.
            if (is_final(t.state))
                for (ObjectView& o : objects)
                    if ((o.kind == ObjKind::Lock || o.kind == ObjKind::RLock) && o.owner == e.thread) o.abandoned = true;
            t.line = e.line;
            if (t.state != ThreadState::New) t.started = true;
            if (e.object != kNone && (t.state == ThreadState::Blocked || t.state == ThreadState::Waiting)) {
                ObjectView& o = object(e.object);
                o.waiters.push_back(e.thread);
                // A barrier's arrivals are the threads waiting at it.
                if (o.kind == ObjKind::Barrier) o.value = o.waiters.size();
            }
            break;
        }
        case EvKind::OpDone: {
            if (e.thread != kNone) thread(e.thread).line = e.line;
            if (e.object != kNone) {
                ObjectView& o = object(e.object);
                if (o.kind == ObjKind::Thread) {
                    // start() records the daemon flag as it was when the thread started.
                    if (static_cast<Op>(e.code) == Op::Start && e.other != kNone) thread(e.other).daemon = e.aux;
                    break;
                }
                apply_op(log, o, e);
            }
            break;
        }
        case EvKind::Excepthook: {
            std::string text = log.str(uint32_t(e.value));
            thread(e.thread).error = text;
            exceptions.emplace_back(e.thread, text);
            break;
        }
        case EvKind::Print: output.emplace_back(e.thread, log.str(uint32_t(e.value))); break;
        case EvKind::Deadlock: deadlock.push_back(e); break;
        case EvKind::RunStart:
            run.known = true;
            run.mode = static_cast<Mode>(e.code);
            run.policy = static_cast<Policy>(e.line);
            run.seed = static_cast<uint64_t>(e.value);
            run.cores = static_cast<int>(e.object);
            run.gil = static_cast<GilMode>(e.other);
            run.switch_interval = double(e.aux) / 1e9;
            break;
        case EvKind::RunEnd:
            ended = true;
            stopped = !e.ok && deadlock.empty();
            break;
    }
}

World world_at(const EventLog& log, size_t n) {
    World w;
    n = std::min(n, log.size());
    for (size_t i = 0; i < n; ++i) w.apply(log, log[i]);
    return w;
}

}  // namespace tl
