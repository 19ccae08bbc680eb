// Free mode's scenario clock: real time scaled by a speed factor that may
// change at any moment, frozen while paused. Read lock-free from every
// thread (a seqlock over atomics); written only by the controls.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>

#include "fast_clock.hpp"
#include "threadlab/event.hpp"

namespace tl::detail {

class ScaledClock {
public:
    using RealTime = std::chrono::steady_clock::time_point;

    explicit ScaledClock(double speed) {
        real_base_.store(real_ns(), std::memory_order_relaxed);
        speed_.store(speed, std::memory_order_relaxed);
    }

    Nanos now() const {
        Base b = read();
        if (b.paused) return b.scen;
        return b.scen + static_cast<Nanos>(static_cast<double>(real_ns() - b.real) * b.speed);
    }

    // The real moment at which scenario time reaches t; nullopt while paused.
    std::optional<RealTime> real_time_of(Nanos t) const {
        Base b = read();
        if (b.paused) return std::nullopt;
        auto real = b.real + static_cast<int64_t>(static_cast<double>(t - b.scen) / b.speed);
        return RealTime(std::chrono::nanoseconds(real));
    }

    double speed() const { return read().speed; }
    bool paused() const { return read().paused; }

    void set_speed(double s) {
        std::lock_guard lk(write_mutex_);
        rebase([&] { speed_.store(s, std::memory_order_release); });
    }
    void set_paused(bool p) {
        std::lock_guard lk(write_mutex_);
        rebase([&] { paused_.store(p, std::memory_order_release); });
    }

    static int64_t real_ns() { return mono_ns(); }

private:
    struct Base {
        int64_t real;
        Nanos scen;
        double speed;
        bool paused;
    };

    Base read() const {
        for (;;) {
            uint64_t s1 = seq_.load(std::memory_order_acquire);
            if (s1 & 1) continue;
            // Acquire loads keep the second read of seq_ after the fields
            // (Boehm's fence-free seqlock, which ThreadSanitizer understands).
            Base b{real_base_.load(std::memory_order_acquire), scen_base_.load(std::memory_order_acquire),
                   speed_.load(std::memory_order_acquire), paused_.load(std::memory_order_acquire)};
            if (seq_.load(std::memory_order_relaxed) == s1) return b;
        }
    }

    // Moves the base to "now" so that the change applies from now on.
    template <class F>
    void rebase(F change) {
        Nanos scen = now();
        uint64_t s = seq_.load(std::memory_order_relaxed);
        seq_.store(s + 1, std::memory_order_relaxed);
        real_base_.store(real_ns(), std::memory_order_release);
        scen_base_.store(scen, std::memory_order_release);
        change();
        seq_.store(s + 2, std::memory_order_release);
    }

    std::mutex write_mutex_;
    std::atomic<uint64_t> seq_{0};
    std::atomic<int64_t> real_base_{0};
    std::atomic<Nanos> scen_base_{0};
    std::atomic<double> speed_{1.0};
    std::atomic<bool> paused_{false};
};

}  // namespace tl::detail
