// The pool sweep (reduce_pool_sweep.hpp). Futures are tied to their
// executor by its submit ops (aux: the Future's object id), workers to a
// future by its `running` op (the thread that took it).
#include "threadlab/reduce_pool_sweep.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace tl {

std::string worker_prefix(const std::string& name) {
    const size_t cut = name.rfind('_');
    if (cut == std::string::npos || cut + 1 == name.size()) return name;
    for (size_t i = cut + 1; i < name.size(); ++i)
        if (!std::isdigit(static_cast<unsigned char>(name[i]))) return name;
    return name.substr(0, cut);
}

namespace {

// One future of a pool, as the log tells it.
struct FutureSeen {
    size_t row = 0;
    bool pending_seen = false;
    Nanos made_t = 0;
    uint32_t worker = kNone;  // the thread of its first `running` op
    size_t ran = SIZE_MAX;    // that op's index
    bool finished = false;
    Nanos finish_t = 0;
};

}  // namespace

std::vector<PoolSweepRow> pool_sweep(const EventLog& log, size_t n) {
    n = std::min(n, log.size());
    std::vector<PoolSweepRow> rows;
    std::map<uint32_t, size_t> row_of_executor;  // executor id -> rows index
    std::map<uint32_t, FutureSeen> futures;      // future id -> what happened to it
    // Per row: the time of its last `spawn` (a process pool). A time, not a
    // log position: a spawn is recorded once its process exists, and the
    // merged log of several processes may place it after the parent's next
    // events.
    std::vector<Nanos> last_spawn;
    // First the submits: a submit is recorded when submit() returns, and by
    // then a worker may already have run (even finished) the future.
    for (size_t i = 0; i < n; ++i) {
        const LogEvent& e = log[i];
        if (e.kind != EvKind::OpDone || e.object == kNone || static_cast<Op>(e.code) != Op::Submit || !e.ok) continue;
        auto found = row_of_executor.find(e.object);
        if (found == row_of_executor.end()) {
            const ObjectInfo info = log.object(e.object);
            if (info.kind != ObjKind::Executor && info.kind != ObjKind::Pool) continue;
            PoolSweepRow row;
            row.executor = e.object;
            row.max_workers = info.initial;
            row.processes = info.kind == ObjKind::Pool;
            found = row_of_executor.emplace(e.object, rows.size()).first;
            rows.push_back(row);
            last_spawn.push_back(0);
        }
        ++rows[found->second].submitted;
        if (e.aux < 0 || uint64_t(e.aux) >= kNone) continue;
        FutureSeen& f = futures[uint32_t(e.aux)];
        f.row = found->second;
        f.made_t = e.t;  // made by then at the latest
    }
    for (size_t i = 0; i < n; ++i) {
        const LogEvent& e = log[i];
        if (e.kind != EvKind::OpDone || e.object == kNone) continue;
        const Op op = static_cast<Op>(e.code);
        if (op == Op::Spawn) {
            if (auto pool = row_of_executor.find(e.object); pool != row_of_executor.end()) {
                last_spawn[pool->second] = std::max(last_spawn[pool->second], e.t);
                ++rows[pool->second].workers;
            }
            continue;
        }
        const auto it = futures.find(e.object);
        if (it == futures.end()) continue;
        FutureSeen& f = it->second;
        if (op == Op::Pending && !f.pending_seen) {
            f.pending_seen = true;
            f.made_t = std::min(f.made_t, e.t);  // made inside submit(), before its work
        } else if (op == Op::Running && e.thread != kNone && f.worker == kNone) {
            f.worker = e.thread;
            f.ran = i;
        } else if (op == Op::Finished) {
            f.finished = true;
            f.finish_t = e.t;
        }
    }
    std::vector<std::set<uint32_t>> workers(rows.size());  // per row: the threads that ran its futures
    std::vector<size_t> first_ran(rows.size(), SIZE_MAX);  // per row: the first `running` op, for the prefix
    std::vector<uint32_t> first_worker(rows.size(), kNone);
    std::vector<bool> timed(rows.size(), false);
    for (const auto& [id, f] : futures) {
        PoolSweepRow& row = rows[f.row];
        // A process pool's jobs are timed once its processes are up: the
        // futures made before its last process started paid for starting
        // them (3.11 forks every worker at the first submit), which is not
        // the jobs' own work. A program that wants every job timed submits
        // one job first and waits for it.
        if (row.processes && f.made_t <= last_spawn[f.row] && last_spawn[f.row] > 0) {
            --row.submitted;
            continue;
        }
        row.first_submit = timed[f.row] ? std::min(row.first_submit, f.made_t) : f.made_t;
        timed[f.row] = true;
        if (f.worker != kNone) {
            workers[f.row].insert(f.worker);
            if (f.ran < first_ran[f.row]) {
                first_ran[f.row] = f.ran;
                first_worker[f.row] = f.worker;
            }
        }
        if (f.finished) {
            ++row.finished;
            row.last_finish = std::max(row.last_finish, f.finish_t);
        }
    }
    // Creation order: executors are numbered as they are made.
    std::vector<size_t> order(rows.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rows[a].executor < rows[b].executor; });
    std::vector<PoolSweepRow> sorted;
    for (size_t i : order) {
        PoolSweepRow row = rows[i];
        if (row.processes) {
            row.prefix = "processes";  // its workers are processes, counted by their spawns
        } else {
            row.workers = workers[i].size();
            if (first_worker[i] != kNone) row.prefix = worker_prefix(log.thread(first_worker[i]).name);
        }
        const Nanos span = row.last_finish - row.first_submit;
        if (row.finished > 0 && span > 0) row.throughput = double(row.finished) * 1e9 / double(span);
        sorted.push_back(std::move(row));
    }
    return sorted;
}

}  // namespace tl
