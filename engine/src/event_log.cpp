#include "threadlab/event_log.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace tl {

EventLog::EventLog() : chunks_(new std::atomic<Slot*>[kMaxChunks]) {
    for (size_t i = 0; i < kMaxChunks; ++i) chunks_[i].store(nullptr, std::memory_order_relaxed);
    chunks_[0].store(new Slot[kChunkSize], std::memory_order_release);
}

EventLog::~EventLog() {
    for (size_t i = 0; i < kMaxChunks; ++i) delete[] chunks_[i].load(std::memory_order_relaxed);
}

EventLog::Slot* EventLog::ensure_chunk(size_t c) {
    Slot* s = chunks_[c].load(std::memory_order_acquire);
    if (s) return s;
    // Several writers may cross into a new chunk at once: one allocation wins.
    Slot* fresh = new Slot[kChunkSize];
    if (chunks_[c].compare_exchange_strong(s, fresh, std::memory_order_acq_rel)) return fresh;
    delete[] fresh;
    return s;
}

size_t EventLog::append(const LogEvent& e) {
    size_t i = next_.fetch_add(1, std::memory_order_relaxed);
    size_t c = i >> kChunkBits;
    if (c >= kMaxChunks) {
        dropped_.fetch_add(1, std::memory_order_relaxed);
        return SIZE_MAX;
    }
    Slot& slot = ensure_chunk(c)[i & (kChunkSize - 1)];
    slot.ev = e;
    slot.ready.store(1, std::memory_order_release);
    return i;
}

size_t EventLog::size() const {
    // Advance the published watermark over every slot whose writer finished.
    size_t p = published_.load(std::memory_order_acquire);
    size_t n = std::min(next_.load(std::memory_order_acquire), kMaxChunks * kChunkSize);
    size_t q = p;
    while (q < n) {
        Slot* c = chunks_[q >> kChunkBits].load(std::memory_order_acquire);
        if (!c || !c[q & (kChunkSize - 1)].ready.load(std::memory_order_acquire)) break;
        ++q;
    }
    if (q != p) {
        // Readers race only to raise the watermark; the larger value wins.
        while (p < q && !published_.compare_exchange_weak(p, q, std::memory_order_acq_rel)) {
        }
        return std::max(p, q);
    }
    return p;
}

uint32_t EventLog::add_thread(ThreadInfo info) {
    std::lock_guard lk(names_mutex_);
    threads_.push_back(std::move(info));
    return static_cast<uint32_t>(threads_.size() - 1);
}

uint32_t EventLog::add_object(ObjectInfo info) {
    std::lock_guard lk(names_mutex_);
    objects_.push_back(std::move(info));
    return static_cast<uint32_t>(objects_.size() - 1);
}

uint32_t EventLog::intern(std::string s) {
    std::lock_guard lk(names_mutex_);
    strings_.push_back(std::move(s));
    return static_cast<uint32_t>(strings_.size() - 1);
}

void EventLog::set_daemon(uint32_t tid, bool daemon) {
    std::lock_guard lk(names_mutex_);
    if (tid < threads_.size()) threads_[tid].daemon = daemon;
}

ThreadInfo EventLog::thread(uint32_t tid) const {
    std::lock_guard lk(names_mutex_);
    return tid < threads_.size() ? threads_[tid] : ThreadInfo{"?", kNone, false};
}

ObjectInfo EventLog::object(uint32_t id) const {
    std::lock_guard lk(names_mutex_);
    return id < objects_.size() ? objects_[id] : ObjectInfo{"?", ObjKind::Lock, 0};
}

std::string EventLog::str(uint32_t id) const {
    std::lock_guard lk(names_mutex_);
    return id < strings_.size() ? strings_[id] : std::string();
}

size_t EventLog::thread_count() const {
    std::lock_guard lk(names_mutex_);
    return threads_.size();
}

size_t EventLog::object_count() const {
    std::lock_guard lk(names_mutex_);
    return objects_.size();
}

std::vector<LogEvent> EventLog::copy(size_t n) const {
    n = std::min(n, size());
    std::vector<LogEvent> out;
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) out.push_back((*this)[i]);
    return out;
}

std::string dump(const EventLog& log) {
    std::ostringstream out;
    size_t n = log.size();
    auto tname = [&](uint32_t t) { return t == kNone ? std::string("-") : log.thread(t).name; };
    auto oname = [&](uint32_t o) { return o == kNone ? std::string("-") : log.object(o).name; };
    for (size_t i = 0; i < n; ++i) {
        const LogEvent& e = log[i];
        out << i << ' ' << e.t << ' ' << to_string(e.kind) << ' ' << tname(e.thread) << ' ';
        switch (e.kind) {
            case EvKind::State: out << to_string(static_cast<ThreadState>(e.code)); break;
            case EvKind::ObjNew: out << to_string(static_cast<ObjKind>(e.code)); break;
            case EvKind::OpDone: out << to_string(static_cast<Op>(e.code)); break;
            default: out << int(e.code); break;
        }
        out << ' ' << oname(e.object) << ' ' << tname(e.other) << " ok=" << int(e.ok) << " v=" << e.value
            << " aux=" << e.aux << " line=" << e.line;
        if (e.kind == EvKind::Excepthook || e.kind == EvKind::Print ||
            (e.kind == EvKind::OpDone && static_cast<Op>(e.code) == Op::Raise))
            out << " \"" << log.str(static_cast<uint32_t>(e.value)) << '"';
        out << '\n';
    }
    return out.str();
}

}  // namespace tl
