#include "gui/cpu_share.hpp"

#include <algorithm>

namespace tl::gui {

void CpuShares::update(const Timeline& timeline) {
    const auto& lanes = timeline.lanes();
    const Nanos end = timeline.end_time();
    stable_.resize(lanes.size(), 0);
    folded_.resize(lanes.size(), 0);
    duration_ = end;
    shares_.clear();
    for (size_t i = 0; i < lanes.size(); ++i) {
        const auto& segs = lanes[i].segments;
        auto length = [&](size_t k) { return (k + 1 < segs.size() ? segs[k + 1].start : std::max(segs[k].end, end)) - segs[k].start; };
        // The reducer may drop the last segment (when it took no time) and
        // then extend the one before, so only those before the last two are final.
        const size_t final_count = segs.size() >= 2 ? segs.size() - 2 : 0;
        for (; folded_[i] < final_count; ++folded_[i])
            if (segs[folded_[i]].state == ThreadState::Running) stable_[i] += length(folded_[i]);
        Nanos running = stable_[i];
        for (size_t k = folded_[i]; k < segs.size(); ++k)
            if (segs[k].state == ThreadState::Running) running += length(k);
        if (running <= 0) continue;
        CpuShare c;
        c.tid = lanes[i].tid;
        c.running = running;
        c.share = end > 0 ? static_cast<double>(running) / static_cast<double>(end) : 0;
        // Life: from the first segment that is not `new` to the final state (or now).
        Nanos born = end, died = end;
        for (const Segment& s : segs)
            if (s.state != ThreadState::New) {
                born = s.start;
                break;
            }
        if (is_final(segs.back().state)) died = segs.back().start;
        c.lifetime = std::max<Nanos>(died - born, running);
        c.of_life = c.lifetime > 0 ? static_cast<double>(running) / static_cast<double>(c.lifetime) : 0;
        shares_.push_back(c);
    }
}

}  // namespace tl::gui
