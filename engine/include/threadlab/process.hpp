// Processes, as the multiprocessing notes describe them: a process is a
// thread of control with its own interpreter, so its own GIL, and its own
// copy of the program's data (copied from the parent when it starts, as
// fork() does). Its changes reach the parent only as results, through
// queues, or through callbacks that run in the parent.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "threadlab/future.hpp"
#include "threadlab/queue.hpp"
#include "threadlab/runtime.hpp"
#include "threadlab/thread.hpp"

namespace tl {

// multiprocessing.Process(target, name). Runs `target` as the main thread
// of a new process. join/is_alive/daemon as for threads.
class Process : public Thread {
public:
    Process(Runtime& rt, std::string name, std::function<void()> target);
    // Stops the process at its next engine call (SIGTERM); exitcode -15.
    void terminate();
    // None (nullopt) while running; 0 when it returned; 1 when it raised; -15 when terminated.
    std::optional<int> exitcode() const;
    uint32_t pid() const { return pid_; }

private:
    uint32_t pid_;
};

// The interpreter (process number) of the calling thread: 0 is the main process.
uint32_t current_pid();

// Module-level data: each process has its own copy. A process starts with a
// copy of its parent's value at the moment it is started.
class GlobalBase {
public:
    virtual ~GlobalBase() = default;
    virtual void fork(uint32_t parent_pid, uint32_t child_pid) = 0;
};

template <class T>
class Global : public GlobalBase {
public:
    Global(std::string name, T initial) : name_(std::move(name)) { copies_[0] = std::move(initial); }
    // The calling process's copy. Threads of one process share it (guard it
    // with a Lock as you would in Python).
    T& get() {
        std::lock_guard lk(m_);
        return copies_[current_pid()];
    }
    // The copy of process `pid` (for checks and the GUI).
    T value_in(uint32_t pid) const {
        std::lock_guard lk(m_);
        auto it = copies_.find(pid);
        return it == copies_.end() ? T{} : it->second;
    }
    const std::string& name() const { return name_; }
    void fork(uint32_t parent_pid, uint32_t child_pid) override {
        std::lock_guard lk(m_);
        copies_[child_pid] = copies_[parent_pid];
    }

private:
    std::string name_;
    mutable std::mutex m_;
    std::map<uint32_t, T> copies_;
};

// Creates module-level data owned by the current run.
template <class T>
Global<T>& global(std::string name, T initial) {
    auto g = std::make_unique<Global<T>>(std::move(name), std::move(initial));
    Global<T>& ref = *g;
    current_runtime().adopt_global(std::move(g));
    return ref;
}

// multiprocessing.pool.AsyncResult
class AsyncResult {
public:
    explicit AsyncResult(Future& f) : f_(f) {}
    Future::Value get(Timeout timeout = std::nullopt);  // multiprocessing.TimeoutError, or the task's exception
    void wait(Timeout timeout = std::nullopt);
    bool ready() const { return f_.done(); }
    bool successful() const;  // ValueError("... not ready") before ready()
    Future& future() { return f_; }

private:
    Future& f_;
};

// The machinery both pools share: worker processes that take task ids from
// a call queue, run them on their own copy of the data, and send results
// back through a result queue to a handler thread in the parent, which
// completes the futures, so callbacks run in the parent process.
//
// Names: the queues and the handler are OWNER.call_queue, OWNER.result_queue
// and OWNER.result_handler (OWNER: the pool's name); the workers are named
// as CPython names them, WORKER_PREFIX-N, with N counted across the run
// (a second pool's workers go on from where the first's stopped).
class ProcessWorkers {
public:
    using Fn = std::function<Future::Value(Future::Value)>;
    ProcessWorkers(Runtime& rt, const std::string& owner, const std::string& worker_prefix, int processes,
                   bool daemon_workers);
    Future& submit(Fn fn, Future::Value arg);
    void stop_workers();    // one sentinel per worker, after the queued work
    void terminate();       // kill the workers now; their futures stay unfinished, as CPython's AsyncResults do
    void join();            // the workers and the result handler
    void cancel_task(Queue::Item id);  // cancels the future of a task no worker took
    int processes() const { return int(workers_.size()); }
    const std::vector<Process*>& workers() const { return workers_; }
    Queue& call_queue() { return *calls_; }
    Queue& result_queue() { return *results_; }

private:
    struct Task {
        Future* future;
        Fn fn;
        Future::Value arg;
        Future::Value result = 0;
        std::exception_ptr error;
        std::string error_text;
    };
    void worker_main();
    void handle_results();
    Runtime& rt_;
    Queue* calls_;
    Queue* results_;
    std::vector<Process*> workers_;
    Thread* handler_;
    std::mutex m_;
    std::vector<std::unique_ptr<Task>> tasks_;
};

// multiprocessing.Pool(processes)
class Pool : public Object {
public:
    // Named "Pool-0", "Pool-1"... in creation order when no name is given.
    Pool(Runtime& rt, int processes, std::string name = "");
    // Blocks until the result is back (apply_async(...).get()).
    Future::Value apply(ProcessWorkers::Fn fn, Future::Value arg);
    // callback(result) / error_callback(text) run in the parent's result handler thread.
    AsyncResult apply_async(ProcessWorkers::Fn fn, Future::Value arg,
                            std::function<void(Future::Value)> callback = nullptr,
                            std::function<void(const std::string&)> error_callback = nullptr);
    std::vector<Future::Value> map(ProcessWorkers::Fn fn, const std::vector<Future::Value>& inputs);
    void close();      // no more tasks; workers end when the queue is done
    void terminate();  // stop the workers at once
    void join();       // ValueError("Pool is still running") before close() or terminate()

private:
    void check_running(detail::ThreadCtl& me, Op op);
    enum class State { Run, Close, Terminate } state_ = State::Run;
    std::unique_ptr<ProcessWorkers> workers_;
};

// concurrent.futures.ProcessPoolExecutor(max_workers): submit/map/shutdown
// as ThreadPoolExecutor, with processes.
class ProcessPoolExecutor : public Object {
public:
    ProcessPoolExecutor(Runtime& rt, int max_workers, std::string name = "");
    Future& submit(ProcessWorkers::Fn fn, Future::Value arg);
    std::vector<Future*> map_submit(ProcessWorkers::Fn fn, const std::vector<Future::Value>& inputs);
    void shutdown(bool wait = true, bool cancel_futures = false);

private:
    bool shutdown_ = false;
    std::unique_ptr<ProcessWorkers> workers_;
};

}  // namespace tl
