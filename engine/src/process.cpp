// Processes and process pools, built from the engine's own threads, queues
// and futures: a process is a thread with its own interpreter (GIL and data).
#include "threadlab/process.hpp"

#include "executor_args.hpp"
#include "scheduler.hpp"
#include "thread_ctl.hpp"
#include "threadlab/executor.hpp"
#include "threadlab/runtime.hpp"

namespace tl {

namespace {
constexpr Queue::Item kStop = -1;

uint32_t parent_pid() {
    detail::ThreadCtl* c = detail::current();
    return c ? c->pid : 0;
}
}  // namespace

uint32_t current_pid() {
    detail::ThreadCtl* c = detail::current();
    if (!c) throw std::logic_error("ThreadLab engine call outside a scenario thread");
    return c->pid;
}

// ---- Process ------------------------------------------------------------

Process::Process(Runtime& rt, std::string name, std::function<void()> target)
    : Thread(rt, name,
             [target = std::move(target), &rt] {
                 // Starting a process costs time (fork, imports) before the target runs.
                 if (rt.config().process_start > 0) cpu(rt.config().process_start);
                 target();
             },
             rt.new_interpreter(name, parent_pid())) {
    pid_ = rt.log().thread(tid()).pid;
}

void Process::terminate() {
    detail::ThreadCtl& me = enter(0, false);
    op(me, Op::Terminate, true, pid_, 0, tid());
    if (is_alive()) {
        for (detail::ThreadCtl* t : rt_.threads_snapshot())
            if (t->tid == tid()) rt_.scheduler().kill(*t);
    }
}

std::optional<int> Process::exitcode() const {
    if (is_alive() || final_state() == ThreadState::New) return std::nullopt;
    switch (final_state()) {
        case ThreadState::Done: return 0;
        case ThreadState::Killed: return -15;
        default: return 1;
    }
}

// ---- AsyncResult --------------------------------------------------------

Future::Value AsyncResult::get(Timeout timeout) {
    try {
        return f_.result(timeout);
    } catch (const TimeoutError&) {
        throw PyError("multiprocessing.TimeoutError", "");
    }
}

void AsyncResult::wait(Timeout timeout) { tl::wait({&f_}, timeout); }

bool AsyncResult::successful() const {
    if (!f_.done()) throw ValueError("AsyncResult is not ready");
    return !f_.cancelled() && f_.exception_text().empty();
}

// ---- ProcessWorkers -----------------------------------------------------

ProcessWorkers::ProcessWorkers(Runtime& rt, const std::string& owner, const std::string& worker_prefix,
                               int processes, bool daemon_workers)
    : rt_(rt) {
    if (processes <= 0) throw ValueError("Number of processes must be at least 1");
    calls_ = &rt.make<Queue>(owner + ".call_queue");
    results_ = &rt.make<Queue>(owner + ".result_queue");
    handler_ = &rt.make<Thread>(owner + ".result_handler", [this] { handle_results(); });
    handler_->set_daemon(true);
    handler_->start();
    for (int i = 0; i < processes; ++i) {
        const std::string name = worker_prefix + "-" + std::to_string(1 + rt.next_index("pool worker process"));
        Process& p = rt.make<Process>(name, [this] { worker_main(); });
        p.set_daemon(daemon_workers);
        workers_.push_back(&p);
        p.start();
    }
}

Future& ProcessWorkers::submit(Fn fn, Future::Value arg) {
    Future& f = rt_.make<Future>();
    Queue::Item id;
    {
        std::lock_guard lk(m_);
        auto task = std::make_unique<Task>();
        task->future = &f;
        task->fn = std::move(fn);
        task->arg = arg;
        tasks_.push_back(std::move(task));
        id = Queue::Item(tasks_.size() - 1);
    }
    calls_->put(id);  // the argument travels as a copy, as pickling would make it
    return f;
}

void ProcessWorkers::worker_main() {
    for (;;) {
        Queue::Item id = calls_->get();
        if (id == kStop) return;
        Task* task;
        {
            std::lock_guard lk(m_);
            task = tasks_.at(size_t(id)).get();
        }
        if (!task->future->set_running_or_notify_cancel()) continue;
        try {
            task->result = task->fn(task->arg);
        } catch (const ThreadKilled&) {
            throw;
        } catch (const PyError& e) {
            task->error = std::current_exception();
            task->error_text = e.formatted();
        } catch (const std::exception& e) {
            task->error = std::current_exception();
            task->error_text = std::string("Exception: ") + e.what();
        }
        results_->put(id);  // the result goes back through a queue, not shared memory
    }
}

void ProcessWorkers::handle_results() {
    for (;;) {
        Queue::Item id = results_->get();
        if (id == kStop) return;
        Task* task;
        {
            std::lock_guard lk(m_);
            task = tasks_.at(size_t(id)).get();
        }
        // Completing the future here runs its callbacks in the parent process.
        if (task->error)
            task->future->set_exception(task->error, task->error_text);
        else
            task->future->set_result(task->result);
    }
}

void ProcessWorkers::cancel_task(Queue::Item id) {
    if (id == kStop) return;
    Future* f;
    {
        std::lock_guard lk(m_);
        f = tasks_.at(size_t(id))->future;
    }
    f->cancel();
}

void ProcessWorkers::stop_workers() {
    for (size_t i = 0; i < workers_.size(); ++i) calls_->put(kStop);
}

void ProcessWorkers::terminate() {
    for (Process* p : workers_) p->terminate();
    for (Process* p : workers_) p->join();
    results_->put(kStop);
}

void ProcessWorkers::join() {
    for (Process* p : workers_) p->join();
    results_->put(kStop);
    handler_->join();
}

// ---- Pool ---------------------------------------------------------------

Pool::Pool(Runtime& rt, int processes, std::string name)
    : Object(rt, ObjKind::Pool, detail::name_or_numbered(rt, name, "Pool"), processes),
      workers_(std::make_unique<ProcessWorkers>(rt, this->name(), "ForkPoolWorker", processes, true)) {
    // The log says which pool each worker belongs to: a name cannot, as the
    // workers of every pool are ForkPoolWorker-N (and ForkProcess-N).
    detail::ThreadCtl& me = enter(0, false);
    for (const Process* p : workers_->workers()) op(me, Op::Spawn, true, p->pid(), 0, p->tid());
}

void Pool::check_running(detail::ThreadCtl& me, Op during) {
    std::lock_guard lk(m_);
    if (state_ != State::Run) raise(me, during, ValueError("Pool not running"));
}

AsyncResult Pool::apply_async(ProcessWorkers::Fn fn, Future::Value arg, std::function<void(Future::Value)> callback,
                              std::function<void(const std::string&)> error_callback) {
    detail::ThreadCtl& me = enter();
    check_running(me, Op::Submit);
    Future& f = workers_->submit(std::move(fn), arg);
    op(me, Op::Submit, true, arg, f.id());
    if (callback || error_callback)
        f.add_done_callback([callback, error_callback](Future& done) {
            std::string err = done.exception_text();
            if (!err.empty()) {
                if (error_callback) error_callback(err);
            } else if (callback) {
                callback(done.result());
            }
        });
    return AsyncResult(f);
}

Future::Value Pool::apply(ProcessWorkers::Fn fn, Future::Value arg) { return apply_async(std::move(fn), arg).get(); }

std::vector<Future::Value> Pool::map(ProcessWorkers::Fn fn, const std::vector<Future::Value>& inputs) {
    std::vector<AsyncResult> pending;
    for (Future::Value x : inputs) pending.push_back(apply_async(fn, x));
    std::vector<Future::Value> out;
    for (AsyncResult& r : pending) out.push_back(r.get());
    return out;
}

void Pool::close() {
    detail::ThreadCtl& me = enter(0, false);
    {
        std::lock_guard lk(m_);
        if (state_ != State::Run) return;
        state_ = State::Close;
    }
    op(me, Op::Close, true);
    workers_->stop_workers();
}

void Pool::terminate() {
    detail::ThreadCtl& me = enter();
    {
        std::lock_guard lk(m_);
        state_ = State::Terminate;
    }
    op(me, Op::Terminate, true);
    workers_->terminate();
}

void Pool::join() {
    detail::ThreadCtl& me = enter();
    {
        std::lock_guard lk(m_);
        if (state_ == State::Run) raise(me, Op::Join, ValueError("Pool is still running"));
    }
    workers_->join();
    op(me, Op::Join, true);
}

// ---- ProcessPoolExecutor ------------------------------------------------

ProcessPoolExecutor::ProcessPoolExecutor(Runtime& rt, int max_workers, std::string name)
    : Object(rt, ObjKind::Pool, detail::name_or_numbered(rt, name, "ProcessPoolExecutor"),
             detail::checked_max_workers(max_workers)),
      workers_(std::make_unique<ProcessWorkers>(rt, this->name(), "ForkProcess", max_workers, false)) {
    detail::ThreadCtl& me = enter(0, false);
    for (const Process* p : workers_->workers()) op(me, Op::Spawn, true, p->pid(), 0, p->tid());
    // CPython's atexit hook: queued work finishes, then the workers are joined.
    rt.register_atexit([this] {
        bool already;
        {
            std::lock_guard lk(m_);
            already = shutdown_;
            shutdown_ = true;
        }
        if (!already) {
            workers_->stop_workers();
            workers_->join();
        }
    });
}

Future& ProcessPoolExecutor::submit(ProcessWorkers::Fn fn, Future::Value arg) {
    detail::ThreadCtl& me = enter();
    {
        std::lock_guard lk(m_);
        if (shutdown_) raise(me, Op::Submit, RuntimeError("cannot schedule new futures after shutdown"));
    }
    Future& f = workers_->submit(std::move(fn), arg);
    op(me, Op::Submit, true, arg, f.id());
    return f;
}

std::vector<Future*> ProcessPoolExecutor::map_submit(ProcessWorkers::Fn fn, const std::vector<Future::Value>& inputs) {
    std::vector<Future*> out;
    for (Future::Value x : inputs) out.push_back(&submit(fn, x));
    return out;
}

void ProcessPoolExecutor::shutdown(bool wait, bool cancel_futures) {
    detail::ThreadCtl& me = enter();
    {
        std::lock_guard lk(m_);
        if (shutdown_) return;
        shutdown_ = true;
    }
    op(me, Op::Shutdown, true, wait, cancel_futures);
    if (cancel_futures) {
        // What no worker has taken yet is cancelled; a worker that later
        // takes a cancelled item skips it.
        std::vector<Queue::Item> drained;
        for (;;) {
            try {
                drained.push_back(workers_->call_queue().get_nowait());
            } catch (const QueueEmpty&) {
                break;
            }
        }
        for (Queue::Item id : drained) workers_->cancel_task(id);
    }
    workers_->stop_workers();
    if (wait) workers_->join();
}

}  // namespace tl
