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
    // From whichever is nearest at or before k: where the cache stands, or
    // the last checkpoint (or the start) when that is nearer or it stands past k.
    const size_t i = std::min(checkpoints_.size(), k / spacing_);
    const size_t from = i == 0 ? 0 : checkpoints_[i - 1].events;
    if (k < now_.events || from > now_.events) now_ = i == 0 ? Reductions{} : checkpoints_[i - 1];
    // Forward, a checkpoint kept at every multiple of spacing_ passed.
    while (now_.events < k) {
        const size_t next = std::min(k, (now_.events / spacing_ + 1) * spacing_);
        folded_ += next - now_.events;
        now_.fold(log, next);
        if (next % spacing_ != 0 || checkpoints_.size() >= next / spacing_) continue;
        checkpoints_.push_back(now_);
        if (checkpoints_.size() <= kMaxCheckpoints) continue;
        // Too many: every second one goes (those at odd multiples), twice as far apart.
        std::vector<Reductions> kept;
        for (size_t j = 1; j < checkpoints_.size(); j += 2) kept.push_back(std::move(checkpoints_[j]));
        checkpoints_ = std::move(kept);
        spacing_ *= 2;
    }
    return now_;
}

void PrefixCache::clear() {
    now_ = Reductions{};
    checkpoints_.clear();
    spacing_ = kFirstSpacing;
    folded_ = 0;
}

}  // namespace tl::gui
