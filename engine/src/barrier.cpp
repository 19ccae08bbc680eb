// Barrier. Waiters are released together by the last arrival, after it has
// run the action; a granted waiter's payload says whether the barrier broke.
#include "threadlab/barrier.hpp"

#include "thread_ctl.hpp"
#include "threadlab/runtime.hpp"

namespace tl {

namespace {
constexpr int64_t kPassed = 1, kBroken = -1;
}

Barrier::Barrier(Runtime& rt, std::string name, int parties, std::function<void()> action, Timeout timeout)
    : Object(rt, ObjKind::Barrier, std::move(name), parties), parties_(parties), action_(std::move(action)),
      default_timeout_(timeout) {
    if (parties < 1) throw ValueError("parties must be >= 1");
}

int Barrier::wait(Timeout timeout) {
    detail::ThreadCtl& me = enter();
    std::unique_lock lk(m_);
    if (!timeout) timeout = default_timeout_;
    if (broken_) raise(me, Op::Wait, BrokenBarrierError());
    int index = count_++;
    if (count_ == parties_) {
        if (action_) {
            // Run outside our mutex: the action is scenario code and may
            // make engine calls (and another thread may abort meanwhile).
            lk.unlock();
            try {
                action_();
            } catch (const ThreadKilled&) {
                throw;
            } catch (...) {
                lk.lock();
                break_locked(me);
                throw;
            }
            lk.lock();
            if (broken_) raise(me, Op::Wait, BrokenBarrierError());
        }
        count_ = 0;
        uint32_t first = waiters_.empty() ? kNone : waiters_.front()->t->tid;
        op(me, Op::Wait, true, index, parties_, first);
        while (!waiters_.empty()) {
            Waiter* w = waiters_.front();
            waiters_.pop_front();
            grant(*w, kPassed);
        }
        return index;
    }
    Waiter w{&me};
    bool released = block(lk, w, waiters_, ThreadState::Waiting, deadline_after(timeout));
    if (!released) {
        break_locked(me);  // a timeout breaks the barrier for everyone
        raise(me, Op::Wait, BrokenBarrierError());
    }
    if (w.payload == kBroken) raise(me, Op::Wait, BrokenBarrierError());
    op(me, Op::Wait, true, index, parties_);
    return index;
}

void Barrier::break_locked(detail::ThreadCtl& t) {
    broken_ = true;
    count_ = 0;
    op(t, Op::Abort, true, static_cast<int64_t>(waiters_.size()), 0,
       waiters_.empty() ? kNone : waiters_.front()->t->tid);
    while (!waiters_.empty()) {
        Waiter* w = waiters_.front();
        waiters_.pop_front();
        grant(*w, kBroken);
    }
}

void Barrier::abort() {
    detail::ThreadCtl& me = enter(0, false);
    std::unique_lock lk(m_);
    break_locked(me);
}

void Barrier::reset() {
    detail::ThreadCtl& me = enter(0, false);
    std::unique_lock lk(m_);
    int64_t waiting = static_cast<int64_t>(waiters_.size());
    uint32_t first = waiters_.empty() ? kNone : waiters_.front()->t->tid;
    while (!waiters_.empty()) {
        Waiter* w = waiters_.front();
        waiters_.pop_front();
        grant(*w, kBroken);
    }
    broken_ = false;
    count_ = 0;
    op(me, Op::Reset, true, waiting, 0, first);
}

int Barrier::n_waiting() const {
    std::lock_guard lk(m_);
    return broken_ ? 0 : count_;
}

bool Barrier::broken() const {
    std::lock_guard lk(m_);
    return broken_;
}

}  // namespace tl
