// threading.Semaphore and threading.BoundedSemaphore
#pragma once
#include "threadlab/object.hpp"

namespace tl {

class Semaphore : public Object {
public:
    // ValueError("semaphore initial value must be >= 0") when value < 0.
    Semaphore(Runtime& rt, std::string name, int64_t value = 1);
    // acquire(blocking=True, timeout=None): returns false on timeout or when
    // not blocking and the counter is zero.
    bool acquire(bool blocking = true, Timeout timeout = std::nullopt);
    // release(n=1). ValueError("n must be one or more") when n < 1.
    virtual void release(int64_t n = 1);
    int64_t value() const;
    bool owned_by_me() const { return true; }  // for With<>: a semaphore has no owner

protected:
    Semaphore(Runtime& rt, ObjKind kind, std::string name, int64_t value);
    void release_locked(detail::ThreadCtl& t, int64_t n);
    int64_t value_;
    WaitList waiters_;
};

class BoundedSemaphore : public Semaphore {
public:
    BoundedSemaphore(Runtime& rt, std::string name, int64_t value = 1);
    // ValueError("Semaphore released too many times") past the initial value.
    void release(int64_t n = 1) override;
    int64_t initial() const { return initial_; }

private:
    int64_t initial_;
};

}  // namespace tl
