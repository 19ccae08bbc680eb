// concurrent.futures.ThreadPoolExecutor, pattern by pattern, as phases of one
// program: result() inside the submit loop (serial), all futures first and
// the results after (parallel), add_done_callback, as_completed, map; then
// cancel(), an exception that waits in its future until result(), and
// shutdown(wait, cancel_futures). The timeline shows one worker busy at a
// time in the first phase and the whole pool busy in the second.
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "scenario.hpp"
#include "threadlab/executor.hpp"
#include "threadlab/threading.hpp"

namespace tl {

namespace {

const char* const kPython = R"PY(import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed, wait

MAX_WORKERS, TASKS = 3, 6
TASK_S = 0.2                        # average seconds one download takes
CANCEL, FAIL = True, True
SHUTDOWN_WAIT, CANCEL_FUTURES = True, False

def download(n):
    if n < 0:
        raise ValueError(f"no page {n}")
    time.sleep(random.uniform(0.5, 1.5) * TASK_S)   # waiting for the network
    return n * n

def done(future):                   # runs in the thread that completed the future
    print(threading.current_thread().name, "callback got", future.result())

pool = ThreadPoolExecutor(max_workers=MAX_WORKERS)
start = time.monotonic()
serial = [pool.submit(download, n).result() for n in range(TASKS)]   # waits every time
print(f"serial: {time.monotonic() - start:.2f} s")
start = time.monotonic()
futures = [pool.submit(download, n) for n in range(TASKS)]           # submit them all first,
parallel = [f.result() for f in futures]                              # then collect
print(f"parallel: {time.monotonic() - start:.2f} s")
futures = [pool.submit(download, n) for n in range(TASKS)]
for f in futures:
    f.add_done_callback(done)
wait(futures)
for f in as_completed([pool.submit(download, n) for n in range(TASKS)]):
    print("as_completed:", f.result())                                # in finishing order
print("map:", list(pool.map(download, range(TASKS))))                # in input order
futures = [pool.submit(download, n) for n in range(TASKS)]
if CANCEL:
    time.sleep(TASK_S / 10)             # the workers take the first tasks
    print("cancelled:", sum(f.cancel() for f in futures))            # pending ones only
if FAIL:
    bad = pool.submit(download, -1)     # raises in a worker, and nobody hears of it...
    time.sleep(TASK_S)
    try:
        bad.result()                    # ...until result() raises it here
    except ValueError as e:
        print("result() raised:", e)
last = [pool.submit(download, n) for n in range(TASKS)]
pool.shutdown(wait=SHUTDOWN_WAIT, cancel_futures=CANCEL_FUTURES)
print("after shutdown:", sum(f.done() for f in last), "of", TASKS, "done")
)PY";

namespace line {
constexpr int download = 14;
constexpr int callback = 18;
constexpr int make_pool = 20;
constexpr int serial = 22;
constexpr int report_serial = 23;
constexpr int submit_all = 25;
constexpr int collect = 26;
constexpr int report_parallel = 27;
constexpr int submit_for_callbacks = 28;
constexpr int add_callback = 30;
constexpr int wait_all = 31;
constexpr int as_completed = 32;
constexpr int report_completed = 33;
constexpr int map = 34;
constexpr int submit_to_cancel = 35;
constexpr int let_workers_start = 37;
constexpr int cancel = 38;
constexpr int submit_bad = 40;
constexpr int main_goes_on = 41;
constexpr int result_raises = 43;
constexpr int report_error = 45;
constexpr int submit_last = 46;
constexpr int shutdown = 47;
constexpr int report_shutdown = 48;
}  // namespace line

const std::string kShutdownReport = "after shutdown: ";

// download(n) as the pool runs it. Before and after the call the worker is in
// the pool's own machinery (taking the next item, storing the result), which
// the listing shows as the line that made the pool.
Future::Value download(int64_t n, double task_s) {
    if (n < 0) {
        at(line::make_pool);
        throw ValueError("no page " + std::to_string(n));
    }
    at(line::download);
    sleep(uniform(0.5, 1.5) * task_s);
    at(line::make_pool);
    return n * n;
}

void done(Future& future) {
    at(line::callback);
    print(current_thread_name() + " callback got " + std::to_string(future.result()));
    // A worker goes back into the pool; MainThread (when the future was done
    // already) tags its next call itself.
    if (current_thread_id() != 0) at(line::make_pool);
}

std::string seconds_text(const char* label, double seconds) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s: %.2f s", label, seconds);
    return buf;
}

void program(const Params& p) {
    const int64_t tasks = p.integer("tasks");
    const double task_s = p.real("task_ms") / 1000.0;
    auto task = [task_s](int64_t n) { return [n, task_s] { return download(n, task_s); }; };

    at(line::make_pool);
    ThreadPoolExecutor& pool = make<ThreadPoolExecutor>(static_cast<int>(p.integer("max_workers")));

    // Serial: result() right after each submit, so one task at a time.
    double start = monotonic();
    for (int64_t n = 0; n < tasks; ++n) {
        at(line::serial);
        pool.submit(task(n)).result();
    }
    at(line::report_serial);
    print(seconds_text("serial", monotonic() - start));

    // Parallel: every future first, then the results.
    start = monotonic();
    std::vector<Future*> futures;
    for (int64_t n = 0; n < tasks; ++n) {
        at(line::submit_all);
        futures.push_back(&pool.submit(task(n)));
    }
    for (Future* f : futures) {
        at(line::collect);
        f->result();
    }
    at(line::report_parallel);
    print(seconds_text("parallel", monotonic() - start));

    // Callbacks: the worker that completes a future reports it.
    futures.clear();
    for (int64_t n = 0; n < tasks; ++n) {
        at(line::submit_for_callbacks);
        futures.push_back(&pool.submit(task(n)));
    }
    for (Future* f : futures) {
        at(line::add_callback);
        f->add_done_callback(done);
    }
    at(line::wait_all);
    wait(futures);

    // as_completed: results in the order the tasks finish.
    futures.clear();
    for (int64_t n = 0; n < tasks; ++n) {
        at(line::as_completed);
        futures.push_back(&pool.submit(task(n)));
    }
    at(line::as_completed);
    for (Future* f : AsCompleted(futures)) {
        at(line::report_completed);
        print("as_completed: " + std::to_string(f->result()));
        at(line::as_completed);
    }

    // map: results in input order, whatever order the tasks finish in.
    {
        std::vector<Future::Value> inputs;
        for (int64_t n = 0; n < tasks; ++n) inputs.push_back(n);
        at(line::map);
        std::string results;
        for (Future::Value r : pool.map([task_s](Future::Value n) { return download(n, task_s); }, inputs)) {
            results += (results.empty() ? "" : ", ") + std::to_string(r);
            at(line::map);
        }
        print("map: [" + results + "]");
    }

    // cancel(): only futures no worker has taken yet can be cancelled.
    futures.clear();
    for (int64_t n = 0; n < tasks; ++n) {
        at(line::submit_to_cancel);
        futures.push_back(&pool.submit(task(n)));
    }
    if (p.flag("cancel")) {
        at(line::let_workers_start);
        sleep(task_s / 10);
        at(line::cancel);
        int cancelled = 0;
        for (Future* f : futures) cancelled += f->cancel();
        print("cancelled: " + std::to_string(cancelled));
    }

    // An exception stays in its future until someone asks for the result.
    if (p.flag("fail")) {
        at(line::submit_bad);
        Future& bad = pool.submit(task(-1));
        at(line::main_goes_on);
        sleep(task_s);
        try {
            at(line::result_raises);
            bad.result();
        } catch (const ValueError& e) {
            at(line::report_error);
            print(std::string("result() raised: ") + e.what());
        }
    }

    std::vector<Future*> last;
    for (int64_t n = 0; n < tasks; ++n) {
        at(line::submit_last);
        last.push_back(&pool.submit(task(n)));
    }
    at(line::shutdown);
    pool.shutdown(p.flag("shutdown_wait"), p.flag("cancel_futures"));
    at(line::report_shutdown);
    int64_t done_count = 0;
    for (Future* f : last) done_count += f->done();
    print(kShutdownReport + std::to_string(done_count) + " of " + std::to_string(tasks) + " done");
}

// ---- what the log says about every future ---------------------------------

struct FutureTrace {
    uint32_t id = kNone;
    int submit_line = 0;               // the listing line that submitted it: its pattern
    size_t submitted_at = SIZE_MAX;    // index of its Submit op
    Nanos submitted_t = 0;
    int64_t item = -1;                 // its id in the pool's work queue
    bool drained = false;              // MainThread took it off the queue (shutdown(cancel_futures=True))
    size_t taken_at = SIZE_MAX;        // a worker took it off the queue
    std::vector<std::string> transitions;  // "pending", "running", "finished", "cancelled"
    size_t running_at = SIZE_MAX;
    size_t final_at = SIZE_MAX;        // finished or cancelled
    bool cancelled = false;
    std::string error;                 // "ValueError: ..." when the call raised
    size_t finished_at = SIZE_MAX;
    Nanos last_result_t = -1;          // latest successful or raising result() by anyone
    std::vector<std::pair<size_t, bool>> cancel_calls;  // (index, returned True)
    std::vector<std::pair<size_t, std::string>> raising_results;  // result() calls that raised the call's error
};

struct PoolTrace {
    std::vector<FutureTrace> futures;
    std::map<uint32_t, size_t> by_id;
    std::map<int64_t, uint32_t> by_item;   // work-queue item -> future
    size_t excepthooks = 0;
    size_t shutdown_at = SIZE_MAX;
    size_t drain_end_at = SIZE_MAX;        // shutdown() found the work queue empty
    size_t shutdown_report_at = SIZE_MAX;  // main's "after shutdown" print
    FutureTrace* find(uint32_t id) {
        auto it = by_id.find(id);
        return it == by_id.end() ? nullptr : &futures[it->second];
    }
};

bool is_kind(const EventLog& log, uint32_t object, ObjKind kind) {
    return object != kNone && object < log.object_count() && log.object(object).kind == kind;
}

PoolTrace trace_pool(const EventLog& log) {
    PoolTrace tr;
    const size_t n = log.size();
    for (size_t i = 0; i < n; ++i) {
        const LogEvent& e = log[i];
        if (e.kind == EvKind::Excepthook) ++tr.excepthooks;
        if (e.kind == EvKind::Print && e.thread == 0 && tr.shutdown_at != SIZE_MAX &&
            tr.shutdown_report_at == SIZE_MAX &&
            log.str(static_cast<uint32_t>(e.value)).rfind(kShutdownReport, 0) == 0)
            tr.shutdown_report_at = i;
        if (e.kind != EvKind::OpDone) continue;
        const Op op = static_cast<Op>(e.code);
        if (is_kind(log, e.object, ObjKind::Executor)) {
            if (op == Op::Submit && e.ok) {
                const uint32_t fid = static_cast<uint32_t>(e.aux);
                FutureTrace* f = tr.find(fid);
                if (!f) {
                    tr.by_id[fid] = tr.futures.size();
                    tr.futures.push_back({});
                    f = &tr.futures.back();
                    f->id = fid;
                }
                f->submit_line = e.line;
                f->submitted_at = i;
                f->submitted_t = e.t;
                f->item = e.value;
                tr.by_item[e.value] = fid;
            } else if (op == Op::Shutdown && tr.shutdown_at == SIZE_MAX) {
                tr.shutdown_at = i;
            }
            continue;
        }
        // shutdown(cancel_futures=True) drains the queue until it is empty.
        if (op == Op::Raise && e.thread == 0 && tr.shutdown_at != SIZE_MAX && tr.drain_end_at == SIZE_MAX &&
            is_kind(log, e.object, ObjKind::Queue))
            tr.drain_end_at = i;
        // Who took each item off the work queue: a worker, or MainThread
        // draining it in shutdown(cancel_futures=True).
        if (op == Op::Get && e.ok && is_kind(log, e.object, ObjKind::Queue)) {
            auto item = tr.by_item.find(e.aux);
            if (item != tr.by_item.end())
                if (FutureTrace* f = tr.find(item->second)) {
                    if (e.thread == 0)
                        f->drained = true;
                    else
                        f->taken_at = i;
                }
            continue;
        }
        if (!is_kind(log, e.object, ObjKind::Future)) continue;
        // The Pending op comes from the Future's constructor, just before submit records it.
        FutureTrace* f = tr.find(e.object);
        if (!f) {
            tr.by_id[e.object] = tr.futures.size();
            tr.futures.push_back({});
            f = &tr.futures.back();
            f->id = e.object;
        }
        switch (op) {
            case Op::Pending: f->transitions.push_back("pending"); break;
            case Op::Running:
                f->transitions.push_back("running");
                f->running_at = i;
                break;
            case Op::Finished:
                f->transitions.push_back("finished");
                f->final_at = f->finished_at = i;
                if (!e.ok) f->error = log.str(static_cast<uint32_t>(e.aux));
                break;
            case Op::Cancelled:
                f->cancel_calls.push_back({i, e.ok != 0});
                if (e.ok) {
                    f->transitions.push_back("cancelled");
                    f->final_at = i;
                    f->cancelled = true;
                }
                break;
            case Op::Result:
                f->last_result_t = std::max(f->last_result_t, e.t);
                if (!e.ok && e.thread == 0) f->raising_results.push_back({i, log.str(static_cast<uint32_t>(e.aux))});
                break;
            default: break;
        }
    }
    return tr;
}

std::vector<const FutureTrace*> submitted_at_line(const PoolTrace& tr, int submit_line) {
    std::vector<const FutureTrace*> out;
    for (const FutureTrace& f : tr.futures)
        if (f.submit_line == submit_line) out.push_back(&f);
    return out;
}

// Most of `fs` running at once, in log order.
int max_running(const EventLog& log, const std::vector<const FutureTrace*>& fs) {
    std::map<size_t, int> delta;  // event index -> change
    for (const FutureTrace* f : fs) {
        if (f->running_at == SIZE_MAX) continue;
        ++delta[f->running_at];
        --delta[f->final_at == SIZE_MAX ? log.size() : f->final_at];
    }
    int running = 0, most = 0;
    for (const auto& [index, d] : delta) most = std::max(most, running += d);
    return most;
}

// Seconds from the pattern's first submit to its last result() call.
double pattern_seconds(const std::vector<const FutureTrace*>& fs) {
    Nanos first = -1, last = -1;
    for (const FutureTrace* f : fs) {
        if (first < 0 || f->submitted_t < first) first = f->submitted_t;
        last = std::max(last, f->last_result_t);
    }
    return first < 0 || last < first ? 0.0 : static_cast<double>(last - first) / 1e9;
}

int count_ran(const std::vector<const FutureTrace*>& fs) {
    int ran = 0;
    for (const FutureTrace* f : fs) ran += f->running_at != SIZE_MAX;
    return ran;
}

CheckResult check_serial(const EventLog& log, const PoolTrace& tr, int64_t tasks) {
    CheckResult r{"submit().result() in the loop ran one task at a time", false, ""};
    const auto fs = submitted_at_line(tr, line::serial);
    const int most = max_running(log, fs);
    r.passed = static_cast<int64_t>(fs.size()) == tasks && count_ran(fs) == tasks && most == 1;
    r.detail = std::to_string(count_ran(fs)) + " of " + std::to_string(tasks) + " tasks ran, at most " +
               std::to_string(most) + " at once";
    return r;
}

CheckResult check_parallel(const EventLog& log, const PoolTrace& tr, int64_t tasks, int64_t workers) {
    CheckResult r{"submitting all first ran the tasks side by side, never more than max_workers", false, ""};
    const auto fs = submitted_at_line(tr, line::submit_all);
    const int most = max_running(log, fs);
    const bool can_overlap = std::min(tasks, workers) >= 2;
    r.passed = static_cast<int64_t>(fs.size()) == tasks && count_ran(fs) == tasks && most <= workers &&
               (can_overlap ? most >= 2 : most == 1);
    r.detail = std::to_string(count_ran(fs)) + " of " + std::to_string(tasks) + " tasks ran, at most " +
               std::to_string(most) + " at once with max_workers=" + std::to_string(workers);
    return r;
}

CheckResult check_transitions(const PoolTrace& tr) {
    CheckResult r{"every future went PENDING -> RUNNING -> FINISHED or PENDING -> CANCELLED", false, ""};
    const std::vector<std::string> ran = {"pending", "running", "finished"};
    const std::vector<std::string> cancelled = {"pending", "cancelled"};
    int finished = 0, was_cancelled = 0;
    std::string bad;
    for (const FutureTrace& f : tr.futures) {
        if (f.transitions == ran)
            ++finished;
        else if (f.transitions == cancelled)
            ++was_cancelled;
        else if (bad.empty()) {
            bad = "; a future went";
            for (const std::string& s : f.transitions) bad += " " + s;
            if (f.transitions.empty()) bad += " nowhere";
        }
    }
    r.passed = !tr.futures.empty() && bad.empty();
    r.detail = std::to_string(tr.futures.size()) + " futures: " + std::to_string(finished) + " finished, " +
               std::to_string(was_cancelled) + " cancelled" + bad;
    return r;
}

CheckResult check_cancel(const PoolTrace& tr) {
    CheckResult r{"cancel() succeeded only before a worker took the task, and cancelled tasks never ran", false,
                  ""};
    int succeeded = 0, refused = 0, wrong = 0;
    for (const FutureTrace& f : tr.futures) {
        for (const auto& [index, ok] : f.cancel_calls) {
            const bool started = f.running_at < index;
            if (ok) {
                ++succeeded;
                wrong += started || f.running_at != SIZE_MAX;
            } else {
                ++refused;
                wrong += !started;
            }
        }
    }
    r.passed = wrong == 0;
    r.detail = std::to_string(succeeded) + " cancel() calls returned True, " + std::to_string(refused) +
               " returned False (already running or done), " + std::to_string(wrong) + " contradicted the log";
    return r;
}

CheckResult check_exception(const PoolTrace& tr, bool fail) {
    std::vector<const FutureTrace*> raised;
    for (const FutureTrace& f : tr.futures)
        if (!f.error.empty()) raised.push_back(&f);
    const std::string hooks = std::to_string(tr.excepthooks) + " excepthook reports";
    if (!fail) {
        CheckResult r{"no task raised, and nothing reached threading.excepthook", false, ""};
        r.passed = raised.empty() && tr.excepthooks == 0;
        r.detail = "tasks that raised: " + std::to_string(raised.size()) + "; " + hooks;
        return r;
    }
    CheckResult r{"the task's exception surfaced at result(), not in threading.excepthook", false, ""};
    bool surfaced = false;
    std::string error;
    for (const FutureTrace* f : raised) {
        error = f->error;
        for (const auto& [index, text] : f->raising_results)
            if (index > f->finished_at && text == f->error) surfaced = true;
    }
    r.passed = raised.size() == 1 && surfaced && tr.excepthooks == 0;
    r.detail = "tasks that raised: " + std::to_string(raised.size()) + (error.empty() ? "" : " (" + error + ")") +
               (surfaced ? "; MainThread's result() raised it" : "; no result() raised it") + "; " + hooks;
    return r;
}

CheckResult check_shutdown(const PoolTrace& tr, bool wait_flag, bool cancel_futures) {
    CheckResult r{"shutdown() honoured wait and cancel_futures", false, ""};
    const auto last = submitted_at_line(tr, line::submit_last);
    if (tr.shutdown_at == SIZE_MAX || tr.shutdown_report_at == SIZE_MAX || last.empty()) {
        r.detail = "no shutdown() and report in the log";
        return r;
    }
    // cancel_futures=True: shutdown() empties the queue, and what it took is
    // cancelled and never runs; workers take nothing after that. Otherwise
    // nothing is taken away and every task runs.
    int done_before_report = 0, drained = 0, drained_cancelled = 0, taken = 0, taken_ran = 0, taken_late = 0;
    for (const FutureTrace* f : last) {
        done_before_report += f->final_at < tr.shutdown_report_at;
        const bool ran = f->running_at != SIZE_MAX && f->finished_at != SIZE_MAX;
        if (f->drained) {
            ++drained;
            drained_cancelled += f->cancelled && f->running_at == SIZE_MAX;
        } else if (f->taken_at != SIZE_MAX) {
            ++taken;
            taken_ran += ran;
            taken_late += f->taken_at > tr.drain_end_at;
        }
    }
    const int total = static_cast<int>(last.size());
    const bool wait_ok = !wait_flag || done_before_report == total;
    const bool every_task_accounted = drained + taken == total && drained == drained_cancelled && taken == taken_ran;
    const bool cancel_ok = cancel_futures ? tr.drain_end_at != SIZE_MAX && taken_late == 0 : drained == 0;
    r.passed = wait_ok && every_task_accounted && cancel_ok;
    r.detail = "wait=" + std::string(wait_flag ? "True" : "False") + ": " + std::to_string(done_before_report) +
               " of " + std::to_string(total) + " done when it returned; cancel_futures=" +
               (cancel_futures ? "True" : "False") + ": " + std::to_string(drained_cancelled) + " of " +
               std::to_string(drained) + " still queued were cancelled, " + std::to_string(taken_ran) + " of " +
               std::to_string(taken) + " taken by workers ran";
    return r;
}

std::vector<CheckResult> checks(const EventLog& log, const Params& p) {
    const PoolTrace tr = trace_pool(log);
    const int64_t tasks = p.integer("tasks");
    return {check_serial(log, tr, tasks),
            check_parallel(log, tr, tasks, p.integer("max_workers")),
            check_transitions(tr),
            check_cancel(tr),
            check_exception(tr, p.flag("fail")),
            check_shutdown(tr, p.flag("shutdown_wait"), p.flag("cancel_futures"))};
}

std::map<std::string, double> metrics(const EventLog& log, const Params&) {
    const PoolTrace tr = trace_pool(log);
    const auto serial = submitted_at_line(tr, line::serial);
    const auto parallel = submitted_at_line(tr, line::submit_all);
    const double serial_s = pattern_seconds(serial);
    const double parallel_s = pattern_seconds(parallel);
    double cancelled = 0, raised = 0;
    for (const FutureTrace& f : tr.futures) {
        cancelled += f.cancelled;
        raised += !f.error.empty();
    }
    return {{"serial_s", serial_s},
            {"parallel_s", parallel_s},
            {"speedup", parallel_s > 0 ? serial_s / parallel_s : 0.0},
            {"max_parallel", static_cast<double>(max_running(log, parallel))},
            {"futures", static_cast<double>(tr.futures.size())},
            {"cancelled", cancelled},
            {"raised", raised}};
}


}  // namespace

Scenario thread_pool_futures_scenario() {
    Scenario s;
    s.id = "thread-pool-futures";
    s.title = {"Thread pools and futures", "线程池与 Future"};
    s.summary = {
        "A ThreadPoolExecutor runs the same downloads pattern by pattern: result() right after submit is serial, "
        "collecting the futures first is parallel; then callbacks, as_completed, map, cancel(), an exception "
        "kept in its future until result(), and shutdown(wait, cancel_futures).",
        "用 ThreadPoolExecutor 按不同写法跑同一批下载任务：submit 之后马上 result() 是串行的，"
        "先收齐 Future 再取结果才是并行的；接着演示回调、as_completed、map、cancel()、"
        "任务里的异常要等到 result() 才抛出，以及 shutdown(wait, cancel_futures)。"};
    s.params = {
        param("max_workers", ParamType::Int, 3, 1, 16, {"threads in the pool (max_workers)", "线程池的线程数（max_workers）"}),
        param("tasks", ParamType::Int, 6, 1, 32, {"downloads per pattern", "每种写法提交的下载任务数"}),
        param("task_ms", ParamType::Int, 200, 1, 2000,
              {"average milliseconds one download takes", "一次下载的平均毫秒数"}),
        param("cancel", ParamType::Bool, 1, 0, 1,
              {"cancel() a batch of futures shortly after submitting it", "提交一批任务后立刻对它们调用 cancel()"}),
        param("fail", ParamType::Bool, 1, 0, 1,
              {"submit a task that raises ValueError, and read it with result()",
               "提交一个会抛出 ValueError 的任务，再用 result() 取它的结果"}),
        param("shutdown_wait", ParamType::Bool, 1, 0, 1,
              {"shutdown(wait=...): wait for the submitted tasks before returning",
               "shutdown(wait=...)：返回前是否等待已提交的任务做完"}),
        param("cancel_futures", ParamType::Bool, 0, 0, 1,
              {"shutdown(cancel_futures=...): cancel the tasks no worker has started",
               "shutdown(cancel_futures=...)：取消还没有线程开始做的任务"}),
    };
    s.python = kPython;
    s.program = program;
    s.checks = checks;
    s.metrics = metrics;
    return s;
}

}  // namespace tl
