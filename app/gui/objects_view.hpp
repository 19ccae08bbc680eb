// The objects pane: every primitive drawn as what it is. A lock is one slot
// with its owner; a semaphore K slots with the holders' names; a bounded
// queue its slots filling and draining; a barrier its parties lining up; an
// event a flag. Threads waiting on an object queue up after it, as chips in
// their state colour. A GIL shows its holder, hand-overs and drop requests
// with every thread's share of the CPU; an executor or process pool its
// workers, the future each one runs, and its work queue.
#pragma once
#include "gui/cpu_share.hpp"
#include "gui/trace_index.hpp"
#include "threadlab/reduce.hpp"

namespace tl::gui {

void draw_objects(const World& world, const TraceIndex& index, const CpuShares& cpu);

}  // namespace tl::gui
