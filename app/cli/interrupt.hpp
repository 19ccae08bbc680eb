// Ctrl-C during `threadlab run`: instead of killing the process, stop the
// run and still print the summary of what happened so far (useful above all
// for a free-mode run that hangs, e.g. in a deadlock, which free mode does
// not detect). A second Ctrl-C ends the process at once.
#pragma once
#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

#include <signal.h>

#include "threadlab/runtime.hpp"

namespace tl::cli {

constexpr int kExitInterrupted = 130;  // the shell's convention for SIGINT

// Blocks SIGINT and SIGTERM in the calling thread (and so in every thread it
// creates later). `threadlab run` calls it first thing in main(), so that a
// Ctrl-C arriving before the InterruptGuard exists stays pending for it
// instead of killing the process.
void block_stop_signals();

class InterruptGuard {
public:
    // Blocks SIGINT and SIGTERM in the calling thread; threads created after
    // this (the run's) inherit the mask, so only the watcher receives them.
    // Construct it before the Runtime. A signal already pending (blocked by
    // block_stop_signals) counts as the first Ctrl-C.
    InterruptGuard();
    ~InterruptGuard();  // stops the watcher at once; restores the signal mask
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    // Call after rt.start(): a Ctrl-C that came before stops the run now,
    // one that comes later stops it when it comes.
    void attach(Runtime& rt);
    // The same for a run that is not a Runtime of this process (a Python
    // program's process): `stop` ends it, from the guard's own thread.
    void attach(std::function<void()> stop);
    void detach();  // before the Runtime goes away; waits for a stop under way
    // A Ctrl-C came (whether or not it still found the run going: a run
    // that ended by itself says so in its log's RunEnd record).
    bool interrupted() const { return interrupted_.load(); }

private:
    void watch();
    void stop_locked();  // m_ held, stop_ set

    std::mutex m_;
    std::function<void()> stop_;  // set while attached
    std::thread stopper_;  // runs stop_(), so the watcher stays free for a second Ctrl-C
    std::atomic<bool> interrupted_{false};
    sigset_t old_mask_{};
    int signal_fd_ = -1;  // SIGINT, SIGTERM
    int wake_fd_ = -1;    // an eventfd: the destructor's "stop watching"
    std::thread watcher_;
};

}  // namespace tl::cli
