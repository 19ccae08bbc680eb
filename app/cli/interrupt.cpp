#include "cli/interrupt.hpp"

#include <csignal>
#include <cstdlib>
#include <ctime>

#include <pthread.h>

namespace tl::cli {

namespace {
sigset_t stop_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}
}  // namespace

InterruptGuard::InterruptGuard() {
    const sigset_t set = stop_signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    watcher_ = std::thread([this] { watch(); });
}

InterruptGuard::~InterruptGuard() {
    detach();
    done_ = true;
    watcher_.join();
    // A signal that came in after the run is delivered now, as usual.
    const sigset_t set = stop_signals();
    pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

void InterruptGuard::attach(Runtime& rt) {
    std::lock_guard lk(m_);
    rt_ = &rt;
}

void InterruptGuard::detach() {
    std::lock_guard lk(m_);
    rt_ = nullptr;
}

void InterruptGuard::watch() {
    const sigset_t set = stop_signals();
    const timespec poll_interval{0, 100'000'000};  // to notice done_ without a signal
    while (!done_) {
        if (sigtimedwait(&set, nullptr, &poll_interval) < 0) continue;
        if (interrupted_.exchange(true)) std::_Exit(kExitInterrupted);  // the second one
        std::lock_guard lk(m_);
        if (rt_) rt_->stop();
    }
}

}  // namespace tl::cli
