#include "gui/view_position.hpp"

#include <algorithm>

namespace tl::gui {

void Reductions::fold(const EventLog& log, size_t upto) {
    upto = std::min(upto, log.size());
    if (upto <= events) return;
    timeline.update(log, upto);
    index.update(log, upto);
    for (; events < upto; ++events) world.apply(log, log[events]);
    cpu.update(timeline);  // from the timeline, once per fold (it sums the lanes' segments)
}

void ViewPosition::go_to(size_t k, size_t n) {
    if (n == 0 || k >= n) at_.reset();
    else at_ = std::max<size_t>(k, 1);
}

void ViewPosition::move(long delta, size_t n) {
    const long now = static_cast<long>(events(n));
    go_to(static_cast<size_t>(std::max(0L, now + delta)), n);
}

const Reductions& PrefixCache::at(const EventLog& log, size_t k) {
    k = std::min(k, log.size());
    if (k < now_.events) {
        // Back: from the last checkpoint at or before k (or the start).
        const size_t keep = k / kCheckpointEvery;
        checkpoints_.resize(std::min(checkpoints_.size(), keep));
        now_ = checkpoints_.empty() ? Reductions{} : checkpoints_.back();
    }
    // Forward, a checkpoint kept at every multiple of kCheckpointEvery passed.
    while (now_.events < k) {
        const size_t next = std::min(k, (now_.events / kCheckpointEvery + 1) * kCheckpointEvery);
        folded_ += next - now_.events;
        now_.fold(log, next);
        if (next % kCheckpointEvery == 0 && checkpoints_.size() < next / kCheckpointEvery) checkpoints_.push_back(now_);
    }
    return now_;
}

void PrefixCache::clear() {
    now_ = Reductions{};
    checkpoints_.clear();
    folded_ = 0;
}

}  // namespace tl::gui
