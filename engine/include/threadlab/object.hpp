// Base of every engine object (threads and primitives): a name and id in the
// log, a private mutex guarding its state, and the few helpers through which
// every primitive blocks, wakes and records. Primitives are written once over
// these helpers; the two run modes differ only below them, in the scheduler.
#pragma once
#include <atomic>
#include <mutex>
#include <optional>
#include <string>

#include "threadlab/errors.hpp"
#include "threadlab/event.hpp"
#include "threadlab/object_mutex.hpp"

namespace tl {

class Runtime;
namespace detail {
struct ThreadCtl;
}

// Python's "no timeout" (None) is std::nullopt; seconds otherwise.
using Timeout = std::optional<double>;

// Seconds to nanoseconds as CPython rounds a timeout (_PyTime_ROUND_TIMEOUT:
// up), so that any positive timeout waits at least 1 ns. Truncating made a
// Python loop that waits out the rest of its time (Condition.wait_for) spin
// for ever in virtual time on a remainder below 1 ns. Negative means 0.
Nanos timeout_nanos(double seconds);

// Objects that library code makes on behalf of another object: an embedded
// Python's queue.Queue is a mutex and three Conditions, but the student
// made one Queue. While a PartsOf lives in a thread, every object that
// thread creates is a part of `whole`: recorded as internal (not listed),
// and a thread waiting on it is recorded as `wait_state` on the whole (a
// Condition's waiter lock is the condition's wait: Waiting, not Blocked).
// `whole` may be kNone: the objects are details of something the log does
// not show yet (a Thread's _started Event before start()).
class PartsOf {
public:
    explicit PartsOf(uint32_t whole, ThreadState wait_state = ThreadState::Blocked);
    ~PartsOf();
    PartsOf(const PartsOf&) = delete;
    PartsOf& operator=(const PartsOf&) = delete;

    struct Scope {
        bool active = false;
        uint32_t whole = kNone;
        ThreadState wait_state = ThreadState::Blocked;
    };
    static const Scope& current();  // of the calling thread

private:
    Scope saved_;
};

class Object {
public:
    // `born`: an operation the object is created in (a Future is born
    // PENDING), recorded with its creation when a scenario thread creates it.
    Object(Runtime& rt, ObjKind kind, std::string name, int64_t initial = 0, std::optional<Op> born = {});
    virtual ~Object();
    Object(const Object&) = delete;
    Object& operator=(const Object&) = delete;

    uint32_t id() const { return id_; }
    ObjKind kind() const { return kind_; }
    const std::string& name() const { return name_; }
    Runtime& runtime() const { return rt_; }
    // The thread that alone can release this object (a lock's owner, a
    // thread being joined), for deadlock reports; kNone when there is none.
    uint32_t holder() const { return holder_.load(std::memory_order_acquire); }
    // The object a wait on this one is recorded on: itself, or the whole it
    // is a part of.
    uint32_t shown() const { return shown_; }

    // A thread queued on this object. A waker removes it from the queue and
    // grants it under m_, so a timeout and a grant can never both win.
    struct Waiter {
        detail::ThreadCtl* t = nullptr;
        bool granted = false;
        int64_t payload = 0;  // what the waker hands over (e.g. a barrier index)
        Waiter* prev = nullptr;  // links of the WaitList it is queued on
        Waiter* next = nullptr;
        bool queued = false;
    };

    // The threads queued on an object, oldest first. Intrusive: each Waiter
    // lives on its waiting thread's stack, so queuing allocates nothing and
    // an object nobody waits on (most futures) costs no memory for its list.
    // Guarded by the owning object's m_.
    class WaitList {
    public:
        bool empty() const { return head_ == nullptr; }
        size_t size() const { return size_; }
        Waiter* front() const { return head_; }
        Waiter* back() const { return tail_; }
        void push_back(Waiter* w) {
            w->prev = tail_;
            w->next = nullptr;
            (tail_ ? tail_->next : head_) = w;
            tail_ = w;
            w->queued = true;
            ++size_;
        }
        Waiter* pop_front() { return unlink(head_); }
        Waiter* pop_back() { return unlink(tail_); }
        // Takes w out if it is queued here; false when it is not.
        bool remove(Waiter* w) { return w->queued && unlink(w); }

    private:
        Waiter* unlink(Waiter* w) {
            (w->prev ? w->prev->next : head_) = w->next;
            (w->next ? w->next->prev : tail_) = w->prev;
            w->prev = w->next = nullptr;
            w->queued = false;
            --size_;
            return w;
        }
        Waiter* head_ = nullptr;
        Waiter* tail_ = nullptr;
        size_t size_ = 0;
    };

protected:
    // The scheduling point every operation starts with: pause, kill and, in
    // deterministic mode, the choice of who runs next. Operations that never
    // block (release, notify, set...) pass may_throw=false so that they stay
    // safe to call from destructors while a killed thread unwinds.
    detail::ThreadCtl& enter(int line_hint = 0, bool may_throw = true);
    static detail::ThreadCtl& me();

    // Queues w on `queue`, records the thread as `state` on this object and
    // parks until granted, timed out or killed. Returns true when granted;
    // on timeout w is removed and false returned; on kill w is removed and
    // ThreadKilled thrown. Records Running again before returning.
    bool block(std::unique_lock<ObjectMutex>& lk, Waiter& w, WaitList& queue,
               ThreadState state, std::optional<Nanos> deadline);
    // Grants a waiter the caller has just removed from its queue, and wakes it.
    void grant(Waiter& w, int64_t payload = 0);
    // Records an operation by the calling thread.
    void op(detail::ThreadCtl& t, Op o, bool ok, int64_t value = 0, int64_t aux = 0,
            uint32_t other = kNone);
    // Records the Python error the caller is about to throw, then throws it.
    template <class E>
    [[noreturn]] void raise(detail::ThreadCtl& t, Op during, E err) {
        record_raise(t, during, err.formatted());
        throw err;
    }
    // "timeout seconds from now", in scenario time; nullopt stays nullopt.
    std::optional<Nanos> deadline_after(Timeout timeout) const;
    void set_holder(uint32_t tid) { holder_.store(tid, std::memory_order_release); }

    Runtime& rt_;
    mutable ObjectMutex m_;

private:
    void record_raise(detail::ThreadCtl& t, Op during, const std::string& text);
    uint32_t id_;
    uint32_t shown_;
    ThreadState part_wait_state_ = ThreadState::Blocked;  // used when shown_ != id_
    bool is_part_ = false;
    ObjKind kind_;
    std::string name_;
    std::atomic<uint32_t> holder_{kNone};
};

// Python's `with obj:` for anything with acquire() and release().
template <class L>
class With {
public:
    explicit With(L& l) : l_(l) { l_.acquire(); }
    ~With() {
        // A killed thread unwinding out of Condition.wait no longer holds the
        // lock; releasing it then would raise from a destructor.
        try {
            if (l_.owned_by_me()) l_.release();
        } catch (...) {
        }
    }
    With(const With&) = delete;
    With& operator=(const With&) = delete;

private:
    L& l_;
};

}  // namespace tl
