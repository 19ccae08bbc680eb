// threading.Lock and threading.RLock
#pragma once
#include "threadlab/object.hpp"

namespace tl {

// What Condition needs from the lock it wraps.
class LockBase : public Object {
public:
    using Object::Object;
    // acquire(blocking=True, timeout=-1): a negative timeout waits forever.
    virtual bool acquire(bool blocking = true, double timeout = -1) = 0;
    virtual void release() = 0;
    // Read without the object's mutex: holder() changes only under it, and
    // becomes the calling thread's id only when that thread takes the lock
    // or is handed it while it waits, so the answer for the caller itself
    // cannot be stale. (`with lock:` asks this on every exit.)
    bool owned_by_me() const;
    // Condition's _release_save / _acquire_restore, for a Condition written
    // outside the engine (CPython's own threading.Condition over this lock).
    int64_t release_save();
    void acquire_restore(int64_t saved);
    int64_t count() const;  // recursion depth now (RLock._recursion_count)
    // true (the default): release hands the lock to the longest waiter, so
    // threads get it in the order they asked. false: as CPython, release
    // frees it and wakes the longest waiter to try again; the releasing
    // thread (still running) often takes it back first. Set before use.
    void set_handoff(bool handoff) { handoff_ = handoff; }
    uint32_t owner() const;  // tid, kNone when free

protected:
    friend class Condition;
    // Fully releases for Condition.wait and gives back what restore needs.
    virtual int64_t release_save(detail::ThreadCtl& t) = 0;
    virtual void acquire_restore(detail::ThreadCtl& t, int64_t saved) = 0;
    // Grants the lock to the first queued waiter, or marks it free.
    void hand_over_locked(detail::ThreadCtl& t, int64_t count, Op op_name);
    bool acquire_locked(std::unique_lock<ObjectMutex>& lk, detail::ThreadCtl& t, bool blocking,
                        double timeout, int64_t count);

    bool handoff_ = true;
    uint32_t owner_ = kNone;   // tid; Lock tracks it for display only
    int64_t count_ = 0;        // recursion depth (Lock: 0 or 1)
    WaitList waiters_;
};

class Lock : public LockBase {
public:
    using LockBase::acquire_restore;
    using LockBase::release_save;
    Lock(Runtime& rt, std::string name);
    bool acquire(bool blocking = true, double timeout = -1) override;
    // RuntimeError("release unlocked lock") when not locked. Any thread may
    // release a Lock, as in Python.
    void release() override;
    bool locked() const;

protected:
    int64_t release_save(detail::ThreadCtl& t) override;
    void acquire_restore(detail::ThreadCtl& t, int64_t saved) override;
};

class RLock : public LockBase {
public:
    using LockBase::acquire_restore;
    using LockBase::release_save;
    RLock(Runtime& rt, std::string name);
    bool acquire(bool blocking = true, double timeout = -1) override;
    // RuntimeError("cannot release un-acquired lock") when the caller is not the owner.
    void release() override;

protected:
    int64_t release_save(detail::ThreadCtl& t) override;
    void acquire_restore(detail::ThreadCtl& t, int64_t saved) override;
};

}  // namespace tl
