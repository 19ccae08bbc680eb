// The mutex guarding each engine object's state.
//
// Why not std::mutex: critical sections here last a few hundred nanoseconds,
// and a thread just handed something (a queue item, a lock, a result) wakes
// while its waker still holds the object's mutex. A std::mutex sends it
// straight to sleep in the kernel and its owner pays a futex wake on unlock,
// microseconds on both sides for a wait of nanoseconds. This one spins
// briefly first and sleeps (on a futex) only when the holder is slow, for
// example preempted.
#pragma once
#include <atomic>
#include <cstdint>

namespace tl {

class ObjectMutex {
public:
    void lock() {
        uint32_t free = 0;
        if (!state_.compare_exchange_strong(free, 1, std::memory_order_acquire, std::memory_order_relaxed))
            lock_contended();
    }
    bool try_lock() {
        uint32_t free = 0;
        return state_.compare_exchange_strong(free, 1, std::memory_order_acquire, std::memory_order_relaxed);
    }
    void unlock() {
        if (state_.exchange(0, std::memory_order_release) == kHeldWithSleepers) wake_one();
    }

private:
    static constexpr uint32_t kHeldWithSleepers = 2;
    void lock_contended();
    void wake_one();
    std::atomic<uint32_t> state_{0};  // 0 free, 1 held, 2 held and someone may be asleep
};

}  // namespace tl
