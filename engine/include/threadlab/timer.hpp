// threading.Timer and threading.local
#pragma once
#include <map>
#include <mutex>

#include "threadlab/event_flag.hpp"
#include "threadlab/runtime.hpp"
#include "threadlab/thread.hpp"

namespace tl {

// Timer(interval, function): a thread that waits `interval` seconds, then
// calls function unless cancel() came first. Periodic work re-arms by
// starting a new Timer from the function.
class Timer : public Thread {
public:
    Timer(Runtime& rt, std::string name, double interval, std::function<void()> function);
    void cancel();            // stops the timer if it is still waiting
    bool fired() const;       // the function was called

private:
    void run();
    double interval_;
    std::function<void()> function_;
    Event* finished_;
    std::atomic<bool> fired_{false};
};

// threading.local: every thread sees only its own value. A thread that never
// set one gets AttributeError, as a child thread does for main's attributes.
template <class T>
class Local {
public:
    explicit Local(std::string attribute = "value") : attribute_(std::move(attribute)) {}
    bool has() const {
        std::lock_guard lk(m_);
        return values_.count(current_thread_id()) > 0;
    }
    T get() const {
        std::lock_guard lk(m_);
        auto it = values_.find(current_thread_id());
        if (it == values_.end())
            throw AttributeError("'_thread._local' object has no attribute '" + attribute_ + "'");
        return it->second;
    }
    void set(T v) {
        std::lock_guard lk(m_);
        values_[current_thread_id()] = std::move(v);
    }

private:
    std::string attribute_;
    mutable std::mutex m_;
    std::map<uint32_t, T> values_;
};

}  // namespace tl
