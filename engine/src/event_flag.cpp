#include "threadlab/event_flag.hpp"

#include "thread_ctl.hpp"
#include "threadlab/runtime.hpp"

namespace tl {

Event::Event(Runtime& rt, std::string name) : Object(rt, ObjKind::Event, std::move(name)) {}

bool Event::is_set() const {
    std::lock_guard lk(m_);
    return flag_;
}

void Event::set() {
    detail::ThreadCtl& me = enter(0, false);
    std::unique_lock lk(m_);
    flag_ = true;
    int64_t woken = static_cast<int64_t>(waiters_.size());
    uint32_t first = waiters_.empty() ? kNone : waiters_.front()->t->tid;
    op(me, Op::Set, true, 1, woken, first);
    while (!waiters_.empty()) {
        Waiter* w = waiters_.front();
        waiters_.pop_front();
        grant(*w);
    }
}

void Event::clear() {
    detail::ThreadCtl& me = enter(0, false);
    std::unique_lock lk(m_);
    flag_ = false;
    op(me, Op::Clear, true, 0);
}

bool Event::wait(Timeout timeout) {
    detail::ThreadCtl& me = enter();
    std::unique_lock lk(m_);
    bool result = flag_;
    if (!result) {
        Waiter w{&me};
        result = block(lk, w, waiters_, ThreadState::Waiting, deadline_after(timeout));
    }
    op(me, Op::Wait, result, result);
    return result;
}

}  // namespace tl
