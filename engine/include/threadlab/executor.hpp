// concurrent.futures: ThreadPoolExecutor, wait() and as_completed(), with
// CPython 3.11's behaviour: workers are created on demand up to max_workers
// and reused when idle; the work queue is a real Queue in the log; at exit
// the pending work still runs (CPython's atexit hook) before the workers end.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "threadlab/append_only_array.hpp"
#include "threadlab/future.hpp"
#include "threadlab/queue.hpp"
#include "threadlab/semaphore.hpp"
#include "threadlab/thread.hpp"

namespace tl {

namespace detail {
template <class Shared>
struct WatchBlock;  // executor.cpp: the watchers of one wait() / as_completed() call
}

class ThreadPoolExecutor : public Object {
public:
    using Task = std::function<Future::Value()>;

    // ValueError("max_workers must be greater than 0") when max_workers <= 0.
    // The prefix defaults to "ThreadPoolExecutor-N"; workers are PREFIX_0, PREFIX_1...
    ThreadPoolExecutor(Runtime& rt, int max_workers, std::string thread_name_prefix = "");

    // RuntimeError("cannot schedule new futures after shutdown").
    Future& submit(Task fn);
    // Submits fn(x) for every input now; the returned range yields results in
    // input order, each waiting for its own; a timeout counts from this call
    // and an item's exception is raised when iteration reaches it. Futures not
    // yet consumed are cancelled when the range is destroyed.
    class MapResults;
    MapResults map(std::function<Future::Value(Future::Value)> fn, const std::vector<Future::Value>& inputs,
                   Timeout timeout = std::nullopt);
    // Queued futures are cancelled when cancel_futures; running ones finish.
    void shutdown(bool wait = true, bool cancel_futures = false);

    int max_workers() const { return max_workers_; }
    size_t worker_count() const;
    Queue& work_queue() { return *queue_; }

private:
    struct WorkItem {
        Future* future;
        Task fn;
    };
    void adjust_thread_count();
    void worker();
    void run_item(WorkItem& item);

    int max_workers_;
    std::string prefix_;
    Queue* queue_;               // item ids; -1 is CPython's None sentinel
    Semaphore* idle_;            // released by a worker each time it becomes idle
    class Lock* shutdown_lock_;  // CPython's _shutdown_lock: submit and shutdown exclude each other
    bool interpreter_exiting_ = false;
    AppendOnlyArray<WorkItem> items_;  // by queue item id; appended under shutdown_lock_
    std::vector<Thread*> threads_;
    std::atomic<bool> shutdown_{false};  // set under m_; submit reads it under shutdown_lock_ alone
};

class ThreadPoolExecutor::MapResults {
public:
    class iterator {
    public:
        using value_type = Future::Value;
        using difference_type = std::ptrdiff_t;
        iterator(MapResults* r, size_t i) : r_(r), i_(i) {}
        Future::Value operator*() const { return r_->get(i_); }
        iterator& operator++() { return ++i_, *this; }
        bool operator!=(const iterator& o) const { return i_ != o.i_; }

    private:
        MapResults* r_;
        size_t i_;
    };
    MapResults(std::vector<Future*> fs, std::optional<Nanos> end) : fs_(std::move(fs)), end_(end) {}
    MapResults(MapResults&&) = default;
    ~MapResults();
    iterator begin() { return {this, 0}; }
    iterator end() { return {this, fs_.size()}; }
    size_t size() const { return fs_.size(); }
    const std::vector<Future*>& futures() const { return fs_; }

private:
    Future::Value get(size_t i);
    std::vector<Future*> fs_;
    std::optional<Nanos> end_;
    size_t consumed_ = 0;
};

enum class ReturnWhen { FirstCompleted, FirstException, AllCompleted };

struct DoneAndNotDone {
    std::vector<Future*> done;      // in input order
    std::vector<Future*> not_done;  // in input order
};

// concurrent.futures.wait: never raises; returns when the condition holds or
// the timeout passes.
DoneAndNotDone wait(const std::vector<Future*>& fs, Timeout timeout = std::nullopt,
                    ReturnWhen return_when = ReturnWhen::AllCompleted);

// concurrent.futures.as_completed: already-finished futures first (in input
// order), then each as it finishes. When the timeout passes with futures
// still pending, next() raises TimeoutError("N (of M) futures unfinished").
class AsCompleted {
public:
    AsCompleted(const std::vector<Future*>& fs, Timeout timeout = std::nullopt);
    ~AsCompleted();
    AsCompleted(const AsCompleted&) = delete;
    AsCompleted& operator=(const AsCompleted&) = delete;
    Future* next();  // nullptr when every future has been yielded

    class iterator {
    public:
        explicit iterator(AsCompleted* a) : a_(a), f_(a ? a->next() : nullptr) {}
        Future* operator*() const { return f_; }
        iterator& operator++() { return f_ = a_->next(), *this; }
        bool operator!=(const iterator& o) const { return f_ != o.f_; }

    private:
        AsCompleted* a_;
        Future* f_;
    };
    iterator begin() { return iterator(this); }
    iterator end() { return iterator(nullptr); }

    struct Shared;  // what the completing threads share with next()

private:
    detail::WatchBlock<Shared>* block_;  // its watchers and Shared, reference-counted

    std::vector<Future*> fs_;
    std::vector<bool> installed_;
    std::vector<Future*> ready_;  // to yield, oldest first
    size_t pending_;
    std::optional<Nanos> end_;
    class Event* event_;
};


}  // namespace tl
