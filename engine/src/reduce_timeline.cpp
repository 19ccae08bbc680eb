#include <algorithm>

#include "threadlab/reduce.hpp"

namespace tl {

void Timeline::update(const EventLog& log, size_t upto) {
    size_t n = std::min(upto, log.size());
    for (; consumed_ < n; ++consumed_) {
        const LogEvent& e = log[consumed_];
        end_ = std::max(end_, e.t);
        if (e.kind != EvKind::ThreadNew && e.kind != EvKind::State) continue;
        if (lanes_.size() <= e.thread) {
            size_t old = lanes_.size();
            lanes_.resize(e.thread + 1);
            for (size_t i = old; i < lanes_.size(); ++i) lanes_[i].tid = static_cast<uint32_t>(i);
        }
        Lane& lane = lanes_[e.thread];
        Segment seg{e.t, e.t, ThreadState::New, e.object, e.line};
        if (e.kind == EvKind::State) {
            seg.state = static_cast<ThreadState>(e.code);
        } else {
            seg.object = kNone;
        }
        if (!lane.segments.empty()) {
            Segment& last = lane.segments.back();
            last.end = e.t;
            // A segment that took no scenario time draws nothing: drop it.
            if (last.start == e.t) lane.segments.pop_back();
        }
        if (!lane.segments.empty() && lane.segments.back().state == seg.state &&
            lane.segments.back().object == seg.object)
            continue;  // the same state again: the previous segment goes on
        lane.segments.push_back(seg);
    }
}

}  // namespace tl
