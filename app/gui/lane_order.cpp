#include "gui/lane_order.hpp"

namespace tl::gui {

std::vector<size_t> lane_order(const std::vector<Lane>& lanes, const TraceIndex& index) {
    std::vector<size_t> by_tid(index.thread_count(), SIZE_MAX);  // tid -> its lane
    for (size_t i = 0; i < lanes.size(); ++i)
        if (lanes[i].tid < by_tid.size()) by_tid[lanes[i].tid] = i;
    auto hosted = [&](size_t i) {
        const uint32_t host = index.lane_host(lanes[i].tid);
        return host != kNone && host < by_tid.size() && by_tid[host] != SIZE_MAX && host != lanes[i].tid;
    };
    std::vector<std::vector<size_t>> under(lanes.size());  // a thread's lane -> its coroutine lanes
    for (size_t i = 0; i < lanes.size(); ++i)
        if (hosted(i)) under[by_tid[index.lane_host(lanes[i].tid)]].push_back(i);
    std::vector<size_t> order;
    order.reserve(lanes.size());
    for (size_t i = 0; i < lanes.size(); ++i) {
        if (hosted(i)) continue;
        order.push_back(i);
        for (size_t j : under[i]) order.push_back(j);
    }
    return order;
}

}  // namespace tl::gui
