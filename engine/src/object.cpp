#include "threadlab/object.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "scheduler.hpp"
#include "thread_ctl.hpp"
#include "threadlab/runtime.hpp"

namespace tl {

namespace {
thread_local PartsOf::Scope tls_parts;
}

PartsOf::PartsOf(uint32_t whole, ThreadState wait_state) : saved_(tls_parts) {
    tls_parts = {true, whole, wait_state};
}
PartsOf::~PartsOf() { tls_parts = saved_; }
const PartsOf::Scope& PartsOf::current() { return tls_parts; }

Object::Object(Runtime& rt, ObjKind kind, std::string name, int64_t initial, std::optional<Op> born)
    : rt_(rt), kind_(kind), name_(std::move(name)) {
    const PartsOf::Scope& parts = PartsOf::current();
    ObjectInfo info{name_, kind_, initial};
    if (parts.active) {
        info.part_of = parts.whole;
        info.internal = true;
        is_part_ = true;
        part_wait_state_ = parts.wait_state;
    }
    id_ = rt_.log().add_object(info);
    shown_ = parts.active && parts.whole != kNone ? parts.whole : id_;
    if (auto* c = detail::current(); c && c->rt == &rt_) {
        if (born)
            rt_.record_birth(*c, kind_, id_, initial, *born);
        else
            rt_.record_op(*c, EvKind::ObjNew, static_cast<uint8_t>(kind_), id_, !info.internal, initial, 0,
                          info.part_of);
    } else {
        LogEvent e;
        e.kind = EvKind::ObjNew;
        e.object = id_;
        e.code = static_cast<uint8_t>(kind_);
        e.value = initial;
        e.ok = !info.internal;
        e.other = info.part_of;
        rt_.record(e);
    }
}

Object::~Object() = default;

Nanos timeout_nanos(double seconds) {
    if (!(seconds > 0)) return 0;
    return static_cast<Nanos>(std::ceil(seconds * 1e9));
}

detail::ThreadCtl& Object::me() {
    detail::ThreadCtl* c = detail::current();
    if (!c) throw std::logic_error("ThreadLab engine call outside a scenario thread");
    return *c;
}

detail::ThreadCtl& Object::enter(int line_hint, bool may_throw) {
    detail::ThreadCtl& t = me();
    if (t.rt != &rt_) throw std::logic_error("object '" + name_ + "' belongs to another run");
    if (line_hint > 0) t.line = static_cast<uint16_t>(line_hint);
    rt_.scheduler().gate(t, may_throw);
    return t;
}

bool Object::block(std::unique_lock<ObjectMutex>& lk, Waiter& w, WaitList& queue, ThreadState state,
                   std::optional<Nanos> deadline) {
    detail::ThreadCtl& t = *w.t;
    // A deadline already passed (timeout=0) fails at once, without waiting
    // for virtual time to move.
    if (deadline && *deadline <= rt_.scheduler().now()) return false;
    rt_.release_gil(t);  // a blocking call lets other threads of the process run
    queue.push_back(&w);
    t.waiting_on.store(id_, std::memory_order_release);
    if (is_part_) state = part_wait_state_;
    auto leave = [&] {
        queue.remove(&w);
        t.waiting_on.store(kNone, std::memory_order_release);
    };
    for (;;) {
        t.set_state(state, shown_);  // again after a wake that was not a grant
        t.pokeable.store(deadline.has_value(), std::memory_order_release);
        t.interruptible.store(true, std::memory_order_release);
        // (A signal that came before the flag was up wakes nobody: look first.)
        detail::Wake r = t.interrupted.load(std::memory_order_acquire) ? detail::Wake::Unparked
                                                                       : rt_.scheduler().park(t, &lk, deadline);
        t.interruptible.store(false, std::memory_order_release);
        t.pokeable.store(false, std::memory_order_release);
        if (r != detail::Wake::Killed && t.interrupted.load(std::memory_order_acquire)) {
            // A signal for this thread: its handler runs with the object's
            // mutex let go (it may use this very object), still in the queue.
            // If it raised, the wait ends with its exception, unless a grant
            // came meanwhile: then the wait is over anyway and the exception
            // is left for the embedding to raise as the call returns (as
            // CPython raises it at the next instruction).
            lk.unlock();
            const bool raised = rt_.serve_interrupt(t);
            lk.lock();
            t.waiting_on.store(id_, std::memory_order_release);
            if (raised && !w.granted) {
                leave();
                t.set_state(ThreadState::Running);
                throw WaitInterrupted{};
            }
        }
        if (r != detail::Wake::Killed && t.poked.load(std::memory_order_acquire)) {
            // Woken to let an outside turn in (Runtime::want_outside_turn),
            // still in the queue: a grant meanwhile is kept in w. The
            // object's mutex is let go, as the hook's calls may reach this
            // very object (a teacher cancelling the Timer that waits here).
            lk.unlock();
            rt_.serve_outside_turn(t);
            lk.lock();
            t.waiting_on.store(id_, std::memory_order_release);  // a wait inside the hook moved it
        }
        if (w.granted) break;
        if (r == detail::Wake::Killed) {
            leave();
            throw ThreadKilled{};
        }
        if (r == detail::Wake::Timeout) {
            leave();
            t.set_state(ThreadState::Running);
            return false;
        }
    }
    t.waiting_on.store(kNone, std::memory_order_release);
    t.set_state(ThreadState::Running);
    return true;
}

void Object::grant(Waiter& w, int64_t payload) {
    w.granted = true;
    w.payload = payload;
    rt_.scheduler().unpark(*w.t);
}

void Object::op(detail::ThreadCtl& t, Op o, bool ok, int64_t value, int64_t aux, uint32_t other) {
    rt_.record_op(t, EvKind::OpDone, static_cast<uint8_t>(o), id_, ok, value, aux, other);
}

void Object::record_raise(detail::ThreadCtl& t, Op during, const std::string& text) {
    op(t, Op::Raise, false, rt_.log().intern(text), static_cast<int64_t>(during));
}

std::optional<Nanos> Object::deadline_after(Timeout timeout) const {
    if (!timeout) return std::nullopt;
    return rt_.scheduler().now() + timeout_nanos(*timeout);
}

}  // namespace tl
