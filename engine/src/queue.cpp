// queue.Queue with CPython's behaviour: a woken getter or putter checks
// again and waits again if another thread got there first.
#include "threadlab/queue.hpp"

#include "thread_ctl.hpp"
#include "threadlab/runtime.hpp"

namespace tl {

namespace {
// Wakes the longest waiter of a list, if any; returns its tid.
template <class Grant>
uint32_t wake_one(Object::WaitList& list, Grant grant) {
    if (list.empty()) return kNone;
    Object::Waiter* w = list.pop_front();
    grant(*w);
    return w->t->tid;
}

// SimpleQueue-style: a getter that is still awake (spinning before it
// sleeps) if there is one, else the one that waited least. Either is likely
// to take the item at once, and neither needs a kernel wake-up.
Object::Waiter* awake_or_newest(Object::WaitList& list) {
    for (Object::Waiter* w = list.back(); w; w = w->prev)
        if (w->t->spinning.load(std::memory_order_relaxed)) return w;
    return list.back();
}
}  // namespace

Queue::Queue(Runtime& rt, std::string name, int64_t maxsize)
    : Object(rt, ObjKind::Queue, std::move(name), maxsize), maxsize_(maxsize) {}

void Queue::put(Item item, bool block_, Timeout timeout) {
    detail::ThreadCtl& me = enter();
    std::unique_lock lk(m_);
    if (timeout && *timeout < 0) raise(me, Op::Put, ValueError("'timeout' must be a non-negative number"));
    if (maxsize_ > 0 && int64_t(items_.size()) >= maxsize_) {
        if (!block_) raise(me, Op::Put, QueueFull());
        auto deadline = deadline_after(timeout);
        while (int64_t(items_.size()) >= maxsize_) {
            Waiter w{&me};
            if (!block(lk, w, putters_, ThreadState::Waiting, deadline)) raise(me, Op::Put, QueueFull());
        }
    }
    items_.push_back(item);
    ++unfinished_;
    uint32_t woken = kNone;
    if (awake_getter_first_ && !getters_.empty()) {
        Waiter* w = awake_or_newest(getters_);
        getters_.remove(w);
        woken = w->t->tid;
        grant(*w);
    } else {
        woken = wake_one(getters_, [&](Waiter& w) { grant(w); });
    }
    op(me, Op::Put, true, int64_t(items_.size()), item, woken);
}

Queue::Item Queue::get(bool block_, Timeout timeout) {
    detail::ThreadCtl& me = enter();
    std::unique_lock lk(m_);
    if (timeout && *timeout < 0) raise(me, Op::Get, ValueError("'timeout' must be a non-negative number"));
    if (items_.empty()) {
        if (!block_) raise(me, Op::Get, QueueEmpty());
        auto deadline = deadline_after(timeout);
        while (items_.empty()) {
            Waiter w{&me};
            if (!block(lk, w, getters_, ThreadState::Waiting, deadline)) raise(me, Op::Get, QueueEmpty());
        }
    }
    Item item = items_.front();
    items_.pop_front();
    uint32_t woken = wake_one(putters_, [&](Waiter& w) { grant(w); });
    op(me, Op::Get, true, int64_t(items_.size()), item, woken);
    return item;
}

void Queue::task_done() {
    detail::ThreadCtl& me = enter(0, false);
    std::unique_lock lk(m_);
    if (unfinished_ <= 0) raise(me, Op::TaskDone, ValueError("task_done() called too many times"));
    --unfinished_;
    uint32_t first = kNone;
    if (unfinished_ == 0) {
        first = joiners_.empty() ? kNone : joiners_.front()->t->tid;
        while (!joiners_.empty()) wake_one(joiners_, [&](Waiter& w) { grant(w); });
    }
    op(me, Op::TaskDone, true, unfinished_, 0, first);
}

void Queue::join() {
    detail::ThreadCtl& me = enter();
    std::unique_lock lk(m_);
    while (unfinished_ > 0) {
        Waiter w{&me};
        block(lk, w, joiners_, ThreadState::Waiting, std::nullopt);
    }
    op(me, Op::QueueJoin, true, 0);
}

int64_t Queue::qsize() const {
    std::lock_guard lk(m_);
    return int64_t(items_.size());
}

bool Queue::empty() const { return qsize() == 0; }

bool Queue::full() const {
    std::lock_guard lk(m_);
    return maxsize_ > 0 && int64_t(items_.size()) >= maxsize_;
}

int64_t Queue::unfinished_tasks() const {
    std::lock_guard lk(m_);
    return unfinished_;
}

}  // namespace tl
