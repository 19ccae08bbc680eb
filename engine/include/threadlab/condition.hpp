// threading.Condition
#pragma once
#include <functional>

#include "threadlab/lock.hpp"

namespace tl {

class Condition : public Object {
public:
    // Condition(lock=None): without a lock it makes and owns an RLock named "<name>.lock".
    Condition(Runtime& rt, std::string name, LockBase* lock = nullptr);

    bool acquire(bool blocking = true, double timeout = -1) { return lock_->acquire(blocking, timeout); }
    void release() { lock_->release(); }
    bool owned_by_me() const { return lock_->owned_by_me(); }
    LockBase& lock() { return *lock_; }

    // Releases the lock, waits for a notify or the timeout, re-acquires the
    // lock. Returns false on timeout. RuntimeError when the lock is not held.
    bool wait(Timeout timeout = std::nullopt);
    // Waits until pred() is true; returns the last value of pred().
    bool wait_for(const std::function<bool()>& pred, Timeout timeout = std::nullopt);
    void notify(int n = 1);   // RuntimeError when the lock is not held
    void notify_all();

private:
    LockBase* lock_;
    WaitList waiters_;
};

}  // namespace tl
