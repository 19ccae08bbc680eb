// The event log: an append-only sequence of LogEvent written by many threads
// at once without a global lock, plus the name tables (threads, objects,
// strings) that the events refer to by number.
//
// Writers reserve a slot with one fetch_add, fill it, and publish it with a
// release store on the slot's flag. Readers (the GUI, the CLI, checks) see
// the longest fully published prefix: size() never exposes a half-written
// event, and events below size() never change again.
#pragma once
#include <atomic>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "threadlab/event.hpp"

namespace tl {

struct ThreadInfo {
    std::string name;
    uint32_t object = kNone;  // the Thread object joiners wait on
    bool daemon = false;
    uint32_t pid = 0;         // the interpreter (process) it runs in
};

struct ObjectInfo {
    std::string name;
    ObjKind kind = ObjKind::Lock;
    int64_t initial = 0;      // capacity / parties / initial value
    // A part of another object (see PartsOf in object.hpp): kNone for an
    // object of its own. Parts are not listed; waits on them are recorded
    // as waits on `part_of`.
    uint32_t part_of = kNone;
    bool internal = false;    // a part, or a detail never listed (a Thread's _started Event)
};

class EventLog {
public:
    static constexpr size_t kChunkBits = 16;                  // 65,536 events a chunk
    static constexpr size_t kChunkSize = size_t(1) << kChunkBits;
    static constexpr size_t kMaxChunks = 4096;                // 268M events at most

    EventLog();
    ~EventLog();
    EventLog(const EventLog&) = delete;
    EventLog& operator=(const EventLog&) = delete;

    // Appends one event; safe from any number of threads. Returns its index,
    // or SIZE_MAX when the log is full (the event is then counted as dropped).
    size_t append(const LogEvent& e);
    // The same, but fill(LogEvent&) writes the fields straight into the
    // event's slot (which starts as LogEvent{}). The hot paths record this
    // way: an event built on the stack and then copied stalls the CPU at
    // every copy, as the copy's wide loads cannot take their data from the
    // narrow stores that just wrote the fields.
    template <class Fill>
    size_t emplace(Fill&& fill) {
        return emplace_run(1, [&](LogEvent& e, size_t) { fill(e); });
    }
    // n events next to each other in the log, for what happens at one
    // moment in one thread with nobody able to act in between (a Future's
    // creation and its PENDING state): one slot reservation instead of n.
    // fill(LogEvent&, k) writes the k-th. Returns the first index.
    template <class Fill>
    size_t emplace_run(size_t n, Fill&& fill) {
        const size_t first = next_.fetch_add(n, std::memory_order_relaxed);
        for (size_t k = 0; k < n; ++k) {
            LogEvent* slot = slot_for(first + k);
            if (!slot) {  // the log is full: this event and the rest of the run are dropped
                dropped_.fetch_add(n - k - 1, std::memory_order_relaxed);
                return SIZE_MAX;
            }
            *slot = LogEvent{};
            fill(*slot, k);
            publish(first + k);
        }
        return first;
    }

    // Number of events readable now: the published prefix.
    size_t size() const;
    const LogEvent& operator[](size_t i) const { return chunk(i)->events[i & (kChunkSize - 1)]; }
    size_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

    // Name tables. Adding is rare (creation of threads and objects), so a
    // mutex is fine here; lookups copy out under the same mutex.
    uint32_t add_thread(ThreadInfo info);
    uint32_t add_object(ObjectInfo info);
    uint32_t intern(std::string s);
    void set_daemon(uint32_t tid, bool daemon);  // Thread.daemon may change until start()
    ThreadInfo thread(uint32_t tid) const;
    ObjectInfo object(uint32_t id) const;
    std::string str(uint32_t id) const;
    size_t thread_count() const;
    size_t object_count() const;
    size_t string_count() const;

    // fork() in a process whose other threads may be inside add_object():
    // a child would find the name tables' mutex held for ever by a thread it
    // does not have. pthread_atfork handlers call these around the fork.
    // (The pool of recycled chunks is held too: a child may need a chunk.)
    void hold_for_fork() const;
    void release_after_fork() const;
    // In the child after a fork(): slots that threads it does not have had
    // reserved but not yet published would hold size() back for ever. Marks
    // every reserved slot published (what is in them is the parent's: the
    // child sends only what comes after) and returns where the child's own
    // events begin.
    size_t seal_after_fork();

    // A copy of the first n events (n clamped to size()).
    std::vector<LogEvent> copy(size_t n = SIZE_MAX) const;

private:
    // Chunks come zeroed from the OS (or cleared from a pool of recycled
    // ones), so a fresh chunk costs no constructor pass; `ready` flags are
    // plain bytes accessed through std::atomic_ref.
    struct Chunk {
        LogEvent events[kChunkSize];
        uint8_t ready[kChunkSize];
    };
    Chunk* chunk(size_t i) const { return chunks_[i >> kChunkBits].load(std::memory_order_acquire); }
    LogEvent* slot_for(size_t i);  // slot i, just reserved; nullptr (counted as dropped) past the end
    void publish(size_t i);
    Chunk* ensure_chunk(size_t c);
    static Chunk* allocate_chunk();
    static void release_chunk(Chunk* c);

    std::unique_ptr<std::atomic<Chunk*>[]> chunks_;
    // Every writer updates next_; readers update published_. Each has a cache
    // line of its own, apart from chunks_, which every append reads.
    alignas(64) std::atomic<size_t> next_{0};
    alignas(64) mutable std::atomic<size_t> published_{0};
    std::atomic<size_t> dropped_{0};

    alignas(64) mutable std::mutex names_mutex_;  // apart from chunks_, which every append reads
    std::vector<ThreadInfo> threads_;
    std::deque<ObjectInfo> objects_;  // a deque: one per future, never moved as it grows
    std::vector<std::string> strings_;
};

// A stable text form of the whole log (one line per event, names resolved).
// Two deterministic runs with the same scenario, parameters and seed produce
// identical dumps.
std::string dump(const EventLog& log);

}  // namespace tl
