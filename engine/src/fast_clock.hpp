// A monotonic nanosecond clock cheap enough to stamp every event: the CPU's
// invariant time-stamp counter, calibrated once per process against
// std::chrono::steady_clock (and in its epoch). Elsewhere: steady_clock.
#pragma once
#include <chrono>
#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define THREADLAB_HAS_TSC 1
#endif

namespace tl::detail {

inline int64_t steady_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

#ifdef THREADLAB_HAS_TSC
struct TscCalibration {
    int64_t base_ns;
    uint64_t base_tsc;
    double ns_per_tick;
    TscCalibration() {
        // 2 ms of calibration: error ~1e-5, i.e. microseconds per scenario
        // second, far below anything a lesson shows.
        int64_t t0 = steady_ns();
        uint64_t c0 = __rdtsc();
        int64_t t1;
        do t1 = steady_ns();
        while (t1 - t0 < 2'000'000);
        uint64_t c1 = __rdtsc();
        ns_per_tick = double(t1 - t0) / double(c1 - c0);
        base_ns = t1;
        base_tsc = c1;
    }
};

inline int64_t mono_ns() {
    static const TscCalibration cal;
    return cal.base_ns + int64_t(double(int64_t(__rdtsc() - cal.base_tsc)) * cal.ns_per_tick);
}
#else
inline int64_t mono_ns() { return steady_ns(); }
#endif

}  // namespace tl::detail
