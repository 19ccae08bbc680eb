// concurrent.futures.Future, with CPython's state machine:
//   PENDING -> RUNNING -> FINISHED (a result or an exception)
//   PENDING -> CANCELLED -> CANCELLED_AND_NOTIFIED
// Every transition is an operation in the log (`f3.pending`, `f3.running`,
// `f3.finished`, `f3.cancelled`), and so are callbacks and result() calls.
#pragma once
#include <exception>
#include <functional>
#include <string>
#include <vector>

#include "threadlab/object.hpp"

namespace tl {

struct CancelledError : PyError {
    CancelledError() : PyError("concurrent.futures.CancelledError", "") {}
};
struct InvalidStateError : PyError {
    explicit InvalidStateError(const std::string& m) : PyError("concurrent.futures.InvalidStateError", m) {}
};

enum class FutureState : uint8_t { Pending, Running, Cancelled, CancelledAndNotified, Finished };
std::string_view to_string(FutureState s);  // "PENDING", "RUNNING", ... as CPython's repr shows them

class Future : public Object {
public:
    using Value = int64_t;
    using Callback = std::function<void(Future&)>;

    // Named "f0", "f1", ... in creation order when no name is given.
    explicit Future(Runtime& rt, std::string name = "");

    bool cancel();        // true when it is (now) cancelled; false once running or done
    bool cancelled() const;
    bool running() const;
    bool done() const;    // finished or cancelled
    FutureState state() const;

    // Blocks until done. Raises TimeoutError, CancelledError, or the
    // exception the call raised.
    Value result(Timeout timeout = std::nullopt);
    // The exception the call raised (nullptr when it returned), or raises
    // TimeoutError / CancelledError.
    std::exception_ptr exception(Timeout timeout = std::nullopt);
    // Runs fn(*this) when done, in the thread that completes the future; at
    // once in the caller when already done. A callback that raises is
    // reported (an excepthook-like print) and the others still run.
    void add_done_callback(Callback fn);

    // For executors (and tests), as in CPython.
    bool set_running_or_notify_cancel();      // false when cancelled
    void set_result(Value v);                 // InvalidStateError when already done
    void set_exception(std::exception_ptr e, const std::string& text);

    // A hook for wait()/as_completed() (CPython's `_waiters`): on_done runs
    // once, in the completing thread, when the future finishes or a worker
    // notices its cancellation. Intrusive, so watching allocates nothing per
    // future: the owner keeps the watcher alive while it is installed, and
    // also while the completing thread holds it (between retain and release),
    // which may outlast remove_watcher.
    class Watcher {
    public:
        virtual void on_done(Future& f) = 0;
        virtual void retain() = 0;
        virtual void release() = 0;

    protected:
        ~Watcher() = default;

    private:
        friend class Future;
        Watcher* next_ = nullptr;
        Watcher* prev_ = nullptr;
        bool installed_ = false;
    };
    // What add_watcher found, under one lock: w installed, or (installing
    // nothing) the future already notified done, with or without an exception.
    enum class WatchStart : uint8_t { Installed, Done, DoneRaised };
    WatchStart add_watcher(Watcher& w);
    // Takes w out if it is still installed (nothing when it has fired or was
    // never installed) and says whether the future is notified done now.
    bool remove_watcher(Watcher& w);
    // Done as wait() and as_completed() count it: FINISHED or CANCELLED_AND_NOTIFIED.
    bool notified_done() const;
    std::string exception_text() const;       // "ValueError: ..." or ""
    bool raised() const;                      // finished with an exception

private:
    // Wakes result() waiters, then (outside the mutex) runs watchers and callbacks.
    void complete(std::unique_lock<ObjectMutex>& lk, detail::ThreadCtl& me, bool with_watchers);
    void run_callback(detail::ThreadCtl& me, const Callback& cb, size_t index);
    // result() and exception(): waits (under m_) until FINISHED; raises
    // CancelledError, or TimeoutError when the timeout passes first.
    void wait_finished(std::unique_lock<ObjectMutex>& lk, detail::ThreadCtl& me, Timeout timeout);
    FutureState state_ = FutureState::Pending;
    Value value_ = 0;
    std::exception_ptr error_;
    std::string error_text_;
    std::vector<Callback> callbacks_;
    // Unlinks every watcher and retains each (under m_); then, outside m_,
    // notify_watchers runs and releases them.
    Watcher* take_watchers();
    void notify_watchers(Watcher* first);
    Watcher* watchers_ = nullptr;  // head of a doubly linked list
    WaitList waiters_;
};

}  // namespace tl
