#include "threadlab/thread.hpp"

#include "thread_ctl.hpp"
#include "threadlab/runtime.hpp"

namespace tl {

namespace {
uint32_t creator_pid(Runtime& rt) {
    detail::ThreadCtl* c = detail::current();
    return c && c->rt == &rt ? c->pid : 0;
}
}  // namespace

Thread::Thread(Runtime& rt, std::string name, std::function<void()> target)
    : Thread(rt, std::move(name), std::move(target), creator_pid(rt)) {}

Thread::Thread(Runtime& rt, std::string name, std::function<void()> target, uint32_t pid)
    : Object(rt, ObjKind::Thread, name), target_(std::move(target)) {
    detail::ThreadCtl* creator = detail::current();
    daemon_ = creator && creator->rt == &rt && creator->daemon;
    ctl_ = &rt.new_thread_ctl(name, daemon_, id(), pid);
    ctl_->thread_obj = this;
    tid_ = ctl_->tid;
}

Thread::~Thread() = default;

void Thread::start() {
    detail::ThreadCtl& me = enter();
    {
        std::unique_lock lk(m_);
        if (started_) raise(me, Op::Start, RuntimeError("threads can only be started once"));
        started_ = true;
        ctl_->daemon = daemon_;
        rt_.log().set_daemon(tid_, daemon_);
        ctl_->body = target_;
        set_holder(tid_);  // until it ends, only this thread can satisfy a join
        op(me, Op::Start, true, 0, daemon_, tid_);
    }
    rt_.launch(*ctl_);
}

void Thread::join(Timeout timeout) {
    detail::ThreadCtl& me = enter();
    std::unique_lock lk(m_);
    if (!started_) raise(me, Op::Join, RuntimeError("cannot join thread before it is started"));
    if (ctl_ == &me) raise(me, Op::Join, RuntimeError("cannot join current thread"));
    bool ended = done_;
    if (!ended) {
        Waiter w{&me};
        ended = block(lk, w, joiners_, ThreadState::Waiting, deadline_after(timeout));
    }
    op(me, Op::Join, ended, 0, 0, tid_);
}

bool Thread::is_alive() const {
    std::lock_guard lk(m_);
    return started_ && !done_;
}

bool Thread::daemon() const {
    std::lock_guard lk(m_);
    return daemon_;
}

void Thread::set_daemon(bool d) {
    std::lock_guard lk(m_);
    if (started_) throw RuntimeError("cannot set daemon status of active thread");
    daemon_ = d;
}

ThreadState Thread::final_state() const {
    std::lock_guard lk(m_);
    return final_state_;
}

void Thread::finished(ThreadState final_state) {
    std::lock_guard lk(m_);
    done_ = true;
    final_state_ = final_state;
    set_holder(kNone);
    while (!joiners_.empty()) {
        Waiter* w = joiners_.front();
        joiners_.pop_front();
        grant(*w);
    }
}

}  // namespace tl
