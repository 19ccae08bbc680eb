// Export of an event log to the Chrome Trace Event Format (JSON), which
// ui.perfetto.dev and chrome://tracing open. A reducer like the others: it
// reads only the log. The schema is documented in docs/TRACE.md.
#pragma once
#include <map>
#include <ostream>
#include <string>

#include "threadlab/event_log.hpp"

namespace tl {

// {"traceEvents":[...], "displayTimeUnit":"ms", "otherData":{...}}.
// `other_data` is merged into otherData (e.g. scenario, seed, params), so a
// trace file says how to reproduce the run it shows.
std::string chrome_trace_json(const EventLog& log, const std::map<std::string, std::string>& other_data = {});
// The same, written to `out` as it is made: memory stays small whatever the
// size of the log (a run of a million events makes a file of over 100 MB).
void write_chrome_trace(std::ostream& out, const EventLog& log,
                        const std::map<std::string, std::string>& other_data = {});

}  // namespace tl
