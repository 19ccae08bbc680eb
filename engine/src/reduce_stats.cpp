// Run statistics (reduce_stats.hpp): one pass over the prefix. A wait is
// what tl::summarize counts as one: a State record that has a thread blocked
// or waiting on an object, ended by that thread's next State record.
#include "threadlab/reduce_stats.hpp"

#include <algorithm>

namespace tl {

namespace {

// The open wait of each thread.
struct OpenWait {
    uint32_t object = kNone;
    Nanos since = 0;
};

// Appends (t, value) to a step function; a point at the time of the last
// one replaces it (several changes at one moment show as their result).
void step_to(std::vector<StepPoint>& points, Nanos t, int64_t value) {
    if (!points.empty() && points.back().t == t) {
        points.back().value = value;
        if (points.size() > 1 && points[points.size() - 2].value == value) points.pop_back();
        return;
    }
    if (!points.empty() && points.back().value == value) return;
    points.push_back({t, value});
}

RateSeries bin(const std::vector<Nanos>& times, Nanos end, size_t bins) {
    RateSeries r;
    r.end = end;
    bins = std::max<size_t>(1, bins);
    r.width = nice_width((end + Nanos(bins) - 1) / Nanos(bins));
    r.counts.assign(size_t(std::max<Nanos>(1, (end + r.width - 1) / r.width)), 0);
    for (Nanos t : times) {
        const size_t k = std::min(r.counts.size() - 1, size_t(std::max<Nanos>(0, t) / r.width));
        ++r.counts[k];
    }
    return r;
}

// Threads, futures and the GIL have operations that are not the program's
// work: a start per thread, a future's steps (counted as finished futures
// instead), the interpreter's hand-overs.
bool counts_as_work(ObjKind kind) { return kind != ObjKind::Thread && kind != ObjKind::Future && kind != ObjKind::Gil; }

}  // namespace

double RateSeries::per_second(size_t k) const {
    if (k >= counts.size()) return 0;
    const Nanos covered = std::min(width, end - Nanos(k) * width);
    return covered > 0 ? double(counts[k]) * 1e9 / double(covered) : 0;
}

Nanos nice_width(Nanos v) {
    if (v <= 1) return 1;
    Nanos decade = 1;
    while (decade <= v / 10) decade *= 10;
    for (Nanos m : {1, 2, 5, 10})
        if (m * decade >= v) return m * decade;
    return 10 * decade;
}

Histogram histogram(const std::vector<Nanos>& values, size_t max_bins) {
    Histogram h;
    if (values.empty()) return h;
    max_bins = std::max<size_t>(1, max_bins);
    const Nanos top = std::max<Nanos>(0, *std::max_element(values.begin(), values.end()));
    // Bins of a round width that put the longest value in the last bin.
    h.width = nice_width((top + Nanos(max_bins)) / Nanos(max_bins));
    h.counts.assign(size_t(top / h.width) + 1, 0);
    for (Nanos v : values) ++h.counts[size_t(std::max<Nanos>(0, v) / h.width)];
    h.max_count = *std::max_element(h.counts.begin(), h.counts.end());
    return h;
}

RunStatistics run_statistics(const EventLog& log, size_t n, size_t rate_bins) {
    RunStatistics s;
    n = std::min(n, log.size());
    s.events = n;
    const size_t objects = log.object_count();
    const size_t threads = log.thread_count();
    std::vector<ObjectInfo> info(objects);
    for (size_t i = 0; i < objects; ++i) info[i] = log.object(uint32_t(i));
    s.objects.resize(objects);
    for (size_t i = 0; i < objects; ++i) s.objects[i].id = uint32_t(i);

    std::vector<OpenWait> open(threads);
    std::vector<int64_t> waiting(objects, 0);       // threads waiting on each object now
    std::vector<int> queue_of(objects, -1);         // index in s.queues
    std::vector<uint8_t> lane(threads, 0), started(threads, 0), ended(threads, 0);
    std::vector<Nanos> op_times, finish_times;
    int64_t alive = 0;
    s.alive.push_back({0, 0});

    for (size_t i = 0; i < n; ++i) {
        const LogEvent& e = log[i];
        s.duration = std::max(s.duration, e.t);
        switch (e.kind) {
            case EvKind::ThreadNew:
                if (e.thread < threads) lane[e.thread] = e.other != kNone;  // a coroutine lane, not a thread
                break;
            case EvKind::ObjNew:
                if (e.object < objects && static_cast<ObjKind>(e.code) == ObjKind::Queue && !info[e.object].internal) {
                    queue_of[e.object] = int(s.queues.size());
                    QueueDepth q;
                    q.queue = e.object;
                    q.points.push_back({e.t, 0});
                    s.queues.push_back(std::move(q));
                }
                break;
            case EvKind::OpDone: {
                if (e.object == kNone || e.object >= objects) break;
                ObjectWaits& o = s.objects[e.object];
                ++o.ops;
                if (!e.ok) ++o.failures;
                const Op op = static_cast<Op>(e.code);
                const ObjectInfo& obj = info[e.object];
                if (queue_of[e.object] >= 0 && (op == Op::Put || op == Op::Get)) {
                    QueueDepth& q = s.queues[size_t(queue_of[e.object])];
                    step_to(q.points, e.t, e.value);
                    q.max_depth = std::max(q.max_depth, e.value);
                }
                if (obj.kind == ObjKind::Future && op == Op::Finished) finish_times.push_back(e.t);
                if (!obj.internal && counts_as_work(obj.kind)) op_times.push_back(e.t);
                break;
            }
            case EvKind::State: {
                if (e.thread >= threads) break;
                OpenWait& w = open[e.thread];
                if (w.object != kNone) {
                    ObjectWaits& o = s.objects[w.object];
                    const Nanos length = e.t - w.since;
                    o.total += length;
                    o.longest = std::max(o.longest, length);
                    o.lengths.push_back(length);
                    --waiting[w.object];
                    w.object = kNone;
                }
                const auto st = static_cast<ThreadState>(e.code);
                if (e.object != kNone && e.object < objects && (st == ThreadState::Blocked || st == ThreadState::Waiting)) {
                    ObjectWaits& o = s.objects[e.object];
                    ++o.waits;
                    w = {e.object, e.t};
                    o.max_waiters = std::max(o.max_waiters, ++waiting[e.object]);
                }
                if (lane[e.thread]) break;
                if (!started[e.thread] && st != ThreadState::New) {
                    started[e.thread] = 1;
                    ++alive;
                }
                if (started[e.thread] && !ended[e.thread] && is_final(st)) {
                    ended[e.thread] = 1;
                    --alive;
                }
                step_to(s.alive, e.t, alive);
                s.max_alive = std::max(s.max_alive, alive);
                break;
            }
            default:
                break;
        }
    }
    for (const OpenWait& w : open)
        if (w.object != kNone) ++s.objects[w.object].waiting_now;
    s.operations = bin(op_times, s.duration, rate_bins);
    s.futures_finished = bin(finish_times, s.duration, rate_bins);
    return s;
}

}  // namespace tl
