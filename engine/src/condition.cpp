#include "threadlab/condition.hpp"

#include "scheduler.hpp"
#include "thread_ctl.hpp"
#include "threadlab/runtime.hpp"

namespace tl {

Condition::Condition(Runtime& rt, std::string name, LockBase* lock)
    : Object(rt, ObjKind::Condition, name), lock_(lock) {
    if (!lock_) lock_ = &rt.make<RLock>(name + ".lock");
}

bool Condition::wait(Timeout timeout) {
    detail::ThreadCtl& me = enter();
    if (!lock_->owned_by_me()) raise(me, Op::Wait, RuntimeError("cannot wait on un-acquired lock"));
    std::unique_lock lk(m_);
    // Registered under our mutex before the lock is released: a notifier
    // must take the lock and then our mutex, so it cannot miss us.
    int64_t saved = lock_->release_save(me);
    Waiter w{&me};
    bool notified = block(lk, w, waiters_, ThreadState::Waiting, deadline_after(timeout));
    lk.unlock();
    lock_->acquire_restore(me, saved);
    op(me, Op::Wait, notified, notified);
    return notified;
}

bool Condition::wait_for(const std::function<bool()>& pred, Timeout timeout) {
    // CPython's loop: the timeout is for the whole call, not for each wait.
    bool result = pred();
    std::optional<Nanos> end;
    if (timeout) end = deadline_after(timeout);
    while (!result) {
        Timeout left;
        if (end) {
            Nanos remaining = *end - rt_.scheduler().now();
            if (remaining <= 0) break;
            left = double(remaining) / 1e9;
        }
        wait(left);
        result = pred();
    }
    return result;
}

void Condition::notify(int n) {
    detail::ThreadCtl& me = enter(0, false);
    if (!lock_->owned_by_me()) raise(me, Op::Notify, RuntimeError("cannot notify on un-acquired lock"));
    std::unique_lock lk(m_);
    int woken = 0;
    uint32_t first = kNone;
    while (woken < n && !waiters_.empty()) {
        Waiter* w = waiters_.front();
        waiters_.pop_front();
        if (first == kNone) first = w->t->tid;
        grant(*w);
        ++woken;
    }
    op(me, Op::Notify, true, woken, n, first);
}

void Condition::notify_all() {
    detail::ThreadCtl& me = enter(0, false);
    if (!lock_->owned_by_me()) raise(me, Op::NotifyAll, RuntimeError("cannot notify on un-acquired lock"));
    std::unique_lock lk(m_);
    int woken = 0;
    uint32_t first = kNone;
    while (!waiters_.empty()) {
        Waiter* w = waiters_.front();
        waiters_.pop_front();
        if (first == kNone) first = w->t->tid;
        grant(*w);
        ++woken;
    }
    op(me, Op::NotifyAll, true, woken, 0, first);
}

}  // namespace tl
