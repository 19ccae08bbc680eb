// Semaphore and BoundedSemaphore. A release hands its unit straight to the
// longest waiter, so the counter the GUI shows never flickers above zero
// while someone waits.
#include "threadlab/semaphore.hpp"

#include "thread_ctl.hpp"
#include "threadlab/runtime.hpp"

namespace tl {

Semaphore::Semaphore(Runtime& rt, std::string name, int64_t value)
    : Semaphore(rt, ObjKind::Semaphore, std::move(name), value) {}

Semaphore::Semaphore(Runtime& rt, ObjKind kind, std::string name, int64_t value)
    : Object(rt, kind, std::move(name), value), value_(value) {
    if (value < 0) throw ValueError("semaphore initial value must be >= 0");
}

bool Semaphore::acquire(bool blocking, Timeout timeout) {
    detail::ThreadCtl& me = enter();
    std::unique_lock lk(m_);
    if (!blocking && timeout) raise(me, Op::Acquire, ValueError("can't specify timeout for non-blocking acquire"));
    bool ok = false;
    if (value_ > 0) {
        --value_;
        ok = true;
    } else if (blocking) {
        Waiter w{&me};
        ok = block(lk, w, waiters_, ThreadState::Waiting, deadline_after(timeout));
    }
    op(me, Op::Acquire, ok, value_);
    return ok;
}

void Semaphore::release(int64_t n) {
    detail::ThreadCtl& me = enter(0, false);
    std::unique_lock lk(m_);
    if (n < 1) raise(me, Op::Release, ValueError("n must be one or more"));
    release_locked(me, n);
}

void Semaphore::release_locked(detail::ThreadCtl& t, int64_t n) {
    uint32_t first = kNone;
    WaitList woken;
    for (int64_t i = 0; i < n; ++i) {
        if (waiters_.empty()) {
            ++value_;
            continue;
        }
        woken.push_back(waiters_.pop_front());
        if (first == kNone) first = woken.back()->t->tid;
    }
    op(t, Op::Release, true, value_, n, first);
    while (!woken.empty()) grant(*woken.pop_front());  // each stays valid: we hold m_
}

int64_t Semaphore::value() const {
    std::lock_guard lk(m_);
    return value_;
}

BoundedSemaphore::BoundedSemaphore(Runtime& rt, std::string name, int64_t value)
    : Semaphore(rt, ObjKind::BoundedSemaphore, std::move(name), value), initial_(value) {}

void BoundedSemaphore::release(int64_t n) {
    detail::ThreadCtl& me = enter(0, false);
    std::unique_lock lk(m_);
    if (n < 1) raise(me, Op::Release, ValueError("n must be one or more"));
    if (value_ + n > initial_) raise(me, Op::Release, ValueError("Semaphore released too many times"));
    release_locked(me, n);
}

}  // namespace tl
