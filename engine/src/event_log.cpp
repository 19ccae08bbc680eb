#include "threadlab/event_log.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <new>
#include <sys/mman.h>
#include <sstream>

namespace tl {

namespace {

// Chunks are big (about 3 MiB) and mapped straight from the OS, already
// zeroed. Fresh pages cost the kernel a fault and a clear each (measured in
// docs/BENCHMARKS.md; huge pages and pre-population were both slower on
// this VM), so a few chunks are kept for the next log: the GUI starts a new
// run at every reset.
constexpr size_t kHuge = size_t(2) << 20;
constexpr size_t kPoolMax = 8;
std::mutex pool_mutex;
std::vector<void*> pool;

size_t chunk_bytes(size_t raw) { return (raw + kHuge - 1) / kHuge * kHuge; }

}  // namespace

EventLog::Chunk* EventLog::allocate_chunk() {
    const size_t bytes = chunk_bytes(sizeof(Chunk));
    {
        std::lock_guard lk(pool_mutex);
        if (!pool.empty()) {
            auto* c = static_cast<Chunk*>(pool.back());
            pool.pop_back();
            std::memset(c->ready, 0, sizeof c->ready);
            return c;
        }
    }
    // Map one huge page more than needed and trim, for a 2 MiB-aligned start.
    void* raw = mmap(nullptr, bytes + kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    auto start = (reinterpret_cast<uintptr_t>(raw) + kHuge - 1) & ~(kHuge - 1);
    size_t head = start - reinterpret_cast<uintptr_t>(raw);
    if (head) munmap(raw, head);
    if (kHuge - head) munmap(reinterpret_cast<void*>(start + bytes), kHuge - head);
    return reinterpret_cast<Chunk*>(start);
}

void EventLog::release_chunk(Chunk* c) {
    {
        std::lock_guard lk(pool_mutex);
        if (pool.size() < kPoolMax) {
            pool.push_back(c);
            return;
        }
    }
    munmap(c, chunk_bytes(sizeof(Chunk)));
}

EventLog::EventLog() : chunks_(new std::atomic<Chunk*>[kMaxChunks]) {
    for (size_t i = 0; i < kMaxChunks; ++i) chunks_[i].store(nullptr, std::memory_order_relaxed);
    chunks_[0].store(allocate_chunk(), std::memory_order_release);
}

EventLog::~EventLog() {
    for (size_t i = 0; i < kMaxChunks; ++i)
        if (Chunk* c = chunks_[i].load(std::memory_order_relaxed)) release_chunk(c);
}

EventLog::Chunk* EventLog::ensure_chunk(size_t c) {
    Chunk* s = chunks_[c].load(std::memory_order_acquire);
    if (s) return s;
    // Several writers may cross into a new chunk at once: one allocation wins.
    Chunk* fresh = allocate_chunk();
    if (chunks_[c].compare_exchange_strong(s, fresh, std::memory_order_acq_rel)) return fresh;
    release_chunk(fresh);
    return s;
}

void EventLog::hold_for_fork() const {
    names_mutex_.lock();
    pool_mutex.lock();
}

void EventLog::release_after_fork() const {
    pool_mutex.unlock();
    names_mutex_.unlock();
}

size_t EventLog::seal_after_fork() {
    const size_t n = std::min(next_.load(std::memory_order_acquire), kMaxChunks * kChunkSize);
    for (size_t q = published_.load(std::memory_order_acquire); q < n; ++q) {
        Chunk* c = ensure_chunk(q >> kChunkBits);
        std::atomic_ref<uint8_t>(c->ready[q & (kChunkSize - 1)]).store(1, std::memory_order_release);
    }
    size();  // raises the watermark to n
    return n;
}

LogEvent* EventLog::slot_for(size_t i) {
    size_t c = i >> kChunkBits;
    if (c >= kMaxChunks) {
        dropped_.fetch_add(1, std::memory_order_relaxed);
        return nullptr;
    }
    return &ensure_chunk(c)->events[i & (kChunkSize - 1)];
}

void EventLog::publish(size_t i) {
    Chunk* c = chunks_[i >> kChunkBits].load(std::memory_order_relaxed);  // ours since reserve
    std::atomic_ref<uint8_t>(c->ready[i & (kChunkSize - 1)]).store(1, std::memory_order_release);
}

size_t EventLog::append(const LogEvent& e) {
    return emplace([&](LogEvent& slot) { slot = e; });
}

size_t EventLog::size() const {
    // Advance the published watermark over every slot whose writer finished.
    size_t p = published_.load(std::memory_order_acquire);
    size_t n = std::min(next_.load(std::memory_order_acquire), kMaxChunks * kChunkSize);
    size_t q = p;
    while (q < n) {
        Chunk* c = chunks_[q >> kChunkBits].load(std::memory_order_acquire);
        if (!c || !std::atomic_ref<uint8_t>(c->ready[q & (kChunkSize - 1)]).load(std::memory_order_acquire)) break;
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

size_t EventLog::string_count() const {
    std::lock_guard lk(names_mutex_);
    return strings_.size();
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
