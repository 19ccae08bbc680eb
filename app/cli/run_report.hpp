// Everything the `run` command reports about one finished run, computed from
// the event log only (tl::summarize, and the lesson's checks.py, which also
// reads only the log), so that the text summary, the JSON and the tests all
// read the same numbers.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "threadlab/reduce.hpp"
#include "threadlab/reduce_pool_sweep.hpp"
#include "threadlab/runtime.hpp"
#include "lesson_list/lesson_entry.hpp"

namespace tl::cli {

struct RunReport {
    std::string scenario;                  // the lesson id, or the file (JSON "scenario")
    Params params;
    RunConfig config;
    Summary summary;
    std::vector<CheckResult> checks;
    std::string deadlock;                  // the runtime's description; empty when none
    size_t dropped_events = 0;
    std::vector<std::string> thread_names;  // by tid, made unique ("name#tid") where names repeat
    std::vector<std::string> object_names;  // by object id, likewise
    std::vector<ObjKind> object_kinds;      // by object id
    bool interrupted = false;               // stopped by Ctrl-C (see interrupt.hpp)
    // A Python file's run: deterministic mode's switch points ("line",
    // "bytecode", "switch"). A file runs at real
    // speed, so its heading gives this instead of the speed.
    std::string granularity;
    bool interrupt_too_late = false;        // a Ctrl-C came, but the run ended by itself first
    std::vector<PoolSweepRow> pools;        // every executor submitted to (reported when 2 or more)
};

// The reducers over the finished log; `checks` are the caller's to fill in
// (a lesson's checks.py).
RunReport make_report(const std::string& id, const Params& params, const RunConfig& config,
                      const EventLog& log, const std::optional<DeadlockInfo>& deadlock);

// 0 when every check passed (or there are none), 1 when any failed.
int exit_code_for(const std::vector<CheckResult>& checks);
// The process exit code for a report: exit_code_for, or 130 when interrupted.
int exit_code_for(const RunReport& report);

// The states a thread spends measurable time in, in the order reports show them.
const std::vector<ThreadState>& reported_states();

// Flat name -> number metrics: duration_ms, events, thread.<name>.<state>_ms,
// object.<name>.<stat>, check counts.
std::map<std::string, double> flat_metrics(const RunReport& report);

double to_ms(Nanos t);

}  // namespace tl::cli
