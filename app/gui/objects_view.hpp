// The objects pane: every primitive drawn as what it is. A lock is one slot
// with its owner; a semaphore K slots with the holders' names; a bounded
// queue its slots filling and draining; a barrier its parties lining up; an
// event a flag. Threads waiting on an object queue up after it, as chips in
// their state colour.
#pragma once
#include "gui/trace_index.hpp"
#include "threadlab/reduce.hpp"

namespace tl::gui {

void draw_objects(const World& world, const TraceIndex& index);

}  // namespace tl::gui
