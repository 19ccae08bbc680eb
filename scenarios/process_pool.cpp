// Process pools in both vocabularies of the notes: multiprocessing.Pool
// (apply, apply_async with a callback, close/terminate, join) and
// concurrent.futures.ProcessPoolExecutor (submit, add_done_callback, shutdown).
// Each worker process appends to its own copy of a module-level list; the
// parent's list grows only through the callbacks, which run in the parent.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "scenario.hpp"
#include "threadlab/process.hpp"
#include "threadlab/reduce.hpp"
#include "threadlab/threading.hpp"

namespace tl {

namespace {

const char* const kPython = R"PY(import multiprocessing
import threading
import time
from concurrent.futures import ProcessPoolExecutor

PROCESSES, TASKS = 2, 4
STEPS = 2_000_000                   # countdown steps per task: about 0.1 s of CPU
TERMINATE_EARLY = False

results = []                        # module data: every process has its own copy

def work(n):
    results.append(n)               # goes into this worker's copy only
    steps = STEPS
    while steps > 0:                # CPU-bound: each process has its own GIL
        steps -= 1
    print(multiprocessing.current_process().name, "has", len(results), "items")
    return n * n

def collect(square):                # a callback: runs in the parent process
    results.append(square)

if __name__ == "__main__":
    pool = multiprocessing.Pool(PROCESSES)
    start = time.monotonic()
    for n in range(TASKS):
        pool.apply(work, (n,))      # blocks until this result is back
    print(f"apply: {time.monotonic() - start:.2f} s")
    start = time.monotonic()
    for n in range(TASKS):
        pool.apply_async(work, (n,), callback=collect)   # returns at once
    if TERMINATE_EARLY:
        time.sleep(0.05)            # halfway through the first tasks
        pool.terminate()            # stops the workers, even mid-task
    else:
        pool.close()                # no new tasks; the workers finish the queue
    pool.join()                     # waits until the worker processes have exited
    print(f"apply_async: {time.monotonic() - start:.2f} s")
    with ProcessPoolExecutor(PROCESSES) as executor:
        for n in range(TASKS):
            executor.submit(work, n).add_done_callback(lambda f: collect(f.result()))
    print(threading.current_thread().name, "has", len(results), "items")
)PY";

namespace line {
constexpr int countdown = 16;
constexpr int report_copy = 17;
constexpr int collect = 21;
constexpr int make_pool = 24;
constexpr int apply = 27;
constexpr int report_apply = 28;
constexpr int apply_async = 31;
constexpr int let_tasks_start = 33;
constexpr int terminate = 34;
constexpr int close = 36;
constexpr int join = 37;
constexpr int report_async = 38;
constexpr int with_executor = 39;
constexpr int submit = 41;
constexpr int report_main = 42;
}  // namespace line

const std::string kHas = " has ";
const std::string kPoolWorker = "ForkPoolWorker-";  // CPython's names for Pool workers

using Results = Global<std::vector<int64_t>>;

// CPU-bound work in 1 ms slices (the GIL of the worker's own process is held
// throughout), so the timeline and the code pane follow the loop.
void countdown(double seconds) {
    constexpr double kSlice = 0.001;
    const auto slices = static_cast<int64_t>(seconds / kSlice + 1e-9);
    for (int64_t i = 0; i < slices; ++i) cpu(kSlice);
    const double rest = seconds - static_cast<double>(slices) * kSlice;
    if (rest > 1e-9) cpu(rest);
}

std::string items_text(const std::string& who, size_t items) {
    return who + kHas + std::to_string(items) + " items";
}

// work(n) as a worker process of the pool made on `pool_line` runs it.
ProcessWorkers::Fn make_work(Results& results, double work_s, int pool_line) {
    return [copies = &results, work_s, pool_line](Future::Value n) {
        copies->get().push_back(n);  // this process's copy
        at(line::countdown);
        countdown(work_s);
        at(line::report_copy);
        print(items_text(current_thread_name(), copies->get().size()));
        // Sending the result back and taking the next task is the pool's machinery.
        at(pool_line);
        return n * n;
    };
}

std::string seconds_text(const char* label, double seconds) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s: %.2f s", label, seconds);
    return buf;
}

void program(const Params& p) {
    const int processes = static_cast<int>(p.integer("processes"));
    const int64_t tasks = p.integer("tasks");
    const double work_s = p.real("work_ms") / 1000.0;
    Results& results = global<std::vector<int64_t>>("results", {});
    // collect(square): the pool's result handler thread, in the parent, runs it.
    auto collect = [copies = &results](int pool_line) {
        return [copies, pool_line](Future::Value square) {
            at(line::collect);
            copies->get().push_back(square);
            at(pool_line);
        };
    };

    at(line::make_pool);
    Pool& pool = make<Pool>(processes);
    const ProcessWorkers::Fn pool_work = make_work(results, work_s, line::make_pool);
    double start = monotonic();
    for (int64_t n = 0; n < tasks; ++n) {
        at(line::apply);
        pool.apply(pool_work, n);
    }
    at(line::report_apply);
    print(seconds_text("apply", monotonic() - start));

    start = monotonic();
    for (int64_t n = 0; n < tasks; ++n) {
        at(line::apply_async);
        pool.apply_async(pool_work, n, collect(line::make_pool));
    }
    if (p.flag("terminate_early")) {
        at(line::let_tasks_start);
        sleep(work_s / 2);
        at(line::terminate);
        pool.terminate();
    } else {
        at(line::close);
        pool.close();
    }
    at(line::join);
    pool.join();
    at(line::report_async);
    print(seconds_text("apply_async", monotonic() - start));

    at(line::with_executor);
    ProcessPoolExecutor& executor = make<ProcessPoolExecutor>(processes);
    const ProcessWorkers::Fn executor_work = make_work(results, work_s, line::with_executor);
    const auto executor_collect = collect(line::with_executor);
    for (int64_t n = 0; n < tasks; ++n) {
        at(line::submit);
        executor.submit(executor_work, n).add_done_callback([executor_collect](Future& f) {
            at(line::submit);
            executor_collect(f.result());
        });
    }
    at(line::with_executor);
    executor.shutdown();  // the end of the with block
    at(line::report_main);
    print(items_text(current_thread_name(), results.get().size()));
}

// ---- what the log says ------------------------------------------------------

struct TaskTrace {
    int submit_line = 0;
    uint32_t worker = kNone;       // the thread (worker process) that ran it
    size_t running_at = SIZE_MAX;
    size_t worked_until = SIZE_MAX;  // the worker sent the result back (or ended)
    size_t submitted_at = SIZE_MAX;
    Nanos submitted_t = -1;
    Nanos result_t = -1;           // latest result() / get() on it
};

struct CopyReport {
    uint32_t tid;
    size_t index;
    int64_t items;
};

struct PoolTrace {
    std::map<uint32_t, TaskTrace> tasks;       // by future id
    std::vector<CopyReport> child_reports;     // "ForkPoolWorker-1 has 3 items" by worker processes
    std::vector<size_t> parent_callbacks;      // indexes of callbacks that ran in the parent
    size_t child_callbacks = 0;                // callbacks that ran in a worker process (must be none)
    int64_t main_items = -1;                   // MainThread's last report
    size_t main_report_at = SIZE_MAX;
    size_t pool_join_at = SIZE_MAX;            // MainThread's Pool.join() returned
    Nanos pool_join_t = -1;
    std::map<uint32_t, size_t> created_at;     // tid -> index of its ThreadNew
};

int64_t items_in(const std::string& text) {
    const size_t at_has = text.find(kHas);
    return at_has == std::string::npos ? -1 : std::atoll(text.c_str() + at_has + kHas.size());
}

PoolTrace trace_pool(const EventLog& log) {
    PoolTrace tr;
    std::map<uint32_t, uint32_t> working_on;  // worker thread -> the future it is running
    auto stop_working = [&tr, &working_on](uint32_t worker, size_t index) {
        auto w = working_on.find(worker);
        if (w == working_on.end()) return;
        tr.tasks[w->second].worked_until = index;
        working_on.erase(w);
    };
    const size_t n = log.size();
    for (size_t i = 0; i < n; ++i) {
        const LogEvent& e = log[i];
        const bool in_parent = e.thread < log.thread_count() && log.thread(e.thread).pid == 0;
        // A worker is busy with a task from taking it (Running) until it puts
        // the result on the result queue, or dies.
        if (e.kind == EvKind::State && is_final(static_cast<ThreadState>(e.code))) stop_working(e.thread, i);
        if (e.kind == EvKind::ThreadNew) tr.created_at[e.thread] = i;
        if (e.kind == EvKind::Print) {
            const std::string text = log.str(static_cast<uint32_t>(e.value));
            if (e.thread == 0) {
                if (items_in(text) >= 0) {
                    tr.main_items = items_in(text);
                    tr.main_report_at = i;
                }
            } else if (!in_parent && items_in(text) >= 0) {
                tr.child_reports.push_back({e.thread, i, items_in(text)});
            }
            continue;
        }
        if (e.kind != EvKind::OpDone || e.object == kNone) continue;
        const ObjKind kind = log.object(e.object).kind;
        const Op op = static_cast<Op>(e.code);
        if (kind == ObjKind::Queue && op == Op::Put && !in_parent) stop_working(e.thread, i);
        if (kind == ObjKind::Pool) {
            if (op == Op::Submit && e.ok) {
                TaskTrace& t = tr.tasks[static_cast<uint32_t>(e.aux)];
                t.submit_line = e.line;
                t.submitted_at = i;
                t.submitted_t = e.t;
            } else if (op == Op::Join && e.ok && e.thread == 0 && tr.pool_join_at == SIZE_MAX) {
                tr.pool_join_at = i;
                tr.pool_join_t = e.t;
            }
            continue;
        }
        if (kind != ObjKind::Future) continue;
        TaskTrace& t = tr.tasks[e.object];
        if (op == Op::Running && e.ok) {
            t.running_at = i;
            t.worker = e.thread;
            working_on[e.thread] = e.object;
        } else if (op == Op::Result) {
            t.result_t = std::max(t.result_t, e.t);
        } else if (op == Op::Callback && e.ok) {
            if (in_parent)
                tr.parent_callbacks.push_back(i);
            else
                ++tr.child_callbacks;
        }
    }
    return tr;
}

std::vector<const TaskTrace*> submitted_at_line(const PoolTrace& tr, int submit_line) {
    std::vector<const TaskTrace*> out;
    for (const auto& [id, t] : tr.tasks)
        if (t.submit_line == submit_line) out.push_back(&t);
    return out;
}

int max_running(const EventLog& log, const std::vector<const TaskTrace*>& ts) {
    std::map<size_t, int> delta;
    for (const TaskTrace* t : ts) {
        if (t->running_at == SIZE_MAX) continue;
        ++delta[t->running_at];
        --delta[t->worked_until == SIZE_MAX ? log.size() : t->worked_until];
    }
    int running = 0, most = 0;
    for (const auto& [index, d] : delta) most = std::max(most, running += d);
    return most;
}

int count_ran(const std::vector<const TaskTrace*>& ts) {
    int ran = 0;
    for (const TaskTrace* t : ts) ran += t->running_at != SIZE_MAX;
    return ran;
}

CheckResult check_apply(const EventLog& log, const PoolTrace& tr, int64_t tasks) {
    CheckResult r{"apply() blocked until each result was back: one task at a time", false, ""};
    const auto ts = submitted_at_line(tr, line::apply);
    const int most = max_running(log, ts);
    r.passed = static_cast<int64_t>(ts.size()) == tasks && count_ran(ts) == tasks && most == 1;
    r.detail = std::to_string(count_ran(ts)) + " of " + std::to_string(tasks) + " tasks ran, at most " +
               std::to_string(most) + " at once";
    return r;
}

// apply_async() returns at once: every task is queued before the first one
// is done, and the workers run them side by side. terminate() may strike
// before a second worker has taken a task, so then only the queueing counts.
CheckResult check_apply_async(const EventLog& log, const PoolTrace& tr, int64_t tasks, int64_t processes,
                              bool terminate_early) {
    CheckResult r{"apply_async() queued every task at once, and the workers ran them side by side", false, ""};
    const auto ts = submitted_at_line(tr, line::apply_async);
    const int most = max_running(log, ts);
    size_t last_submit = 0, first_done = SIZE_MAX;
    for (const TaskTrace* t : ts) {
        last_submit = std::max(last_submit, t->submitted_at);
        first_done = std::min(first_done, t->worked_until);
    }
    const bool queued_at_once = last_submit < first_done;
    const bool side_by_side = terminate_early || std::min(tasks, processes) < 2 || most >= 2;
    r.passed = static_cast<int64_t>(ts.size()) == tasks && queued_at_once && most <= processes && side_by_side;
    r.detail = std::to_string(ts.size()) + " tasks submitted" +
               (queued_at_once ? " before the first was done" : ", some only after the first was done") +
               ", at most " + std::to_string(most) + " running at once in " + std::to_string(processes) +
               " processes";
    return r;
}

// A worker's list is the parent's list as it was when the worker was made
// (one item per callback that had run in the parent by then), plus one item
// per task the worker has started itself.
CheckResult check_child_copies(const PoolTrace& tr) {
    CheckResult r{"each worker process changed only its own copy of the list", false, ""};
    int wrong = 0;
    std::string example;
    for (const CopyReport& c : tr.child_reports) {
        auto made = tr.created_at.find(c.tid);
        const size_t made_at = made == tr.created_at.end() ? 0 : made->second;
        int64_t inherited = 0;
        for (size_t cb : tr.parent_callbacks) inherited += cb < made_at;
        int64_t own = 0;
        for (const auto& [id, t] : tr.tasks) own += t.worker == c.tid && t.running_at < c.index;
        if (c.items != inherited + own) {
            ++wrong;
            if (example.empty())
                example = "; a worker reported " + std::to_string(c.items) + " items, expected " +
                          std::to_string(inherited) + " inherited + " + std::to_string(own) + " own";
        }
    }
    r.passed = !tr.child_reports.empty() && wrong == 0;
    r.detail = std::to_string(tr.child_reports.size()) + " reports from worker processes, " +
               std::to_string(wrong) + " did not match their own copy" + example;
    return r;
}

CheckResult check_parent_list(const PoolTrace& tr) {
    CheckResult r{"the parent's list grew only through callbacks, which ran in the parent", false, ""};
    int64_t callbacks_before = 0;
    for (size_t cb : tr.parent_callbacks) callbacks_before += cb < tr.main_report_at;
    r.passed = tr.main_items >= 0 && tr.main_items == callbacks_before && tr.child_callbacks == 0;
    r.detail = "MainThread's list has " + std::to_string(tr.main_items) + " items after " +
               std::to_string(callbacks_before) + " callbacks in the parent; " +
               std::to_string(tr.child_callbacks) + " callbacks ran in a worker process";
    return r;
}

CheckResult check_pool_end(const EventLog& log, const PoolTrace& tr, bool terminate_early) {
    CheckResult r{terminate_early ? "terminate() then join() stopped every Pool worker, even mid-task"
                                  : "close() then join() let every Pool worker finish its queue and exit",
                  false, ""};
    const World w = world_at(log);
    int workers = 0, as_expected = 0, ended_before_join = 0;
    const ThreadState expected = terminate_early ? ThreadState::Killed : ThreadState::Done;
    for (const ThreadView& t : w.threads) {
        if (log.thread(t.tid).name.rfind(kPoolWorker, 0) != 0) continue;
        ++workers;
        as_expected += t.state == expected;
    }
    // Each worker's end comes before MainThread's join() returns.
    for (size_t i = 0; i < log.size() && i < tr.pool_join_at; ++i) {
        const LogEvent& e = log[i];
        if (e.kind == EvKind::State && is_final(static_cast<ThreadState>(e.code)) &&
            log.thread(e.thread).name.rfind(kPoolWorker, 0) == 0)
            ++ended_before_join;
    }
    r.passed = workers > 0 && as_expected == workers && ended_before_join == workers && tr.pool_join_at != SIZE_MAX;
    r.detail = std::to_string(workers) + " Pool workers: " + std::to_string(as_expected) + " " +
               std::string(to_string(expected)) + ", " + std::to_string(ended_before_join) +
               " ended before join() returned";
    return r;
}

std::vector<CheckResult> checks(const EventLog& log, const Params& p) {
    const PoolTrace tr = trace_pool(log);
    const int64_t tasks = p.integer("tasks");
    return {check_apply(log, tr, tasks), check_apply_async(log, tr, tasks, p.integer("processes"), p.flag("terminate_early")),
            check_child_copies(tr), check_parent_list(tr), check_pool_end(log, tr, p.flag("terminate_early"))};
}

std::map<std::string, double> metrics(const EventLog& log, const Params&) {
    const PoolTrace tr = trace_pool(log);
    Nanos apply_from = -1, apply_to = -1, async_from = -1;
    for (const auto& [id, t] : tr.tasks) {
        if (t.submit_line == line::apply) {
            if (apply_from < 0 || t.submitted_t < apply_from) apply_from = t.submitted_t;
            apply_to = std::max(apply_to, t.result_t);
        } else if (t.submit_line == line::apply_async) {
            if (async_from < 0 || t.submitted_t < async_from) async_from = t.submitted_t;
        }
    }
    const double apply_s = apply_from < 0 || apply_to < apply_from ? 0 : static_cast<double>(apply_to - apply_from) / 1e9;
    const double async_s =
        async_from < 0 || tr.pool_join_t < async_from ? 0 : static_cast<double>(tr.pool_join_t - async_from) / 1e9;
    return {{"apply_s", apply_s},
            {"max_parallel", static_cast<double>(max_running(log, submitted_at_line(tr, line::apply_async)))},
            {"apply_async_s", async_s},
            {"speedup", async_s > 0 ? apply_s / async_s : 0.0},
            {"parent_items", static_cast<double>(tr.main_items)},
            {"parent_callbacks", static_cast<double>(tr.parent_callbacks.size())}};
}


void configure(RunConfig& cfg, const Params& p) { cfg.cores = static_cast<int>(p.integer("cores")); }

}  // namespace

Scenario process_pool_scenario() {
    Scenario s;
    s.id = "process-pool";
    s.title = {"Process pools: Pool and ProcessPoolExecutor", "进程池：Pool 与 ProcessPoolExecutor"};
    s.summary = {
        "CPU-bound tasks run in worker processes, each with its own GIL and its own copy of the data: apply() "
        "runs them one at a time, apply_async() side by side. A worker's changes stay in its copy; the parent's "
        "list grows only through callbacks. close() or terminate(), then join().",
        "CPU 密集的任务交给工作进程执行，每个进程有自己的 GIL 和自己的一份数据：apply() 一次只跑一个任务，"
        "apply_async() 可以并行。工作进程对数据的修改只留在它自己的副本里，父进程的列表只能通过回调增长。"
        "最后先 close() 或 terminate()，再 join()。"};
    s.params = {
        param("processes", ParamType::Int, 2, 1, 8, {"worker processes in each pool", "每个进程池的工作进程数"}),
        param("tasks", ParamType::Int, 4, 1, 16, {"tasks per pattern", "每种写法提交的任务数"}),
        param("work_ms", ParamType::Int, 100, 10, 2000,
              {"CPU milliseconds of one task", "一个任务需要的 CPU 毫秒数"}),
        param("terminate_early", ParamType::Bool, 0, 0, 1,
              {"terminate() the Pool halfway through the apply_async tasks instead of close()",
               "在 apply_async 的任务做到一半时调用 terminate()，而不是 close()"}),
        cores_param(),
    };
    s.python = kPython;
    s.program = program;
    s.checks = checks;
    s.metrics = metrics;
    s.configure = configure;
    return s;
}

}  // namespace tl
