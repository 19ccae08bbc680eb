// What the objects pane shows of executors, process pools and the GIL,
// worked out from World and TraceIndex without drawing anything (so tests
// can check it on a hand-built log).
//
// An executor's parts are found by the names the engine gives them: a
// ThreadPoolExecutor "E" has the queue "E.work_queue" (plus "E.idle" and
// "E.shutdown_lock") and the workers "E_0", "E_1"...; a process pool "P" has
// "P.call_queue", "P.result_queue" and the parent's thread "P.result_handler".
// Its worker processes are named as in CPython ("ForkPoolWorker-3",
// "ForkProcess-5", numbered across the run), so they are found instead by the
// pool's `spawn` ops, one per worker. An executor with no workers by its
// name (a Python program's, named after its variable while its threads are
// "ThreadPoolExecutor-0_0"...) lists the threads that have run its futures;
// its parts are internal objects, never listed.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "gui/trace_index.hpp"
#include "threadlab/reduce.hpp"

namespace tl::gui {

struct PoolWorker {
    uint32_t tid = kNone;
    uint32_t future = kNone;  // the future it is running now, kNone when idle
};

struct PoolParts {
    uint32_t pool = kNone;               // the Executor / Pool object
    std::string prefix;                  // the names of its parts start with this
    uint32_t work_queue = kNone;         // work_queue / call_queue
    uint32_t result_queue = kNone;       // process pools only
    std::vector<uint32_t> internals;     // every object that belongs to it (queues, semaphore, lock)
    std::vector<PoolWorker> workers;     // by tid
    uint32_t result_handler = kNone;     // process pools: the parent's thread that completes futures
};

struct PoolModel {
    std::vector<PoolParts> pools;        // in creation order
    std::vector<bool> hidden;            // by object id: drawn inside a pool, or not worth a block
};

// A GIL is worth showing once some thread has taken it; before that (and in
// runs that never call cpu()) it is noise in every threading lesson.
bool gil_in_use(const ObjectView& gil, const TraceIndex& index);

// The pools of the world, their parts and workers, and which objects the
// objects pane leaves out (pool internals, futures, unused GILs, threads
// nobody joins).
PoolModel build_pool_model(const World& world, const TraceIndex& index);

// A thread-pool work item as the queue shows it: "f3" for the future it
// carries (the submit recorded item -> future), "None" for the stop
// sentinel, else the number.
std::string work_item_label(const World& world, const TraceIndex& index, uint32_t executor, int64_t item);

}  // namespace tl::gui
