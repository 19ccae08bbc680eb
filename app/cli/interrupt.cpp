#include "cli/interrupt.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <system_error>

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "cli/atomic_file.hpp"

namespace tl::cli {

namespace {

sigset_t stop_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

[[noreturn]] void fail(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

}  // namespace

void block_stop_signals() {
    const sigset_t set = stop_signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

InterruptGuard::InterruptGuard() {
    const sigset_t set = stop_signals();
    pthread_sigmask(SIG_BLOCK, &set, &old_mask_);
    // The watcher sleeps in poll() on both: a signal, or the word to stop
    // watching, which the destructor gives (no timed polling, so a run that
    // is over is not kept waiting for the next poll).
    signal_fd_ = ::signalfd(-1, &set, SFD_CLOEXEC);
    if (signal_fd_ < 0) {
        pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
        fail("signalfd");
    }
    wake_fd_ = ::eventfd(0, EFD_CLOEXEC);
    if (wake_fd_ < 0) {
        ::close(signal_fd_);
        pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
        fail("eventfd");
    }
    watcher_ = std::thread([this] { watch(); });
}

InterruptGuard::~InterruptGuard() {
    detach();
    const uint64_t one = 1;
    while (::write(wake_fd_, &one, sizeof one) < 0 && errno == EINTR) {
    }
    watcher_.join();
    ::close(wake_fd_);
    ::close(signal_fd_);
    // Back to the mask from before: with `threadlab run` the signals stay
    // blocked to the end (main blocked them), so one that comes now, with
    // the report written, is dropped as the process exits; elsewhere (the
    // tests) a pending one is delivered now, as usual.
    pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
}

void InterruptGuard::attach(Runtime& rt) {
    attach([&rt] { rt.stop(); });
}

void InterruptGuard::attach(std::function<void()> stop) {
    std::lock_guard lk(m_);
    stop_ = std::move(stop);
    if (interrupted_) stop_locked();  // the Ctrl-C came before the run could be stopped
}

void InterruptGuard::detach() {
    std::thread stopper;
    {
        std::lock_guard lk(m_);
        stop_ = nullptr;
        stopper = std::move(stopper_);
    }
    if (stopper.joinable()) stopper.join();
}

void InterruptGuard::stop_locked() {
    if (stopper_.joinable()) return;
    // Runtime::stop() returns once every thread has unwound; a thread of
    // its own does it, so that the watcher can still take a second Ctrl-C
    // meanwhile. It inherits the blocked mask like every thread made here.
    stopper_ = std::thread(stop_);
}

void InterruptGuard::watch() {
    pollfd fds[2] = {{signal_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    for (;;) {
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return;  // cannot happen with valid descriptors; the signals then stay pending
        }
        if (fds[1].revents) return;  // the guard is going away
        if (!(fds[0].revents & POLLIN)) continue;
        signalfd_siginfo info;
        if (::read(signal_fd_, &info, sizeof info) != static_cast<ssize_t>(sizeof info)) continue;
        if (interrupted_.exchange(true)) {  // the second one: quit now
            abandon_atomic_writes();        // a half-written file goes, the one it would replace stays
            std::_Exit(kExitInterrupted);
        }
        std::lock_guard lk(m_);
        if (stop_) stop_locked();  // otherwise attach() stops the run
    }
}

}  // namespace tl::cli
