#include "threadlab/timer.hpp"

namespace tl {

Timer::Timer(Runtime& rt, std::string name, double interval, std::function<void()> function)
    : Thread(rt, name, [this] { run(); }), interval_(interval), function_(std::move(function)) {
    finished_ = &rt.make<Event>(name + ".finished");
}

void Timer::run() {
    // CPython: self.finished.wait(self.interval); if not set: call; set.
    finished_->wait(interval_);
    if (!finished_->is_set()) {
        fired_ = true;
        function_();
    }
    finished_->set();
}

void Timer::cancel() { finished_->set(); }

bool Timer::fired() const { return fired_; }

}  // namespace tl
