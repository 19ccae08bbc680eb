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

// Whether the log is of a free-mode run (its RunStart record says so). Only
// there can the machine's scheduling, rather than the program, keep a run
// from showing an effect: deterministic time is exact, so a deterministic
// run that does not show it is wrong. A log without RunStart (built by hand
// in tests) counts as deterministic.
bool free_run(const EventLog& log) {
    for (size_t i = 0; i < log.size(); ++i)
        if (log[i].kind == EvKind::RunStart) return static_cast<Mode>(log[i].code) == Mode::Free;
    return false;
}

std::string ms_text(Nanos t) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.2f ms", static_cast<double>(t) / 1e6);
    return buf;
}

// Why a free run could not show every apply_async() task queued before the
// first one was done, or "" when the log does not excuse it. apply_async()
// only puts the task on the pool's queue, so between its first and its last
// call MainThread waits for nothing (its own process's GIL aside, which the
// result handler may ask for once a result is back). If it never waited and
// the first task still ended before the last call, MainThread simply was not
// on a CPU for longer than a task takes: the tasks are shorter than the
// machine's scheduling delays at this speed. If MainThread waited on
// anything else, apply_async() blocked: that is a failure.
std::string why_not_queued(const EventLog& log, const std::vector<const TaskTrace*>& ts) {
    size_t first_submit = SIZE_MAX, last_submit = 0;
    const TaskTrace* first_done = nullptr;
    for (const TaskTrace* t : ts) {
        if (t->submitted_at == SIZE_MAX) return "";
        first_submit = std::min(first_submit, t->submitted_at);
        last_submit = std::max(last_submit, t->submitted_at);
        if (t->running_at != SIZE_MAX && t->worked_until != SIZE_MAX &&
            (!first_done || t->worked_until < first_done->worked_until))
            first_done = t;
    }
    if (!first_done || first_submit >= last_submit) return "";
    for (size_t i = first_submit; i < last_submit; ++i) {
        const LogEvent& e = log[i];
        if (e.thread != 0 || e.kind != EvKind::State) continue;
        const ThreadState s = static_cast<ThreadState>(e.code);
        const bool on_gil = e.object != kNone && e.object < log.object_count() &&
                            log.object(e.object).kind == ObjKind::Gil;
        if (s != ThreadState::Running && s != ThreadState::Ready && !(s == ThreadState::Blocked && on_gil)) return "";
    }
    return "MainThread waited for nothing between its first and last apply_async() call, yet they were " +
           ms_text(log[last_submit].t - log[first_submit].t) + " apart, longer than the first task ran (" +
           ms_text(log[first_done->worked_until].t - log[first_done->running_at].t) +
           "): at this speed the tasks are shorter than the machine kept MainThread off the CPU";
}

// Why a free run could not show the workers running tasks side by side, or
// "" when the log does not excuse it. Two tasks can run together only while
// one runs and another waits in the pool's queue (a window: from the put of
// a task until a worker's get takes it). A worker that reaches the queue
// inside a window takes the waiting task and runs it next to the other, so
// when there was a window and still at most one task ran at a time, no other
// worker reached the queue in any window: each was parked and woken by the
// put (the put's `other`) or still on its way back from its last task, and
// the machine ran it only after the last window had closed. That is the
// tasks being shorter than the machine's scheduling delays at this speed.
// The signs of a pool that is wrong instead are failures: a task put while a
// worker sat parked on the queue without waking any (a lost wake-up), a
// worker that parked on the queue while a task waited in it, or a get inside
// a window that did not make two tasks run at once.
const char* const kNoWindow = "no task waited in the queue while another ran";

std::string why_not_side_by_side(const EventLog& log, const std::vector<const TaskTrace*>& ts) {
    const size_t n = log.size();
    // The queue, and where the phase's puts begin: MainThread's puts at the apply_async() line.
    uint32_t queue = kNone;
    size_t phase_from = SIZE_MAX;
    for (size_t i = 0; i < n && queue == kNone; ++i) {
        const LogEvent& e = log[i];
        if (e.thread == 0 && e.kind == EvKind::OpDone && static_cast<Op>(e.code) == Op::Put &&
            e.line == line::apply_async && e.object != kNone && log.object(e.object).kind == ObjKind::Queue) {
            queue = e.object;
            phase_from = i;
        }
    }
    if (queue == kNone) return "";
    auto on_queue = [&](const LogEvent& e, Op op) {
        return e.kind == EvKind::OpDone && static_cast<Op>(e.code) == op && e.object == queue;
    };
    // Queued: from the put of an item (a task's argument; -1 is the end
    // sentinel) until the get that takes it. Running: from the task's
    // Running op until its worker sends the result back (or ends).
    std::vector<int> delta_queued(n + 1, 0), delta_running(n + 1, 0);
    std::map<int64_t, size_t> put_at;
    for (size_t i = phase_from; i < n; ++i) {
        const LogEvent& e = log[i];
        if (on_queue(e, Op::Put) && e.thread == 0 && e.line == line::apply_async) put_at[e.aux] = i;
        if (on_queue(e, Op::Get) && e.aux >= 0) {
            auto p = put_at.find(e.aux);
            if (p == put_at.end()) continue;
            ++delta_queued[p->second];
            --delta_queued[i];
            put_at.erase(p);
        }
    }
    for (const auto& [item, at] : put_at) {  // never taken (terminate(), or a stopped run)
        ++delta_queued[at];
        --delta_queued[n];
    }
    for (const TaskTrace* t : ts) {
        if (t->running_at == SIZE_MAX) continue;
        ++delta_running[t->running_at];
        --delta_running[std::min(t->worked_until, n)];
    }
    std::vector<bool> window(n, false);
    size_t last_window = SIZE_MAX;
    int queued = 0, running = 0;
    for (size_t i = 0; i < n; ++i) {
        queued += delta_queued[i];
        running += delta_running[i];
        window[i] = queued > 0 && running > 0;
        if (window[i]) last_window = i;
    }
    // No task ever waited while another ran: nothing could run side by
    // side. That is excused only together with the queueing (the tasks were
    // not all queued in time), which the caller checks.
    if (last_window == SIZE_MAX) return kNoWindow;
    // The workers at work in the last window: the one that comes back from
    // its task to take the last waiting one is not the one that was late.
    std::map<uint32_t, bool> busy_at_last;
    for (const TaskTrace* t : ts)
        if (t->running_at <= last_window && (t->worked_until == SIZE_MAX || t->worked_until > last_window))
            busy_at_last[t->worker] = true;
    std::map<uint32_t, bool> parked;  // worker -> parked on the queue and not yet woken
    size_t came_late = SIZE_MAX;       // the first get on the queue after the last window by another worker
    std::string late_start;            // a worker that took a task in time but started it late
    for (size_t i = 0; i < n; ++i) {   // from the start: a worker may have parked before the phase
        const LogEvent& e = log[i];
        if (e.kind == EvKind::State) {
            const ThreadState st = static_cast<ThreadState>(e.code);
            const bool parks = st == ThreadState::Waiting && e.object == queue;
            if (parks && window[i]) return "";  // parked while a task waited in the queue
            parked[e.thread] = parks;
        } else if (on_queue(e, Op::Put)) {
            if (e.other != kNone) {
                parked[e.other] = false;
            } else if (e.thread == 0 && e.line == line::apply_async) {
                for (const auto& [tid, p] : parked)
                    if (p) return "";  // a lost wake-up
            }
        } else if (on_queue(e, Op::Get) && e.thread != 0 && i >= phase_from) {
            if (window[i]) {
                // It took a waiting task while another ran, yet the two did
                // not run together: it must have started the task only after
                // the other had ended (the machine stopped it between its get
                // and its start); one that never started it is a failure.
                size_t started = SIZE_MAX;
                for (size_t k = i + 1; k < n && started == SIZE_MAX; ++k)
                    if (log[k].thread == e.thread && log[k].kind == EvKind::OpDone &&
                        static_cast<Op>(log[k].code) == Op::Running && log[k].object != kNone &&
                        log.object(log[k].object).kind == ObjKind::Future)
                        started = k;
                if (started == SIZE_MAX) return "";
                if (late_start.empty())
                    late_start = log.thread(e.thread).name + " took a task at " + ms_text(e.t) +
                                 " while another ran, but the machine let it start the task only at " +
                                 ms_text(log[started].t) + ", after the other had ended";
            } else if (i > last_window && came_late == SIZE_MAX && !busy_at_last.count(e.thread)) {
                came_late = i;
            }
        }
    }
    if (!late_start.empty()) return late_start;
    if (came_late == SIZE_MAX) return "";
    // When a put of the phase woke the late worker, if one did.
    Nanos since = -1;
    for (size_t i = phase_from; i < came_late; ++i) {
        const LogEvent& e = log[i];
        if (on_queue(e, Op::Put) && e.thread == 0 && e.other == log[came_late].thread && since < 0) since = e.t;
    }
    Nanos longest = 0;
    for (const TaskTrace* t : ts)
        if (t->running_at != SIZE_MAX && t->worked_until != SIZE_MAX)
            longest = std::max(longest, log[t->worked_until].t - log[t->running_at].t);
    const std::string who = log.thread(log[came_late].thread).name;
    return who + (since >= 0 ? ", woken for a task at " + ms_text(since) + "," : "") + " reached the queue only at " +
           ms_text(log[came_late].t) + ", after the last moment a task waited in it while another ran (" +
           ms_text(log[last_window].t) + "); the longest task ran " + ms_text(longest) +
           ": at this speed the tasks are shorter than the machine took to get a worker back to the queue";
}

// apply_async() returns at once: every task is queued before the first one
// is done, and the workers run them side by side. terminate() may strike
// before a second worker has taken a task, so then only the queueing counts.
// In a free run the machine may keep MainThread or a woken worker off the
// CPU for longer than a task takes; then the check says so (NOT SHOWN) and
// why, from the log's own times, instead of failing.
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
    const bool all_submitted = static_cast<int64_t>(ts.size()) == tasks;
    r.passed = all_submitted && queued_at_once && most <= processes && side_by_side;
    r.detail = std::to_string(ts.size()) + " tasks submitted" +
               (queued_at_once ? " before the first was done" : ", some only after the first was done") +
               ", at most " + std::to_string(most) + " running at once in " + std::to_string(processes) +
               " processes";
    if (!r.passed && all_submitted && most <= processes && free_run(log)) {
        // Each part that did not show must be excused by the log; one that
        // is not excused keeps the verdict a failure.
        const std::string queued_why = queued_at_once ? "" : why_not_queued(log, ts);
        const std::string side_why = side_by_side ? "" : why_not_side_by_side(log, ts);
        const bool queued_excused = queued_at_once || !queued_why.empty();
        const bool side_excused = side_by_side || (!side_why.empty() && (side_why != kNoWindow || !queued_at_once));
        if (queued_excused && side_excused) {
            r.not_shown = true;
            r.detail += "; not shown: " + queued_why + (!queued_why.empty() && !side_why.empty() ? "; " : "") + side_why;
        }
    }
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
