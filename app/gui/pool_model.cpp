#include "gui/pool_model.hpp"

#include <algorithm>

namespace tl::gui {
namespace {

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.size() > prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

const std::string kWorkQueue = ".work_queue";
const std::string kCallQueue = ".call_queue";
const std::string kResultQueue = ".result_queue";

// Threads whose name is prefix + sep + something, in tid order.
std::vector<uint32_t> threads_named(const TraceIndex& index, const std::string& prefix, char sep) {
    std::vector<uint32_t> out;
    const std::string head = prefix + sep;
    for (uint32_t tid = 0; tid < index.thread_count(); ++tid)
        if (starts_with(index.thread_name(tid), head)) out.push_back(tid);
    return out;
}

}  // namespace

bool gil_in_use(const ObjectView& gil, const TraceIndex& index) {
    return gil.kind == ObjKind::Gil && index.op_count(gil.id) > 0;
}

PoolModel build_pool_model(const World& world, const TraceIndex& index) {
    PoolModel model;
    const size_t n = world.objects.size();
    model.hidden.assign(n, false);

    // The future each worker runs now (a worker runs one at a time).
    std::vector<std::pair<uint32_t, uint32_t>> running;  // (worker tid, future)
    for (const ObjectView& o : world.objects) {
        if (o.kind == ObjKind::Future) {
            model.hidden[o.id] = true;  // the futures board shows them
            if (o.future_state == 1 && o.worker != kNone) running.emplace_back(o.worker, o.id);
        } else if (o.kind == ObjKind::Gil && !gil_in_use(o, index)) {
            model.hidden[o.id] = true;
        } else if (o.kind == ObjKind::Thread && o.waiters.empty()) {
            model.hidden[o.id] = true;  // threads have their own lanes
        }
    }
    auto future_of = [&](uint32_t tid) {
        for (const auto& [w, f] : running)
            if (w == tid) return f;
        return kNone;
    };

    for (const ObjectView& o : world.objects) {
        if (o.kind != ObjKind::Executor && o.kind != ObjKind::Pool) continue;
        PoolParts parts;
        parts.pool = o.id;
        if (o.kind == ObjKind::Executor) {
            parts.prefix = index.object_name(o.id);
            for (uint32_t id = o.id + 1; id < n; ++id) {
                if (!starts_with(index.object_name(id), parts.prefix + ".")) continue;
                parts.internals.push_back(id);
                if (index.object_name(id) == parts.prefix + kWorkQueue) parts.work_queue = id;
            }
            for (uint32_t tid : threads_named(index, parts.prefix, '_')) parts.workers.push_back({tid, future_of(tid)});
        } else {
            // The first call queue made after the pool, not yet claimed by an earlier pool.
            for (uint32_t id = o.id + 1; id < n; ++id) {
                const std::string& name = index.object_name(id);
                if (world.objects[id].kind != ObjKind::Queue || !ends_with(name, kCallQueue)) continue;
                const bool claimed = std::any_of(model.pools.begin(), model.pools.end(),
                                                 [&](const PoolParts& p) { return p.work_queue == id; });
                if (claimed) continue;
                parts.work_queue = id;
                parts.prefix = name.substr(0, name.size() - kCallQueue.size());
                break;
            }
            if (!parts.prefix.empty()) {
                parts.internals.push_back(parts.work_queue);
                for (uint32_t id = parts.work_queue + 1; id < n; ++id)
                    if (index.object_name(id) == parts.prefix + kResultQueue) {
                        parts.result_queue = id;
                        parts.internals.push_back(id);
                        break;
                    }
                for (uint32_t tid : threads_named(index, parts.prefix, '-'))
                    parts.workers.push_back({tid, future_of(tid)});
                for (uint32_t tid : threads_named(index, parts.prefix, '.'))
                    if (index.thread_name(tid) == parts.prefix + ".result_handler") parts.result_handler = tid;
            }
        }
        for (uint32_t id : parts.internals) model.hidden[id] = true;
        model.pools.push_back(std::move(parts));
    }
    return model;
}

std::string work_item_label(const World& world, const TraceIndex& index, uint32_t executor, int64_t item) {
    if (item == -1) return "None";
    if (executor < world.objects.size() && world.objects[executor].kind == ObjKind::Executor) {
        for (const ObjectView& o : world.objects) {
            if (o.kind != ObjKind::Future) continue;
            const FutureRow* row = index.future(o.id);
            if (row && row->executor == executor && row->argument == item) return index.object_name(o.id);
        }
    }
    return std::to_string(item);
}

}  // namespace tl::gui
