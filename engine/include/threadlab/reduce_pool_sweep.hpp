// The pool sweep: for every pool executor of a run (a ThreadPoolExecutor, or
// a ProcessPoolExecutor, whose workers are processes), its size, its
// workers' name prefix and how fast it got through its futures. A lesson
// that runs the same jobs through pools of 1, 2, 4... workers (how-many-workers)
// is a sweep; the CLI prints these rows and the GUI plots throughput against
// max_workers, one curve per prefix.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "threadlab/event_log.hpp"

namespace tl {

struct PoolSweepRow {
    uint32_t executor = kNone;  // the Executor object
    int64_t max_workers = 0;    // its ObjNew value (a Python program's default is recorded resolved)
    // Its workers' names without the trailing "_N" ("" when no future ran);
    // "processes" for a process pool.
    std::string prefix;
    bool processes = false;     // a process pool (ObjKind::Pool)
    // Threads that ran at least one of its futures; a process pool's: the
    // processes it started.
    size_t workers = 0;
    // Successful submits; a process pool's count only the futures made once
    // its last process had started (starting them is not the jobs' work).
    size_t submitted = 0;
    size_t finished = 0;        // futures finished, with a result or an exception (not cancelled)
    Nanos first_submit = 0;     // the first submit, or the first of its futures made (pending), if earlier
    Nanos last_finish = 0;
    // finished / (last_finish - first_submit), per second of scenario time;
    // 0 when nothing finished or no time passed.
    double throughput = 0;
};

// Every Executor and process pool with at least one submit in the first n
// events, in creation order.
std::vector<PoolSweepRow> pool_sweep(const EventLog& log, size_t n = SIZE_MAX);

// "io_3" -> "io", "ThreadPoolExecutor-0_12" -> "ThreadPoolExecutor-0";
// a name without a "_digits" ending is its own prefix.
std::string worker_prefix(const std::string& thread_name);

}  // namespace tl
