#include "gil.hpp"

#include <algorithm>
#include <thread>

#include "scheduler.hpp"
#include "thread_ctl.hpp"

namespace tl::detail {


Gil::Gil(Runtime& rt, std::string name, GilMode mode) : Object(rt, ObjKind::Gil, std::move(name)), mode_(mode) {}

void Gil::run_cpu(ThreadCtl& me, Nanos work) {
    if (mode_ == GilMode::Ticks) return run_cpu_ticks(me, work);
    Scheduler& sched = rt_.scheduler();
    while (work > 0) {
        if (!me.holds_gil) acquire(me);
        work -= sched.cpu_work(me, work, &drop_request_);
        if (drop_request_.load(std::memory_order_acquire)) {
            // Asked to drop it: hand it over (CPython 3.2's forced switch),
            // then queue for it again.
            std::unique_lock lk(m_);
            drop_request_.store(false, std::memory_order_release);
            release_locked(me);
        }
    }
}

// The old GIL: see OldGil (runtime.hpp) for the model and its numbers.
void Gil::run_cpu_ticks(ThreadCtl& me, Nanos work) {
    Scheduler& sched = rt_.scheduler();
    // The fight needs a second core for the waiter to wake on: on one, the
    // holder's release and re-take go unnoticed until it is preempted.
    const bool multicore = rt_.config().mode == Mode::Free ? std::thread::hardware_concurrency() > 1
                                                           : rt_.config().cores > 1;
    while (work > 0) {
        if (!me.holds_gil) acquire(me);
        work -= sched.cpu_work(me, std::min(work, OldGil::check), nullptr);
        if (work <= 0) break;
        bool contended;
        {
            std::unique_lock lk(m_);
            contended = !waiters_.empty();
        }
        if (!contended) continue;  // a release and re-take nobody notices
        if (multicore) sched.cpu_work(me, OldGil::overhead, nullptr);
        if (me.uniform01() >= OldGil::waiter_wins) continue;
        std::unique_lock lk(m_);
        if (!waiters_.empty()) release_locked(me);  // the waiter won: it holds the GIL, we queue for it
    }
}

void Gil::acquire(ThreadCtl& me) {
    std::unique_lock lk(m_);
    if (!holder_) {
        holder_ = &me;
        me.holds_gil = true;
        set_holder(me.tid);
        op(me, Op::Acquire, true);
        return;
    }
    Waiter w{&me};
    uint64_t switches_at_start = switches_;
    for (;;) {
        if (!holder_) {  // freed while we were between two waits
            holder_ = &me;
            me.holds_gil = true;
            set_holder(me.tid);
            break;
        }
        std::optional<Nanos> deadline;
        if (mode_ == GilMode::Modern)
            deadline = rt_.scheduler().now() + Nanos(rt_.switch_interval() * 1e9);
        if (block(lk, w, waiters_, ThreadState::Blocked, deadline)) break;
        // The interval passed with no switch: ask the holder to drop it.
        if (holder_ && switches_ == switches_at_start && !drop_request_.load()) {
            drop_request_.store(true, std::memory_order_release);
            op(me, Op::DropRequest, true, Nanos(rt_.switch_interval() * 1e9), 0, holder_->tid);
            rt_.scheduler().unpark(*holder_);
        }
        switches_at_start = switches_;
        w.granted = false;
    }
    // Granted: the releaser made us the holder.
    op(me, Op::Acquire, true);
}

void Gil::release_locked(ThreadCtl& me) {
    me.holds_gil = false;
    if (waiters_.empty()) {
        holder_ = nullptr;
        set_holder(kNone);
        op(me, Op::Release, true);
        return;
    }
    Waiter* next = waiters_.front();
    waiters_.pop_front();
    holder_ = next->t;
    next->t->holds_gil = true;
    ++switches_;
    set_holder(holder_->tid);
    op(me, Op::Release, true, 0, 0, holder_->tid);
    grant(*next);
}

void Gil::release_for_blocking(ThreadCtl& me) {
    std::unique_lock lk(m_);
    if (holder_ != &me) return;
    drop_request_.store(false, std::memory_order_release);
    release_locked(me);
}

}  // namespace tl::detail
