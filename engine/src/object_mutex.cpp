// ObjectMutex's slow path: Drepper's three-state futex mutex ("Futexes Are
// Tricky", mutex 3) with a bounded spin in front.
#include "threadlab/object_mutex.hpp"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cpu_relax.hpp"

namespace tl {

namespace {
// About a microsecond or two of polling: longer than any critical section
// of an engine object, far shorter than a sleep and a wake-up.
constexpr int kSpins = 200;

void futex_wait(std::atomic<uint32_t>& word, uint32_t expected) {
    syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAIT_PRIVATE, expected, nullptr, nullptr, 0);
}
}  // namespace

void ObjectMutex::lock_contended() {
    for (int i = 0; i < kSpins; ++i) {
        detail::cpu_relax();
        uint32_t s = state_.load(std::memory_order_relaxed);
        if (s == 0 && state_.compare_exchange_weak(s, 1, std::memory_order_acquire, std::memory_order_relaxed))
            return;
    }
    // Announce a sleeper (2) whenever we take or wait, so unlock knows to wake.
    while (state_.exchange(kHeldWithSleepers, std::memory_order_acquire) != 0) futex_wait(state_, kHeldWithSleepers);
}

void ObjectMutex::wake_one() {
    syscall(SYS_futex, reinterpret_cast<uint32_t*>(&state_), FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
}

}  // namespace tl
