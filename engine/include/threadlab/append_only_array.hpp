// An array that only grows, whose elements never move, and which readers
// index without a lock while one writer at a time appends.
//
// Why: a pool's work items are written by submit and read by a worker that
// got the item's number from the work queue. The queue already orders the
// write before the read, so a lock around the lookup only made the
// submitting thread and the workers contend for one more cache line per
// task. A std::deque would need that lock: its index moves as it grows.
//
// Segments double in size (1024, 2048, 4096... elements), so a fixed row of
// segment pointers covers any count that fits in memory, and nothing is
// ever copied.
#pragma once
#include <array>
#include <atomic>
#include <bit>
#include <cstddef>
#include <memory>

namespace tl {

template <class T>
class AppendOnlyArray {
public:
    AppendOnlyArray() = default;
    AppendOnlyArray(const AppendOnlyArray&) = delete;
    AppendOnlyArray& operator=(const AppendOnlyArray&) = delete;
    ~AppendOnlyArray() {
        for (size_t s = 0; s < kSegments; ++s) delete[] segments_[s].load(std::memory_order_relaxed);
    }

    // One writer at a time (the caller serialises appends); returns the index.
    size_t push_back(T value) {
        const size_t i = size_.load(std::memory_order_relaxed);
        const auto [s, offset] = locate(i);
        T* segment = segments_[s].load(std::memory_order_relaxed);
        if (!segment) {
            segment = new T[kFirst << s];
            segments_[s].store(segment, std::memory_order_release);
        }
        segment[offset] = std::move(value);
        size_.store(i + 1, std::memory_order_release);
        return i;
    }

    // Index i must have been appended before, with the append ordered before
    // this call (by a lock, a queue hand-off or size()).
    T& operator[](size_t i) {
        const auto [s, offset] = locate(i);
        return segments_[s].load(std::memory_order_acquire)[offset];
    }

    size_t size() const { return size_.load(std::memory_order_acquire); }

private:
    static constexpr size_t kFirstBits = 10;
    static constexpr size_t kFirst = size_t(1) << kFirstBits;
    static constexpr size_t kSegments = 64 - kFirstBits;

    struct Place {
        size_t segment;
        size_t offset;
    };
    // Segment s holds indices [kFirst * (2^s - 1), kFirst * (2^(s+1) - 1)).
    static Place locate(size_t i) {
        const size_t j = i + kFirst;
        const size_t s = size_t(std::bit_width(j)) - 1 - kFirstBits;
        // j >= kFirst, so s is in range; saying so spares GCC a false
        // -Wstringop-overflow about a negative segment.
        if (s >= kSegments) __builtin_unreachable();
        return {s, j - (kFirst << s)};
    }

    std::array<std::atomic<T*>, kSegments> segments_{};
    std::atomic<size_t> size_{0};
};

}  // namespace tl
