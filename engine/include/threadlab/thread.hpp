// threading.Thread
#pragma once
#include <functional>
#include <string>

#include "threadlab/object.hpp"

namespace tl {

class Thread : public Object {
public:
    // Like Thread(target=fn, name=name): daemon is inherited from the
    // creating thread, as in CPython, and may be changed until start().
    Thread(Runtime& rt, std::string name, std::function<void()> target);
    ~Thread() override;

    void start();                        // RuntimeError when started twice
    // Waits until the thread ends or the timeout passes; returns nothing, as
    // in Python: call is_alive() afterwards to know which.
    // RuntimeError: before start(), or joining the current thread.
    void join(Timeout timeout = std::nullopt);
    bool is_alive() const;
    bool daemon() const;
    void set_daemon(bool d);             // RuntimeError once started
    uint32_t tid() const { return tid_; }

protected:
    // For Process: a thread that runs in interpreter `pid`.
    Thread(Runtime& rt, std::string name, std::function<void()> target, uint32_t pid);
    ThreadState final_state() const;

private:
    friend class Runtime;
    friend struct detail::ThreadCtl;
    void finished(ThreadState final_state);  // called on the thread's own OS thread as it ends
    ThreadState final_state_ = ThreadState::New;

    uint32_t tid_;
    std::function<void()> target_;
    detail::ThreadCtl* ctl_;
    bool daemon_;
    bool started_ = false;
    bool done_ = false;
    WaitList joiners_;
};

}  // namespace tl
