// The order the timeline draws its lanes in: each thread where it began,
// and a coroutine lane (a greenlet, a generator driven with send()) right
// under the OS thread it runs in, with that thread's other lanes, so a
// thread and its coroutines read as one group.
#pragma once
#include <cstddef>
#include <vector>

#include "gui/trace_index.hpp"
#include "threadlab/reduce.hpp"

namespace tl::gui {

// Indices into `lanes`, top to bottom.
std::vector<size_t> lane_order(const std::vector<Lane>& lanes, const TraceIndex& index);

}  // namespace tl::gui
