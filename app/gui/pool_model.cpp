#include "gui/pool_model.hpp"

#include <algorithm>

namespace tl::gui {
namespace {

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.size() > prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
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
        if (o.internal) {
            model.hidden[o.id] = true;  // a part of another object, or a library detail: never listed
        } else if (o.kind == ObjKind::Future) {
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
            // Workers named otherwise (a Python program's executor is named
            // after its variable, its threads ThreadPoolExecutor-0_0...):
            // the threads that have run its futures.
            if (parts.workers.empty()) {
                std::vector<uint32_t> ran;
                for (const ObjectView& f : world.objects) {
                    const FutureRow* row = f.kind == ObjKind::Future ? index.future(f.id) : nullptr;
                    if (row && row->executor == o.id && f.worker != kNone) ran.push_back(f.worker);
                }
                std::sort(ran.begin(), ran.end());
                ran.erase(std::unique(ran.begin(), ran.end()), ran.end());
                for (uint32_t tid : ran) parts.workers.push_back({tid, future_of(tid)});
            }
        } else {
            // Its queues are POOL.call_queue and POOL.result_queue, made
            // after it (the first not yet claimed, should two pools share a
            // name); its workers are the processes its `spawn` ops name.
            parts.prefix = index.object_name(o.id);
            auto claimed = [&](uint32_t id) {
                return std::any_of(model.pools.begin(), model.pools.end(), [&](const PoolParts& p) {
                    return p.work_queue == id || p.result_queue == id;
                });
            };
            for (uint32_t id = o.id + 1; id < n; ++id) {
                if (world.objects[id].kind != ObjKind::Queue || claimed(id)) continue;
                const std::string& name = index.object_name(id);
                if (parts.work_queue == kNone && name == parts.prefix + kCallQueue) parts.work_queue = id;
                if (parts.result_queue == kNone && name == parts.prefix + kResultQueue) parts.result_queue = id;
            }
            for (uint32_t id : {parts.work_queue, parts.result_queue})
                if (id != kNone) parts.internals.push_back(id);
            for (uint32_t tid : index.spawned(o.id)) parts.workers.push_back({tid, future_of(tid)});
            for (uint32_t tid : threads_named(index, parts.prefix, '.'))
                if (index.thread_name(tid) == parts.prefix + ".result_handler") parts.result_handler = tid;
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
