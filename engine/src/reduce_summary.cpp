// Summary: time per state per thread, and waits and contention per object.
#include <algorithm>

#include "threadlab/reduce.hpp"

namespace tl {

Summary summarize(const EventLog& log, size_t n) {
    Summary s;
    n = std::min(n, log.size());
    Timeline timeline;
    timeline.update(log, n);
    s.duration = timeline.end_time();
    s.events = n;

    for (const Lane& lane : timeline.lanes()) {
        ThreadStats ts;
        ts.tid = lane.tid;
        for (const Segment& seg : lane.segments) {
            if (is_final(seg.state)) continue;  // a finished thread spends no more time
            Nanos end = seg.end > seg.start ? seg.end : s.duration;
            if (&seg != &lane.segments.back()) end = seg.end;
            ts.time_in[static_cast<int>(seg.state)] += std::max<Nanos>(0, end - seg.start);
        }
        s.threads.push_back(ts);
    }

    s.objects.resize(log.object_count());
    for (size_t i = 0; i < s.objects.size(); ++i) s.objects[i].id = uint32_t(i);
    World w;
    std::vector<Nanos> wait_started(log.thread_count(), -1);
    for (size_t i = 0; i < n; ++i) {
        const LogEvent& e = log[i];
        if (e.kind == EvKind::OpDone && e.object != kNone && e.object < s.objects.size()) {
            ObjectStats& os = s.objects[e.object];
            ++os.ops;
            if (!e.ok) ++os.failures;
        }
        if (e.kind == EvKind::State && e.thread < wait_started.size()) {
            // Close a wait on the previous object, open one on the new.
            if (e.thread < w.threads.size()) {
                const ThreadView& before = w.threads[e.thread];
                if (before.object != kNone && before.object < s.objects.size() && wait_started[e.thread] >= 0) {
                    s.objects[before.object].wait_time += e.t - wait_started[e.thread];
                    wait_started[e.thread] = -1;
                }
            }
            auto st = static_cast<ThreadState>(e.code);
            if (e.object != kNone && e.object < s.objects.size() &&
                (st == ThreadState::Blocked || st == ThreadState::Waiting)) {
                ++s.objects[e.object].waits;
                wait_started[e.thread] = e.t;
            }
        }
        w.apply(log, e);
        if (e.kind == EvKind::State && e.object != kNone && e.object < w.objects.size() &&
            e.object < s.objects.size())
            s.objects[e.object].max_waiters =
                std::max<int64_t>(s.objects[e.object].max_waiters, int64_t(w.objects[e.object].waiters.size()));
    }
    s.final_world = std::move(w);
    return s;
}

}  // namespace tl
