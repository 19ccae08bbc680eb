// Deterministic mode runs one thread at a time; a thread that blocks in a
// call the engine does not know (input(), a socket, a subprocess, a C lock)
// keeps the turn while it waits, and the run would hang. The watchdog
// notices (no step for a while, and the running thread asleep in the
// kernel, not computing), and reports the thread, its line and that line's
// source instead.
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "pybridge/program.hpp"

namespace tl::runner {

struct BlockedOutside {
    uint32_t tid = 0;
    int line = 0;
};

class BlockedWatchdog {
public:
    // `on_blocked` runs on the watchdog's thread, once.
    BlockedWatchdog(double quiet_seconds, std::function<void(const BlockedOutside&)> on_blocked);
    ~BlockedWatchdog();
    BlockedWatchdog(const BlockedWatchdog&) = delete;
    BlockedWatchdog& operator=(const BlockedWatchdog&) = delete;

private:
    void watch();

    const double quiet_seconds_;
    std::function<void(const BlockedOutside&)> on_blocked_;
    std::mutex m_;
    std::condition_variable cv_;
    bool stop_ = false;
    std::thread thread_;
};

// 'S' (asleep), 'R' (running), 'D' (in I/O)...: the kernel's view of an
// OS thread of this process; '?' when it cannot be read.
char thread_state_of(int native_tid);

}  // namespace tl::runner
