// Lock and RLock. Release hands the lock straight to the longest waiter, so
// the wait queue the GUI shows is the order in which threads get the lock;
// or, with set_handoff(false), frees it and wakes the longest waiter to try
// again, as CPython's locks do (which are not fair): then the scheduler may
// still say the woken waiter won the race, and it is handed over.
#include "threadlab/lock.hpp"

#include "scheduler.hpp"
#include "thread_ctl.hpp"
#include "threadlab/runtime.hpp"

namespace tl {

bool LockBase::acquire_locked(std::unique_lock<ObjectMutex>& lk, detail::ThreadCtl& t, bool blocking,
                              double timeout, int64_t count) {
    std::optional<Nanos> deadline;
    if (blocking && timeout >= 0) deadline = deadline_after(timeout);
    for (;;) {
        if (count_ == 0) {
            owner_ = t.tid;
            count_ = count;
            set_holder(t.tid);
            return true;
        }
        if (!blocking) return false;
        Waiter w{&t, false, count};
        if (!block(lk, w, waiters_, ThreadState::Blocked, deadline)) return false;
        if (count_ > 0 && owner_ == t.tid) return true;  // handed over: it is ours
        // Woken to try again; another thread may have taken it first.
    }
}

void LockBase::hand_over_locked(detail::ThreadCtl& t, int64_t value, Op op_name) {
    uint32_t next = kNone;
    // A lock that does not hand over is freed and its longest waiter woken
    // to try again, unless the scheduler says that waiter wins the race for
    // it: then it is handed over, as a fair lock always does.
    const bool hand_over = handoff_ || (!waiters_.empty() && rt_.scheduler().waiter_wins_release());
    if (!hand_over) {
        owner_ = kNone;
        count_ = 0;
        set_holder(kNone);
        op(t, op_name, true, value, 0, kNone);
        if (!waiters_.empty()) {
            Waiter* w = waiters_.front();
            waiters_.pop_front();
            grant(*w);  // wakes it to try again, as CPython's release does
        }
        return;
    }
    if (!waiters_.empty()) {
        Waiter* w = waiters_.front();
        waiters_.pop_front();
        owner_ = w->t->tid;
        count_ = w->payload;
        next = owner_;
        set_holder(owner_);
        op(t, op_name, true, value, 0, next);
        grant(*w, w->payload);
        return;
    }
    owner_ = kNone;
    count_ = 0;
    set_holder(kNone);
    op(t, op_name, true, value, 0, next);
}

bool LockBase::owned_by_me() const {
    detail::ThreadCtl* c = detail::current();
    return c && holder() == c->tid;
}

int64_t LockBase::release_save() {
    detail::ThreadCtl& t = enter(0, false);
    return release_save(t);
}

void LockBase::acquire_restore(int64_t saved) {
    detail::ThreadCtl& t = enter();
    acquire_restore(t, saved);
}

int64_t LockBase::count() const {
    std::lock_guard lk(m_);
    return count_;
}

uint32_t LockBase::owner() const {
    std::lock_guard lk(m_);
    return count_ > 0 ? owner_ : kNone;
}

static void check_timeout_args(bool blocking, double timeout) {
    if (!blocking && timeout != -1) throw ValueError("can't specify a timeout for a non-blocking call");
    if (timeout < 0 && timeout != -1) throw ValueError("timeout value must be a non-negative number");
}

// ---- Lock ---------------------------------------------------------------

Lock::Lock(Runtime& rt, std::string name) : LockBase(rt, ObjKind::Lock, std::move(name)) {}

bool Lock::acquire(bool blocking, double timeout) {
    detail::ThreadCtl& me = enter();
    std::unique_lock lk(m_);
    try {
        check_timeout_args(blocking, timeout);
    } catch (ValueError& e) {
        raise(me, Op::Acquire, e);
    }
    bool ok = acquire_locked(lk, me, blocking, timeout, 1);
    op(me, Op::Acquire, ok, ok ? 1 : 0);
    return ok;
}

void Lock::release() {
    detail::ThreadCtl& me = enter(0, false);
    std::unique_lock lk(m_);
    if (count_ == 0) raise(me, Op::Release, RuntimeError("release unlocked lock"));
    hand_over_locked(me, 0, Op::Release);
}

bool Lock::locked() const {
    std::lock_guard lk(m_);
    return count_ > 0;
}


int64_t Lock::release_save(detail::ThreadCtl& t) {
    std::unique_lock lk(m_);
    hand_over_locked(t, 0, Op::Release);
    return 1;
}

void Lock::acquire_restore(detail::ThreadCtl& t, int64_t) {
    std::unique_lock lk(m_);
    acquire_locked(lk, t, true, -1, 1);
    op(t, Op::Acquire, true, 1);
}

// ---- RLock --------------------------------------------------------------

RLock::RLock(Runtime& rt, std::string name) : LockBase(rt, ObjKind::RLock, std::move(name)) {}

bool RLock::acquire(bool blocking, double timeout) {
    detail::ThreadCtl& me = enter();
    std::unique_lock lk(m_);
    try {
        check_timeout_args(blocking, timeout);
    } catch (ValueError& e) {
        raise(me, Op::Acquire, e);
    }
    if (count_ > 0 && owner_ == me.tid) {
        ++count_;
        op(me, Op::Acquire, true, count_);
        return true;
    }
    bool ok = acquire_locked(lk, me, blocking, timeout, 1);
    op(me, Op::Acquire, ok, ok ? count_ : 0);
    return ok;
}

void RLock::release() {
    detail::ThreadCtl& me = enter(0, false);
    std::unique_lock lk(m_);
    if (count_ == 0 || owner_ != me.tid) raise(me, Op::Release, RuntimeError("cannot release un-acquired lock"));
    if (--count_ > 0) {
        op(me, Op::Release, true, count_);
        return;
    }
    hand_over_locked(me, 0, Op::Release);
}


int64_t RLock::release_save(detail::ThreadCtl& t) {
    std::unique_lock lk(m_);
    int64_t saved = count_;
    hand_over_locked(t, 0, Op::Release);
    return saved;
}

void RLock::acquire_restore(detail::ThreadCtl& t, int64_t saved) {
    std::unique_lock lk(m_);
    acquire_locked(lk, t, true, -1, saved);
    op(t, Op::Acquire, true, count_);
}

}  // namespace tl
