#include "gui/step_log.hpp"

#include <cmath>
#include <string>

namespace tl::gui {

void StepLog::update(const EventLog& src) {
    const size_t n = src.size();
    if (n == consumed_) return;
    // Names first: an event may name a thread or object made just before it.
    for (; threads_ < src.thread_count(); ++threads_) log_.add_thread(src.thread(static_cast<uint32_t>(threads_)));
    for (; objects_ < src.object_count(); ++objects_) log_.add_object(src.object(static_cast<uint32_t>(objects_)));
    for (; strings_ < src.string_count(); ++strings_) log_.intern(src.str(static_cast<uint32_t>(strings_)));
    // Thread.daemon may change until start(): the lanes' labels follow it.
    for (size_t tid = 0; tid < threads_; ++tid) {
        const bool daemon = src.thread(static_cast<uint32_t>(tid)).daemon;
        if (log_.thread(static_cast<uint32_t>(tid)).daemon != daemon) log_.set_daemon(static_cast<uint32_t>(tid), daemon);
    }
    for (; consumed_ < n; ++consumed_) {
        LogEvent e = src[consumed_];
        const bool state = e.kind == EvKind::State && e.thread != kNone;
        const bool running = state && static_cast<ThreadState>(e.code) == ThreadState::Running;
        if (state && e.thread == runner_ && !running) {
            // The turn ends: it took one unit of the axis.
            clock_ += kStep;
            in_turn_ = 0;
            runner_ = kNone;
        } else if (running && e.thread != runner_) {
            if (runner_ != kNone) {  // the last holder never stopped running: its turn ends here
                clock_ += kStep;
                in_turn_ = 0;
            }
            runner_ = e.thread;
            ++turns_;
        }
        e.t = clock_ + in_turn_++;
        at_.push_back(e.t);
        log_.append(e);
    }
}

std::string format_turn(double ns) {
    return std::to_string(static_cast<long long>(std::llround(ns / static_cast<double>(StepLog::kStep))));
}

}  // namespace tl::gui
