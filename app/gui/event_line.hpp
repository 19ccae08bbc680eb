// One line saying what an event of the log was, for the scrubber's label
// (issue 9): "Thread-1: lock.acquire()", "Thread-1 is blocked on lock",
// "worker-0 prints: hello", in the interface's language. Operations are
// written as the Python call (TraceIndex::describe), which reads the same in
// either language; thread states use state_name().
#pragma once
#include <string>

#include "gui/trace_index.hpp"
#include "threadlab/event_log.hpp"

namespace tl::gui {

// `index` must have folded `e` (it names the threads and objects).
std::string event_line(const EventLog& log, const LogEvent& e, const TraceIndex& index);

}  // namespace tl::gui
