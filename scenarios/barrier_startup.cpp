// Start-up tasks of different lengths meet at a threading.Barrier before a
// service starts. One failing task (abort) or a wait timeout breaks the
// barrier, and then every waiter gets BrokenBarrierError instead of waiting
// forever for a task that will never arrive.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "scenario.hpp"
#include "threadlab/reduce.hpp"
#include "threadlab/threading.hpp"

namespace tl {

namespace {

const char* const kPython = R"PY(import threading
import time

TASKS = [("load config", 0.3), ("open db pool", 0.9),
         ("warm cache", 0.6), ("read secrets", 1.5)]
FAIL_TASK = 0        # 1 .. len(TASKS): that task fails; 0: none does
TIMEOUT = None       # seconds a task waits at the barrier; None: forever

def start_service():
    print("all tasks ready: service starting")   # runs once, in the last arrival

ready = threading.Barrier(len(TASKS), action=start_service, timeout=TIMEOUT)

def start_up(number, seconds):
    name = threading.current_thread().name
    time.sleep(seconds)                 # the start-up work
    if number == FAIL_TASK:
        print(f"{name} failed: aborting the start-up")
        ready.abort()                   # wakes every waiter with an error
        return
    try:
        ready.wait()                    # fast tasks wait for slow ones
    except threading.BrokenBarrierError:
        print(f"{name}: start-up broken, giving up")
        return
    print(f"{name}: ready")

threads = [threading.Thread(target=start_up, name=name, args=(number, seconds))
           for number, (name, seconds) in enumerate(TASKS, start=1)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("barrier broken:", ready.broken)
)PY";

namespace line {
constexpr int service = 10;
constexpr int make_barrier = 12;
constexpr int task_name = 15;
constexpr int work = 16;
constexpr int report_failure = 18;
constexpr int abort = 19;
constexpr int wait = 22;
constexpr int report_broken = 24;
constexpr int report_ready = 26;
constexpr int make_thread = 28;
constexpr int start = 31;
constexpr int join = 33;
constexpr int report = 34;
}  // namespace line

// Start-up work, in units of task_ms. The first four match the listing
// (0.3, 0.9, 0.6, 1.5 s at the default 300 ms). The spread is wide on
// purpose: with timeout_s=1 the first arrival (0.3 s) gives up at 1.3 s,
// before "read secrets" (1.5 s) arrives, so the timeout variant breaks.
struct StartupTask {
    const char* name;
    double units;
};
constexpr StartupTask kTasks[] = {
    {"load config", 1}, {"open db pool", 3}, {"warm cache", 2},  {"read secrets", 5},
    {"check disk", 4},  {"load models", 7},  {"join cluster", 6}, {"fetch flags", 2.5},
};
constexpr int kMaxTasks = static_cast<int>(sizeof kTasks / sizeof kTasks[0]);

const std::string kServiceLine = "all tasks ready: service starting";

void program(const Params& p) {
    const int tasks = static_cast<int>(p.integer("tasks"));
    const int64_t fail_task = p.integer("fail_task");
    const double unit_s = p.real("task_ms") / 1000.0;
    const Timeout timeout = p.real("timeout_s") > 0 ? Timeout(p.real("timeout_s")) : std::nullopt;

    at(line::make_barrier);
    Barrier& ready = make<Barrier>(
        "ready", tasks,
        [] {
            at(line::service);
            print(kServiceLine);
            at(line::wait);  // back in Barrier.wait, which called the action
        },
        timeout);

    std::vector<Thread*> threads;
    for (int number = 1; number <= tasks; ++number) {
        const double seconds = kTasks[number - 1].units * unit_s;
        at(line::make_thread);
        threads.push_back(&make<Thread>(kTasks[number - 1].name, [&ready, number, seconds, fail_task] {
            at(line::task_name);
            const std::string name = current_thread_name();
            at(line::work);
            sleep(seconds);
            if (number == fail_task) {
                at(line::report_failure);
                print(name + " failed: aborting the start-up");
                at(line::abort);
                ready.abort();
                return;
            }
            try {
                at(line::wait);
                ready.wait();
            } catch (const BrokenBarrierError&) {
                at(line::report_broken);
                print(name + ": start-up broken, giving up");
                return;
            }
            at(line::report_ready);
            print(name + ": ready");
        }));
    }
    for (Thread* t : threads) {
        at(line::start);
        t->start();
    }
    for (Thread* t : threads) {
        at(line::join);
        t->join();
    }
    at(line::report);
    print(std::string("barrier broken: ") + (ready.broken() ? "True" : "False"));
}

// Everything the log says about the barrier and each start-up task.
struct TaskTrace {
    uint32_t tid = 0;
    std::string name;
    Nanos work_end = -1;             // when its start-up work (the sleep) ended
    bool passed = false;             // a wait() that returned normally
    Nanos passed_at = 0;
    bool broken_error = false;       // a wait() that raised BrokenBarrierError
    bool aborted = false;            // it recorded an abort: abort(), or its own wait timing out
    bool waited = false;             // it reached wait()
};

struct BarrierTrace {
    bool found = false;
    uint32_t barrier = kNone;
    bool broken = false;
    int service_starts = 0;
    std::vector<TaskTrace> tasks;    // every thread but MainThread, by tid order
    TaskTrace* task(uint32_t tid) {
        for (TaskTrace& t : tasks)
            if (t.tid == tid) return &t;
        return nullptr;
    }
};

BarrierTrace trace_barrier(const EventLog& log) {
    BarrierTrace tr;
    for (uint32_t id = 0; id < log.object_count() && !tr.found; ++id)
        if (log.object(id).kind == ObjKind::Barrier) {
            tr.found = true;
            tr.barrier = id;
        }
    for (uint32_t tid = 1; tid < log.thread_count(); ++tid) tr.tasks.push_back({tid, log.thread(tid).name});

    Timeline timeline;
    timeline.update(log);
    for (const Lane& lane : timeline.lanes()) {
        TaskTrace* t = tr.task(lane.tid);
        if (!t) continue;
        for (size_t i = 0; i + 1 < lane.segments.size(); ++i)  // only closed segments
            if (lane.segments[i].state == ThreadState::Sleeping) t->work_end = lane.segments[i].end;
    }

    const size_t n = log.size();
    for (size_t i = 0; i < n; ++i) {
        const LogEvent& e = log[i];
        if (e.kind == EvKind::Print && log.str(static_cast<uint32_t>(e.value)) == kServiceLine) ++tr.service_starts;
        if (!tr.found || e.object != tr.barrier) continue;
        TaskTrace* t = tr.task(e.thread);
        if (e.kind == EvKind::State && t) t->waited = true;
        if (e.kind != EvKind::OpDone) continue;
        const Op op = static_cast<Op>(e.code);
        if (op == Op::Abort) {
            tr.broken = true;
            if (t) t->aborted = true;
        } else if (op == Op::Raise) {
            if (log.str(static_cast<uint32_t>(e.value)).find("BrokenBarrierError") != std::string::npos) {
                tr.broken = true;
                if (t) t->broken_error = t->waited = true;
            }
        } else if (op == Op::Wait && e.ok && t) {
            t->passed = t->waited = true;
            t->passed_at = e.t;
        }
    }
    if (tr.found) {
        const World w = world_at(log);
        if (tr.barrier < w.objects.size() && w.objects[tr.barrier].broken) tr.broken = true;
    }
    return tr;
}

std::string seconds_text(Nanos t) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f s", static_cast<double>(t) / 1e9);
    return buf;
}

CheckResult check_nobody_passes_early(const BarrierTrace& tr) {
    CheckResult r{"no task passed the barrier before the last one arrived", false, ""};
    if (!tr.found) {
        r.detail = "no barrier in the log";
        return r;
    }
    Nanos last_arrival = 0;
    bool everyone_arrived = true;
    for (const TaskTrace& t : tr.tasks) {
        if (t.work_end < 0) everyone_arrived = false;
        last_arrival = std::max(last_arrival, t.work_end);
    }
    int passed = 0, early = 0;
    Nanos first_pass = -1;
    for (const TaskTrace& t : tr.tasks) {
        if (!t.passed) continue;
        ++passed;
        if (!everyone_arrived || t.passed_at < last_arrival) ++early;
        if (first_pass < 0 || t.passed_at < first_pass) first_pass = t.passed_at;
    }
    r.passed = early == 0;
    if (passed == 0)
        r.detail = "no task passed (the barrier broke)";
    else if (!everyone_arrived)
        r.detail = std::to_string(passed) + " passed although a task never finished its work";
    else
        r.detail = std::to_string(passed) + " passed, the first at " + seconds_text(first_pass) +
                   "; the last task finished its work at " + seconds_text(last_arrival);
    return r;
}

CheckResult check_all_or_none(const BarrierTrace& tr) {
    CheckResult r{"all tasks passed together, or the barrier broke for every waiter", false, ""};
    if (!tr.found) {
        r.detail = "no barrier in the log";
        return r;
    }
    int passed = 0, broken_waiters = 0, waiters = 0;
    for (const TaskTrace& t : tr.tasks) {
        passed += t.passed;
        if (t.aborted && !t.waited) continue;  // the failing task never waits
        ++waiters;
        broken_waiters += t.broken_error;
    }
    const int tasks = static_cast<int>(tr.tasks.size());
    if (!tr.broken) {
        r.passed = tasks > 0 && passed == tasks && tr.service_starts == 1;
        r.detail = std::to_string(passed) + " of " + std::to_string(tasks) + " tasks passed; the service started " +
                   std::to_string(tr.service_starts) + " time(s)";
    } else {
        r.passed = passed == 0 && broken_waiters == waiters && tr.service_starts == 0;
        r.detail = "barrier broken: " + std::to_string(broken_waiters) + " of " + std::to_string(waiters) +
                   " waiters got BrokenBarrierError, " + std::to_string(passed) + " passed; the service " +
                   (tr.service_starts == 0 ? "did not start" : "started anyway");
    }
    return r;
}

// What the settings promise: a failing task breaks the barrier; without a
// failure or timeout it holds; with a timeout it breaks exactly when the
// slowest task arrives later than the first arrival plus the timeout.
CheckResult check_outcome(const BarrierTrace& tr, const Params& p) {
    CheckResult r{"the outcome matches the settings", false, ""};
    const int tasks = static_cast<int>(p.integer("tasks"));
    const int64_t fail_task = p.integer("fail_task");
    const double timeout = p.real("timeout_s");
    const std::string outcome = tr.broken ? "the barrier broke" : "the barrier held";
    if (fail_task >= 1 && fail_task <= tasks) {
        const std::string failing = kTasks[fail_task - 1].name;
        bool aborted_by_it = false;
        for (const TaskTrace& t : tr.tasks) aborted_by_it |= t.aborted && t.name == failing;
        r.passed = tr.broken && aborted_by_it;
        r.detail = "task " + std::to_string(fail_task) + " (" + failing + ") " +
                   (aborted_by_it ? "aborted" : "did not abort") + "; " + outcome;
        return r;
    }
    if (timeout <= 0) {
        r.passed = !tr.broken;
        r.detail = "no failure and no timeout; " + outcome;
        return r;
    }
    double shortest = 1e300, longest = 0;
    for (int i = 0; i < tasks; ++i) {
        shortest = std::min(shortest, kTasks[i].units * p.real("task_ms") / 1000.0);
        longest = std::max(longest, kTasks[i].units * p.real("task_ms") / 1000.0);
    }
    const double late_by = longest - (shortest + timeout);
    char buf[160];
    std::snprintf(buf, sizeof buf, "slowest task arrives %.2f s after the first waiter's timeout; ", late_by);
    // Within 0.1 s of a tie, free-mode jitter may decide either way.
    constexpr double kTooClose = 0.1;
    if (late_by > kTooClose)
        r.passed = tr.broken;
    else if (late_by < -kTooClose)
        r.passed = !tr.broken;
    else
        r.passed = true;
    r.detail = buf + outcome;
    return r;
}

std::vector<CheckResult> checks(const EventLog& log, const Params& p) {
    const BarrierTrace tr = trace_barrier(log);
    return {check_nobody_passes_early(tr), check_all_or_none(tr), check_outcome(tr, p)};
}

std::map<std::string, double> metrics(const EventLog& log, const Params&) {
    const BarrierTrace tr = trace_barrier(log);
    int broken_waiters = 0;
    for (const TaskTrace& t : tr.tasks) broken_waiters += t.broken_error;
    return {{"service_started", tr.service_starts > 0 ? 1.0 : 0.0},
            {"broken_waiters", static_cast<double>(broken_waiters)}};
}


}  // namespace

Scenario barrier_startup_scenario() {
    Scenario s;
    s.id = "barrier-startup";
    s.title = {"Start-up tasks meet at a barrier", "启动任务在屏障处会合"};
    s.summary = {
        "Start-up tasks of different lengths wait for each other at a threading.Barrier before the service "
        "starts; a failing task calls abort() (or a wait times out) and every waiter gets BrokenBarrierError.",
        "长短不一的启动任务在 threading.Barrier 处互相等待，全部就绪后服务才启动；某个任务失败调用 abort()"
        "（或等待超时）时，所有等待者都会收到 BrokenBarrierError。"};
    s.params = {
        param("tasks", ParamType::Int, 4, 2, kMaxTasks, {"start-up tasks (barrier parties)", "启动任务数（屏障的 parties）"}),
        param("fail_task", ParamType::Int, 0, 0, kMaxTasks,
              {"number of the task that fails and calls abort() (0: none; above tasks: none)",
               "失败并调用 abort() 的任务编号（0 表示没有；大于任务数也表示没有）"}),
        param("timeout_s", ParamType::Real, 0, 0, 30,
              {"seconds a task waits at the barrier before it breaks it (0: wait forever)",
               "任务在屏障处最多等待的秒数，超时就打破屏障（0 表示一直等）"}),
        param("task_ms", ParamType::Int, 300, 1, 2000,
              {"unit of start-up work in milliseconds (tasks take 1, 3, 2, 5, 4, 7, 6, 2.5 units)",
               "启动工作的时间单位（毫秒）；各任务分别耗时 1、3、2、5、4、7、6、2.5 个单位"}),
    };
    s.python = kPython;
    s.program = program;
    s.checks = checks;
    s.metrics = metrics;
    return s;
}

}  // namespace tl
