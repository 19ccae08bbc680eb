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

std::vector<PoolSweepRow> pool_sweep(const EventLog& log, size_t n) {
    n = std::min(n, log.size());
    std::vector<PoolSweepRow> rows;
    std::map<uint32_t, size_t> row_of_executor;  // executor id -> rows index
    std::map<uint32_t, size_t> row_of_future;    // future id -> rows index
    std::vector<std::set<uint32_t>> workers;     // per row: the threads that ran its futures
    std::vector<uint32_t> first_worker;          // per row: the first of them, for the prefix
    // First the submits: a submit is recorded when submit() returns, and by
    // then a worker may already have run (even finished) the future.
    for (size_t i = 0; i < n; ++i) {
        const LogEvent& e = log[i];
        if (e.kind != EvKind::OpDone || e.object == kNone || static_cast<Op>(e.code) != Op::Submit || !e.ok) continue;
        auto found = row_of_executor.find(e.object);
        if (found == row_of_executor.end()) {
            const ObjectInfo info = log.object(e.object);
            if (info.kind != ObjKind::Executor) continue;
            PoolSweepRow row;
            row.executor = e.object;
            row.max_workers = info.initial;
            row.first_submit = e.t;
            found = row_of_executor.emplace(e.object, rows.size()).first;
            rows.push_back(row);
            workers.emplace_back();
            first_worker.push_back(kNone);
        }
        ++rows[found->second].submitted;
        if (e.aux >= 0 && uint64_t(e.aux) < kNone) row_of_future[uint32_t(e.aux)] = found->second;
    }
    for (size_t i = 0; i < n; ++i) {
        const LogEvent& e = log[i];
        if (e.kind != EvKind::OpDone || e.object == kNone) continue;
        const auto future = row_of_future.find(e.object);
        if (future == row_of_future.end()) continue;
        const size_t r = future->second;
        const Op op = static_cast<Op>(e.code);
        if (op == Op::Pending) {
            rows[r].first_submit = std::min(rows[r].first_submit, e.t);  // made inside submit(), before its work
        } else if (op == Op::Running && e.thread != kNone) {
            workers[r].insert(e.thread);
            if (first_worker[r] == kNone) first_worker[r] = e.thread;
        } else if (op == Op::Finished) {
            ++rows[r].finished;
            rows[r].last_finish = std::max(rows[r].last_finish, e.t);
        }
    }
    // Creation order: executors are numbered as they are made.
    std::vector<size_t> order(rows.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rows[a].executor < rows[b].executor; });
    std::vector<PoolSweepRow> sorted;
    for (size_t i : order) {
        PoolSweepRow row = rows[i];
        row.workers = workers[i].size();
        if (first_worker[i] != kNone) row.prefix = worker_prefix(log.thread(first_worker[i]).name);
        const Nanos span = row.last_finish - row.first_submit;
        if (row.finished > 0 && span > 0) row.throughput = double(row.finished) * 1e9 / double(span);
        sorted.push_back(std::move(row));
    }
    return sorted;
}

}  // namespace tl
