#include "threadlab/executor.hpp"

#include <algorithm>

#include "executor_args.hpp"
#include "scheduler.hpp"
#include "thread_ctl.hpp"
#include "threadlab/event_flag.hpp"
#include "threadlab/lock.hpp"
#include "threadlab/runtime.hpp"

namespace tl {

namespace {
constexpr Queue::Item kNoneSentinel = -1;  // CPython's work_queue.put(None)
}  // namespace

ThreadPoolExecutor::ThreadPoolExecutor(Runtime& rt, int max_workers, std::string thread_name_prefix)
    : Object(rt, ObjKind::Executor, detail::name_or_numbered(rt, thread_name_prefix, "ThreadPoolExecutor"),
             detail::checked_max_workers(max_workers)),
      max_workers_(max_workers), prefix_(name()) {
    queue_ = &rt.make<Queue>(prefix_ + ".work_queue");
    queue_->prefer_awake_getter(true);  // CPython's work queue is a SimpleQueue
    idle_ = &rt.make<Semaphore>(prefix_ + ".idle", 0);
    shutdown_lock_ = &rt.make<Lock>(prefix_ + ".shutdown_lock");
    // CPython's _python_exit: at interpreter exit every worker gets a None
    // after the work already queued, and is joined.
    rt.register_atexit([this] {
        std::vector<Thread*> threads;
        {
            std::lock_guard lk(m_);
            interpreter_exiting_ = true;
            threads = threads_;
        }
        for (size_t i = 0; i < threads.size(); ++i) queue_->put(kNoneSentinel);
        for (Thread* t : threads) t->join();
    });
}

size_t ThreadPoolExecutor::worker_count() const {
    std::lock_guard lk(m_);
    return threads_.size();
}

Future& ThreadPoolExecutor::submit(Task fn) {
    detail::ThreadCtl& me = enter();
    With<Lock> guard(*shutdown_lock_);
    if (shutdown_.load(std::memory_order_acquire))
        raise(me, Op::Submit, RuntimeError("cannot schedule new futures after shutdown"));
    Future& f = rt_.make<Future>();
    const auto id = Queue::Item(items_.push_back(WorkItem{&f, std::move(fn)}));  // under shutdown_lock_
    op(me, Op::Submit, true, id, f.id());
    queue_->put(id);
    adjust_thread_count();
    return f;
}

void ThreadPoolExecutor::adjust_thread_count() {
    // An idle worker will take the item: no new thread.
    if (idle_->acquire(true, 0.0)) return;
    std::unique_lock lk(m_);
    if (int(threads_.size()) >= max_workers_) return;
    std::string name = prefix_ + "_" + std::to_string(threads_.size());
    lk.unlock();
    Thread& t = rt_.make<Thread>(name, [this] { worker(); });
    lk.lock();
    threads_.push_back(&t);
    lk.unlock();
    t.start();
}

void ThreadPoolExecutor::worker() {
    for (;;) {
        Queue::Item id = queue_->get();
        if (id != kNoneSentinel) {
            run_item(items_[size_t(id)]);  // the queue ordered its append before this
            idle_->release();
            continue;
        }
        bool stop;
        {
            std::lock_guard lk(m_);
            stop = interpreter_exiting_ || shutdown_;
            if (stop) shutdown_ = true;
        }
        if (stop) {
            queue_->put(kNoneSentinel);  // pass the None on to the next worker
            return;
        }
    }
}

void ThreadPoolExecutor::run_item(WorkItem& item) {
    Future& f = *item.future;
    if (!f.set_running_or_notify_cancel()) return;
    Future::Value v;
    try {
        v = item.fn();
    } catch (const ThreadKilled&) {
        throw;
    } catch (const PyError& e) {
        f.set_exception(std::current_exception(), e.formatted());
        return;
    } catch (const std::exception& e) {
        f.set_exception(std::current_exception(), std::string("Exception: ") + e.what());
        return;
    }
    f.set_result(v);
}

void ThreadPoolExecutor::shutdown(bool wait, bool cancel_futures) {
    detail::ThreadCtl& me = enter();
    std::vector<Thread*> threads;
    {
        With<Lock> guard(*shutdown_lock_);
        {
            std::lock_guard lk(m_);
            shutdown_ = true;
        }
        op(me, Op::Shutdown, true, wait, cancel_futures);
        if (cancel_futures) {
            // Drain the queue: what no worker has taken is cancelled.
            for (;;) {
                Queue::Item id;
                try {
                    id = queue_->get_nowait();
                } catch (const QueueEmpty&) {
                    break;
                }
                if (id == kNoneSentinel) continue;
                items_[size_t(id)].future->cancel();
            }
        }
        queue_->put(kNoneSentinel);
        std::lock_guard lk(m_);
        threads = threads_;
    }
    if (wait)
        for (Thread* t : threads) t->join();
}

ThreadPoolExecutor::MapResults ThreadPoolExecutor::map(std::function<Future::Value(Future::Value)> fn,
                                                       const std::vector<Future::Value>& inputs, Timeout timeout) {
    std::optional<Nanos> end;
    if (timeout) end = rt_.scheduler().now() + timeout_nanos(*timeout);
    std::vector<Future*> fs;
    for (Future::Value x : inputs) fs.push_back(&submit([fn, x] { return fn(x); }));
    return MapResults(std::move(fs), end);
}

Future::Value ThreadPoolExecutor::MapResults::get(size_t i) {
    consumed_ = std::max(consumed_, i + 1);
    Future& f = *fs_.at(i);
    if (!end_) return f.result();
    Nanos left = *end_ - current_runtime().scheduler().now();
    return f.result(double(left) / 1e9);
}

ThreadPoolExecutor::MapResults::~MapResults() {
    // CPython's generator `finally`: futures not reached are cancelled.
    for (size_t i = consumed_; i < fs_.size(); ++i) fs_[i]->cancel();
}

// ---- wait and as_completed ------------------------------------------------

// One block per wait() or as_completed() call holds a watcher for each
// future: a single allocation however many futures there are. The block is
// reference-counted because a completing thread may still be notifying a
// watcher after the waiter has returned (see Future::Watcher).
template <class Shared>
struct detail::WatchBlock {
    struct Node final : Future::Watcher {
        WatchBlock* block = nullptr;
        void on_done(Future& f) override { block->shared.on_done(f); }
        void retain() override { block->refs.fetch_add(1, std::memory_order_relaxed); }
        void release() override { block->unref(); }
    };
    explicit WatchBlock(size_t n) : nodes(n) {
        for (Node& node : nodes) node.block = this;
    }
    void unref() {
        if (refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
    }
    std::atomic<int> refs{1};  // the waiter's own reference
    Shared shared;
    std::vector<Node> nodes;   // nodes[i] watches the i-th future
};

namespace {
// CPython's _create_and_install_waiters: the state one wait() call shares
// with the threads that complete its futures.
struct WaitShared {
    std::mutex m;
    size_t pending = 0;          // futures not yet done
    size_t total = 0;
    bool exception_seen = false;
    ReturnWhen when = ReturnWhen::AllCompleted;
    Event* event = nullptr;

    // Whether the waiter may return yet (called under m).
    bool satisfied() const {
        if (pending == 0) return true;
        if (when == ReturnWhen::FirstCompleted) return pending < total;
        if (when == ReturnWhen::FirstException) return exception_seen;
        return false;
    }
    void count_done(const Future& f) {  // under m
        --pending;
        exception_seen |= f.raised();
    }
    void on_done(Future& f) {
        bool fire;
        {
            std::lock_guard lk(m);
            count_done(f);
            fire = satisfied();
        }
        if (fire) event->set();
    }
};
}  // namespace

DoneAndNotDone wait(const std::vector<Future*>& fs, Timeout timeout, ReturnWhen return_when) {
    Runtime& rt = current_runtime();
    auto* block = new detail::WatchBlock<WaitShared>(fs.size());
    WaitShared& shared = block->shared;
    shared.pending = shared.total = fs.size();
    shared.when = return_when;
    shared.event = &rt.make<Event>("futures.wait");
    // Futures already done are counted here, all at once; the watchers of
    // the others may fire meanwhile and count themselves.
    std::vector<bool> installed(fs.size(), false);
    size_t done_here = 0;
    bool raised_here = false;
    for (size_t i = 0; i < fs.size(); ++i) {
        const Future::WatchStart start = fs[i]->add_watcher(block->nodes[i]);
        installed[i] = start == Future::WatchStart::Installed;
        done_here += installed[i] ? 0 : 1;
        raised_here |= start == Future::WatchStart::DoneRaised;
    }
    // Decided on the shared state, which counts both the futures found done
    // here and those whose watchers fired while we were still installing.
    bool satisfied;
    {
        std::lock_guard lk(shared.m);
        shared.pending -= done_here;
        shared.exception_seen |= raised_here;
        satisfied = shared.satisfied();
    }
    if (!satisfied) shared.event->wait(timeout);
    // CPython reads every future's state once the wait is over; one found
    // done at the start is done for good.
    DoneAndNotDone out;
    for (size_t i = 0; i < fs.size(); ++i) {
        const bool done = !installed[i] || fs[i]->remove_watcher(block->nodes[i]);
        (done ? out.done : out.not_done).push_back(fs[i]);
    }
    block->unref();
    return out;
}

struct AsCompleted::Shared {
    std::mutex m;
    std::vector<Future*> finished;
    Event* event = nullptr;
    void on_done(Future& done) {
        {
            std::lock_guard lk(m);
            finished.push_back(&done);
        }
        event->set();
    }
};

AsCompleted::AsCompleted(const std::vector<Future*>& fs, Timeout timeout) : fs_(fs), pending_(fs.size()) {
    Runtime& rt = current_runtime();
    if (timeout) end_ = rt.scheduler().now() + timeout_nanos(*timeout);
    event_ = &rt.make<Event>("as_completed");
    block_ = new detail::WatchBlock<Shared>(fs_.size());
    block_->shared.event = event_;
    for (size_t i = 0; i < fs_.size(); ++i) {
        installed_.push_back(fs_[i]->add_watcher(block_->nodes[i]) == Future::WatchStart::Installed);
        if (!installed_.back()) {
            ready_.push_back(fs_[i]);  // already finished: yielded first, in input order
            --pending_;
        }
    }
}

AsCompleted::~AsCompleted() {
    for (size_t i = 0; i < fs_.size(); ++i)
        if (installed_[i]) fs_[i]->remove_watcher(block_->nodes[i]);
    block_->unref();
}

Future* AsCompleted::next() {
    Shared& shared = block_->shared;
    auto take_finished = [&] {
        std::lock_guard lk(shared.m);
        for (Future* f : shared.finished) {
            ready_.push_back(f);
            --pending_;
        }
        shared.finished.clear();
    };
    for (;;) {
        if (!ready_.empty()) {
            Future* f = ready_.front();
            ready_.erase(ready_.begin());
            return f;
        }
        if (pending_ == 0) return nullptr;
        // Clear first, then look: a future finishing after the look sets the
        // event again, so the wait below cannot miss it. (No engine call is
        // made while holding the std::mutex.)
        event_->clear();
        take_finished();
        if (!ready_.empty()) continue;
        Timeout left;
        if (end_) {
            Nanos remaining = *end_ - current_runtime().scheduler().now();
            if (remaining <= 0)
                throw TimeoutError(std::to_string(pending_) + " (of " + std::to_string(fs_.size()) +
                                   ") futures unfinished");
            left = double(remaining) / 1e9;
        }
        event_->wait(left);
        take_finished();
    }
}

}  // namespace tl
