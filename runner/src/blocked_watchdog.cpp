#include "blocked_watchdog.hpp"

#include <chrono>
#include <fstream>
#include <sstream>

namespace tl::runner {

char thread_state_of(int native_tid) {
    std::ifstream in("/proc/self/task/" + std::to_string(native_tid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // "tid (comm) S ...": the state follows the last ')' (comm may hold spaces).
    const size_t close = text.rfind(')');
    return close != std::string::npos && close + 2 < text.size() ? text[close + 2] : '?';
}

BlockedWatchdog::BlockedWatchdog(double quiet_seconds, std::function<void(const BlockedOutside&)> on_blocked)
    : quiet_seconds_(quiet_seconds), on_blocked_(std::move(on_blocked)), thread_([this] { watch(); }) {}

BlockedWatchdog::~BlockedWatchdog() {
    {
        std::lock_guard lk(m_);
        stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

void BlockedWatchdog::watch() {
    using clock = std::chrono::steady_clock;
    const auto poll = std::chrono::milliseconds(100);
    py::Activity last = py::activity();
    auto since = clock::now();
    std::unique_lock lk(m_);
    while (!cv_.wait_for(lk, poll, [&] { return stop_; })) {
        const py::Activity now = py::activity();
        if (now.steps != last.steps || now.native_tid == 0) {
            last = now;
            since = clock::now();
            continue;
        }
        if (std::chrono::duration<double>(clock::now() - since).count() < quiet_seconds_) continue;
        // Quiet for long enough: blocked, unless it is computing (a long C
        // call such as sum(range(10**9)) makes no step either).
        if (now.in_engine || thread_state_of(now.native_tid) != 'S') continue;
        lk.unlock();
        on_blocked_({now.tid, now.line});
        return;
    }
}

}  // namespace tl::runner
