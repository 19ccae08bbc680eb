// Each thread's share of the CPU: its time in the running state divided by
// the run's duration, as the GIL lesson plots it (two CPU-bound threads under
// one GIL share one CPU, about 50% each; two processes get 100% each).
// Folded incrementally from tl::Timeline, like the other reductions.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "threadlab/reduce.hpp"

namespace tl::gui {

struct CpuShare {
    uint32_t tid = 0;
    Nanos running = 0;   // time spent running so far
    double share = 0;    // running / duration of the run so far (0..1)
    Nanos lifetime = 0;  // from its start to its end (or now)
    double of_life = 0;  // running / lifetime (0..1): ~0.5 for two threads sharing a GIL
};

class CpuShares {
public:
    // Takes in the timeline's segments; segments that can no longer change
    // are summed once, the last two of every lane again each time.
    void update(const Timeline& timeline);
    // Threads that ran for some time, by tid.
    const std::vector<CpuShare>& shares() const { return shares_; }
    Nanos duration() const { return duration_; }

private:
    std::vector<Nanos> stable_;   // by lane: running time of the segments folded for good
    std::vector<size_t> folded_;  // by lane: how many segments that is
    std::vector<CpuShare> shares_;
    Nanos duration_ = 0;
};

}  // namespace tl::gui
