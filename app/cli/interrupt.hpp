// Ctrl-C during `threadlab run`: instead of killing the process, stop the
// run and still print the summary of what happened so far (useful above all
// for a free-mode run that hangs, e.g. in a deadlock, which free mode does
// not detect). A second Ctrl-C ends the process at once.
#pragma once
#include <atomic>
#include <mutex>
#include <thread>

#include "threadlab/runtime.hpp"

namespace tl::cli {

constexpr int kExitInterrupted = 130;  // the shell's convention for SIGINT

class InterruptGuard {
public:
    // Blocks SIGINT and SIGTERM in the calling thread; threads created after
    // this (the run's) inherit the mask, so only the watcher receives them.
    // Construct it before the Runtime.
    InterruptGuard();
    ~InterruptGuard();  // restores the signal mask
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    void attach(Runtime& rt);
    void detach();  // before the Runtime goes away
    bool interrupted() const { return interrupted_.load(); }

private:
    void watch();

    std::mutex m_;
    Runtime* rt_ = nullptr;
    std::atomic<bool> interrupted_{false};
    std::atomic<bool> done_{false};
    std::thread watcher_;
};

}  // namespace tl::cli
