// Rebuilding a deadlock report from the log's Deadlock records.
#include <algorithm>

#include "threadlab/reduce.hpp"

namespace tl {

std::optional<DeadlockInfo> deadlock_from(const World& world) {
    if (world.deadlock.empty()) return std::nullopt;
    DeadlockInfo info;
    for (const LogEvent& e : world.deadlock) info.waiting.push_back({e.thread, e.object, e.other});
    // The records mark who is on the cycle (ok = 1) but not its order:
    // follow "waits for the holder" from the first member round to itself.
    auto edge_of = [&](uint32_t tid) -> const WaitEdge* {
        for (size_t i = 0; i < world.deadlock.size(); ++i)
            if (world.deadlock[i].thread == tid && world.deadlock[i].ok) return &info.waiting[i];
        return nullptr;
    };
    const auto first = std::find_if(world.deadlock.begin(), world.deadlock.end(), [](const LogEvent& e) { return e.ok; });
    if (first != world.deadlock.end()) {
        for (const WaitEdge* e = edge_of(first->thread); e && info.cycle.size() < info.waiting.size();
             e = edge_of(e->holder)) {
            if (!info.cycle.empty() && e->thread == info.cycle.front().thread) break;
            info.cycle.push_back(*e);
        }
    }
    return info;
}

}  // namespace tl
