#include "threadlab/future.hpp"

#include "thread_ctl.hpp"
#include "threadlab/runtime.hpp"

namespace tl {

std::string_view to_string(FutureState s) {
    static constexpr std::string_view names[] = {"PENDING", "RUNNING", "CANCELLED", "CANCELLED_AND_NOTIFIED",
                                                 "FINISHED"};
    return names[static_cast<int>(s)];
}

namespace {
std::string default_name(Runtime& rt, std::string name) {
    return name.empty() ? "f" + std::to_string(rt.next_future_index()) : name;
}
}  // namespace

Future::Future(Runtime& rt, std::string name)
    : Object(rt, ObjKind::Future, default_name(rt, std::move(name)), 0, Op::Pending) {}

FutureState Future::state() const {
    std::lock_guard lk(m_);
    return state_;
}

bool Future::cancelled() const {
    auto s = state();
    return s == FutureState::Cancelled || s == FutureState::CancelledAndNotified;
}

bool Future::running() const { return state() == FutureState::Running; }

bool Future::done() const {
    auto s = state();
    return s != FutureState::Pending && s != FutureState::Running;
}

bool Future::notified_done() const {
    auto s = state();
    return s == FutureState::Finished || s == FutureState::CancelledAndNotified;
}

std::string Future::exception_text() const {
    std::lock_guard lk(m_);
    return error_text_;
}

bool Future::raised() const {
    std::lock_guard lk(m_);
    return state_ == FutureState::Finished && error_ != nullptr;
}

bool Future::cancel() {
    detail::ThreadCtl& me = enter(0, false);
    std::unique_lock lk(m_);
    if (state_ == FutureState::Running || state_ == FutureState::Finished) {
        op(me, Op::Cancelled, false);
        return false;
    }
    if (state_ == FutureState::Cancelled || state_ == FutureState::CancelledAndNotified) return true;
    state_ = FutureState::Cancelled;
    op(me, Op::Cancelled, true);
    // CPython wakes result() waiters and runs callbacks now; wait() and
    // as_completed() hear of it only when a worker takes the item.
    complete(lk, me, false);
    return true;
}

bool Future::set_running_or_notify_cancel() {
    detail::ThreadCtl& me = enter(0, false);
    std::unique_lock lk(m_);
    if (state_ == FutureState::Cancelled) {
        state_ = FutureState::CancelledAndNotified;
        Watcher* watchers = take_watchers();
        lk.unlock();
        notify_watchers(watchers);
        return false;
    }
    if (state_ != FutureState::Pending) raise(me, Op::Running, RuntimeError("Future in unexpected state"));
    state_ = FutureState::Running;
    op(me, Op::Running, true);
    return true;
}

void Future::set_result(Value v) {
    detail::ThreadCtl& me = enter(0, false);
    std::unique_lock lk(m_);
    if (state_ == FutureState::Cancelled || state_ == FutureState::CancelledAndNotified ||
        state_ == FutureState::Finished)
        raise(me, Op::Finished, InvalidStateError(std::string(to_string(state_)) + ": " + name()));
    state_ = FutureState::Finished;
    value_ = v;
    op(me, Op::Finished, true, v);
    complete(lk, me, true);
}

void Future::set_exception(std::exception_ptr e, const std::string& text) {
    detail::ThreadCtl& me = enter(0, false);
    std::unique_lock lk(m_);
    if (state_ == FutureState::Cancelled || state_ == FutureState::CancelledAndNotified ||
        state_ == FutureState::Finished)
        raise(me, Op::Finished, InvalidStateError(std::string(to_string(state_)) + ": " + name()));
    state_ = FutureState::Finished;
    error_ = std::move(e);
    error_text_ = text;
    op(me, Op::Finished, false, 0, rt_.log().intern(text));
    complete(lk, me, true);
}

void Future::complete(std::unique_lock<ObjectMutex>& lk, detail::ThreadCtl& me, bool with_watchers) {
    while (!waiters_.empty()) {
        Waiter* w = waiters_.front();
        waiters_.pop_front();
        grant(*w);
    }
    Watcher* watchers = with_watchers ? take_watchers() : nullptr;
    std::vector<Callback> callbacks;
    callbacks.swap(callbacks_);
    lk.unlock();
    notify_watchers(watchers);
    for (size_t i = 0; i < callbacks.size(); ++i) run_callback(me, callbacks[i], i);
}

void Future::run_callback(detail::ThreadCtl& me, const Callback& cb, size_t index) {
    try {
        cb(*this);
        op(me, Op::Callback, true, int64_t(index));
    } catch (const ThreadKilled&) {
        throw;
    } catch (const PyError& e) {
        // CPython logs "exception calling callback for <Future ...>" and goes on.
        op(me, Op::Callback, false, int64_t(index), rt_.log().intern(e.formatted()));
    } catch (const std::exception& e) {
        op(me, Op::Callback, false, int64_t(index), rt_.log().intern(std::string("Exception: ") + e.what()));
    }
}

void Future::add_done_callback(Callback fn) {
    detail::ThreadCtl& me = enter(0, false);
    std::unique_lock lk(m_);
    if (state_ == FutureState::Pending || state_ == FutureState::Running) {
        callbacks_.push_back(std::move(fn));
        return;
    }
    lk.unlock();
    run_callback(me, fn, 0);
}

Future::WatchStart Future::add_watcher(Watcher& w) {
    std::lock_guard lk(m_);
    if (state_ == FutureState::CancelledAndNotified) return WatchStart::Done;
    if (state_ == FutureState::Finished) return error_ ? WatchStart::DoneRaised : WatchStart::Done;
    w.prev_ = nullptr;
    w.next_ = watchers_;
    if (watchers_) watchers_->prev_ = &w;
    watchers_ = &w;
    w.installed_ = true;
    return WatchStart::Installed;
}

bool Future::remove_watcher(Watcher& w) {
    std::lock_guard lk(m_);
    if (w.installed_) {
        (w.prev_ ? w.prev_->next_ : watchers_) = w.next_;
        if (w.next_) w.next_->prev_ = w.prev_;
        w.installed_ = false;
    }
    return state_ == FutureState::Finished || state_ == FutureState::CancelledAndNotified;
}

Future::Watcher* Future::take_watchers() {
    Watcher* first = watchers_;
    watchers_ = nullptr;
    for (Watcher* w = first; w; w = w->next_) {
        w->installed_ = false;  // remove_watcher now leaves it alone; next_ stays ours to follow
        w->retain();
    }
    return first;
}

void Future::notify_watchers(Watcher* w) {
    while (w) {
        Watcher* next = w->next_;  // read first: release() may free w
        w->on_done(*this);
        w->release();
        w = next;
    }
}

void Future::wait_finished(std::unique_lock<ObjectMutex>& lk, detail::ThreadCtl& me, Timeout timeout) {
    auto deadline = deadline_after(timeout);
    for (;;) {
        if (state_ == FutureState::Cancelled || state_ == FutureState::CancelledAndNotified)
            raise(me, Op::Result, CancelledError());
        if (state_ == FutureState::Finished) return;
        Waiter w{&me};
        if (!block(lk, w, waiters_, ThreadState::Waiting, deadline)) raise(me, Op::Result, TimeoutError());
    }
}

Future::Value Future::result(Timeout timeout) {
    detail::ThreadCtl& me = enter();
    std::unique_lock lk(m_);
    wait_finished(lk, me, timeout);
    if (error_) {
        op(me, Op::Result, false, 0, rt_.log().intern(error_text_));
        std::rethrow_exception(error_);
    }
    op(me, Op::Result, true, value_);
    return value_;
}

std::exception_ptr Future::exception(Timeout timeout) {
    detail::ThreadCtl& me = enter();
    std::unique_lock lk(m_);
    wait_finished(lk, me, timeout);
    return error_;
}

}  // namespace tl
