// What happens when the main thread returns: Python waits for every
// non-daemon thread and cuts daemon threads off wherever they are. On the
// way, join(timeout) shows that a timed join returns without telling whether
// the thread ended; is_alive() is how you find out.
#include <algorithm>
#include <string>
#include <vector>

#include "scenario.hpp"
#include "threadlab/threading.hpp"

namespace tl {

namespace {

const char* const kPython = R"PY(import threading
import time

WORKERS, DAEMONS = 2, 2
WORKER_S, DAEMON_S = 1.0, 1.5      # thread i works (i + 1) times this long
JOIN_TIMEOUT = 0.5

def work(seconds):
    time.sleep(seconds)            # the job: a download, a report, a flush...
    print(threading.current_thread().name, "finished")

threads = [threading.Thread(target=work, name=f"worker-{i}", args=((i + 1) * WORKER_S,))
           for i in range(WORKERS)]
threads += [threading.Thread(target=work, name=f"daemon-{i}", args=((i + 1) * DAEMON_S,),
                             daemon=True)
            for i in range(DAEMONS)]
for t in threads:
    t.start()
if threads:
    first = threads[0]
    first.join(timeout=JOIN_TIMEOUT)   # gives up after the timeout, raises nothing
    print(first.name, "alive after join(timeout):", first.is_alive())
print("main returns: Python now waits for the non-daemon threads only")
)PY";

namespace line {
constexpr int work = 9;
constexpr int finished = 10;
constexpr int make_worker = 12;
constexpr int make_daemon = 14;
constexpr int start = 18;
constexpr int join = 21;
constexpr int report_alive = 22;
constexpr int main_returns = 23;
}  // namespace line

const std::string kAliveText = " alive after join(timeout): ";

void work(double seconds) {
    at(line::work);
    sleep(seconds);
    at(line::finished);
    print(current_thread_name() + " finished");
}

void program(const Params& p) {
    const double worker_s = p.real("worker_ms") / 1000.0;
    const double daemon_s = p.real("daemon_ms") / 1000.0;

    std::vector<Thread*> threads;
    for (int64_t i = 0; i < p.integer("workers"); ++i) {
        const double seconds = static_cast<double>(i + 1) * worker_s;
        at(line::make_worker);
        threads.push_back(&make<Thread>("worker-" + std::to_string(i), [seconds] { work(seconds); }));
    }
    for (int64_t i = 0; i < p.integer("daemons"); ++i) {
        const double seconds = static_cast<double>(i + 1) * daemon_s;
        at(line::make_daemon);
        Thread& t = make<Thread>("daemon-" + std::to_string(i), [seconds] { work(seconds); });
        t.set_daemon(true);
        threads.push_back(&t);
    }
    for (Thread* t : threads) {
        at(line::start);
        t->start();
    }
    if (!threads.empty()) {
        Thread& first = *threads.front();
        at(line::join);
        first.join(p.real("join_timeout_ms") / 1000.0);
        at(line::report_alive);
        const bool alive = first.is_alive();
        print(first.name() + kAliveText + (alive ? "True" : "False"));
    }
    at(line::main_returns);
    print("main returns: Python now waits for the non-daemon threads only");
}

// Each thread's end as the log tells it.
struct ThreadEnd {
    uint32_t tid = 0;
    std::string name;
    bool daemon = false;
    ThreadState state = ThreadState::New;  // its final state, or the last one seen
    size_t end_index = SIZE_MAX;           // index of the event that ended it
    size_t last_step_index = 0;            // index of its last event before that
};

std::vector<ThreadEnd> thread_ends(const EventLog& log) {
    std::vector<ThreadEnd> ends;
    for (uint32_t tid = 0; tid < log.thread_count(); ++tid) {
        const ThreadInfo info = log.thread(tid);
        ends.push_back({tid, info.name, info.daemon});
    }
    const size_t n = log.size();
    for (size_t i = 0; i < n; ++i) {
        const LogEvent& e = log[i];
        // Daemon status is fixed at start(): the Start op carries it (aux),
        // whereas the thread table records the value inherited at creation.
        if (e.kind == EvKind::OpDone && static_cast<Op>(e.code) == Op::Start && e.other < ends.size())
            ends[e.other].daemon = e.aux != 0;
        if (e.thread >= ends.size()) continue;
        ThreadEnd& end = ends[e.thread];
        if (end.end_index != SIZE_MAX) continue;  // final states are never left
        if (e.kind == EvKind::State && is_final(static_cast<ThreadState>(e.code))) {
            end.state = static_cast<ThreadState>(e.code);
            end.end_index = i;
        } else {
            if (e.kind == EvKind::State) end.state = static_cast<ThreadState>(e.code);
            end.last_step_index = i;
        }
    }
    return ends;
}

// Interpreter shutdown (the moment daemons are cut off) comes after the last
// non-daemon worker has ended and after MainThread's last own step; SIZE_MAX
// when a non-daemon thread never ended. MainThread's own end is recorded only
// after it has killed the daemons, so it does not count here.
size_t shutdown_index(const std::vector<ThreadEnd>& ends) {
    size_t last = 0;
    for (const ThreadEnd& t : ends) {
        if (t.daemon) continue;
        if (t.end_index == SIZE_MAX) return SIZE_MAX;
        last = std::max(last, t.tid == 0 ? t.last_step_index : t.end_index);
    }
    return last;
}

CheckResult check_workers_done(const std::vector<ThreadEnd>& ends) {
    CheckResult r{"every non-daemon thread was waited for and finished", false, ""};
    int workers = 0, done = 0;
    for (const ThreadEnd& t : ends) {
        if (t.daemon || t.tid == 0) continue;
        ++workers;
        done += t.state == ThreadState::Done;
    }
    r.passed = done == workers;
    r.detail = std::to_string(done) + " of " + std::to_string(workers) + " non-daemon workers done";
    return r;
}

CheckResult check_daemons_cut_off(const std::vector<ThreadEnd>& ends) {
    CheckResult r{"daemons still working at shutdown were killed, the others finished", false, ""};
    const size_t shutdown = shutdown_index(ends);
    if (shutdown == SIZE_MAX) {
        r.detail = "no shutdown: a non-daemon thread never ended";
        return r;
    }
    int daemons = 0, finished = 0, killed = 0, wrong = 0;
    for (const ThreadEnd& t : ends) {
        if (!t.daemon) continue;
        ++daemons;
        const bool ended_before = t.end_index < shutdown;
        if (ended_before && t.state == ThreadState::Done)
            ++finished;
        else if (!ended_before && t.state == ThreadState::Killed)
            ++killed;
        else
            ++wrong;
    }
    r.passed = wrong == 0;
    r.detail = std::to_string(daemons) + " daemons: " + std::to_string(finished) + " finished before shutdown, " +
               std::to_string(killed) + " killed at shutdown, " + std::to_string(wrong) + " otherwise";
    return r;
}

// join(timeout) returns either way, so is_alive() must say which: True only
// if the thread had not ended when join returned, False only if it had ended
// by the time the answer was printed (it may end in between).
CheckResult check_is_alive(const EventLog& log, const std::vector<ThreadEnd>& ends) {
    CheckResult r{"is_alive() after join(timeout) matched the thread's real state", false, ""};
    const size_t n = log.size();
    size_t join_index = SIZE_MAX;
    uint32_t joined = kNone;
    for (size_t i = 0; i < n && join_index == SIZE_MAX; ++i) {
        const LogEvent& e = log[i];
        if (e.kind == EvKind::OpDone && e.thread == 0 && static_cast<Op>(e.code) == Op::Join) {
            join_index = i;
            for (const ThreadEnd& t : ends)
                if (log.thread(t.tid).object == e.object) joined = t.tid;
        }
    }
    if (join_index == SIZE_MAX) {
        r.passed = ends.size() <= 1;  // nothing to join when there are no threads
        r.detail = r.passed ? "no threads, so no join" : "MainThread never joined a thread";
        return r;
    }
    size_t answer_index = SIZE_MAX;
    std::string answer;
    for (size_t i = join_index + 1; i < n && answer_index == SIZE_MAX; ++i) {
        const LogEvent& e = log[i];
        if (e.kind != EvKind::Print || e.thread != 0) continue;
        const std::string text = log.str(static_cast<uint32_t>(e.value));
        const size_t at_text = text.find(kAliveText);
        if (at_text == std::string::npos) continue;
        answer_index = i;
        answer = text.substr(at_text + kAliveText.size());
    }
    if (joined == kNone || answer_index == SIZE_MAX || (answer != "True" && answer != "False")) {
        r.detail = "the timed join or its is_alive() answer is missing from the log";
        return r;
    }
    const ThreadEnd& t = ends[joined];
    const bool ended_at_join = t.end_index < join_index;
    const bool ended_at_answer = t.end_index < answer_index;
    r.passed = answer == "True" ? !ended_at_join : ended_at_answer;
    r.detail = t.name + ": is_alive() said " + answer + "; the thread had " +
               (ended_at_answer ? "ended" : "not ended") + " by then";
    return r;
}

std::vector<CheckResult> checks(const EventLog& log, const Params&) {
    const std::vector<ThreadEnd> ends = thread_ends(log);
    return {check_workers_done(ends), check_daemons_cut_off(ends), check_is_alive(log, ends)};
}

std::map<std::string, double> metrics(const EventLog& log, const Params&) {
    double workers_done = 0, daemons_finished = 0, daemons_killed = 0;
    for (const ThreadEnd& t : thread_ends(log)) {
        if (t.tid == 0) continue;
        if (!t.daemon) workers_done += t.state == ThreadState::Done;
        if (t.daemon) daemons_finished += t.state == ThreadState::Done;
        if (t.daemon) daemons_killed += t.state == ThreadState::Killed;
    }
    return {{"workers_done", workers_done},
            {"daemons_finished", daemons_finished},
            {"daemons_killed", daemons_killed}};
}


}  // namespace

Scenario daemon_exit_scenario() {
    Scenario s;
    s.id = "daemon-exit";
    s.title = {"Daemon threads and the end of a program", "守护线程与程序退出"};
    s.summary = {
        "When main returns, Python waits for every non-daemon thread but cuts daemon threads off mid-work; "
        "join(timeout) returns either way, and is_alive() tells whether the thread really ended.",
        "主线程返回后，Python 会等所有非守护线程结束，守护线程则在半路被直接终止；"
        "join(timeout) 超时也会返回，要用 is_alive() 判断线程是否真的结束了。"};
    s.params = {
        param("workers", ParamType::Int, 2, 0, 8, {"non-daemon worker threads", "非守护工作线程数"}),
        param("daemons", ParamType::Int, 2, 0, 8, {"daemon threads", "守护线程数"}),
        param("worker_ms", ParamType::Int, 1000, 1, 10000,
              {"worker i works (i + 1) times this many milliseconds", "第 i 个工作线程工作 (i + 1) 倍这么多毫秒"}),
        param("daemon_ms", ParamType::Int, 1500, 1, 10000,
              {"daemon i works (i + 1) times this many milliseconds", "第 i 个守护线程工作 (i + 1) 倍这么多毫秒"}),
        param(
            "join_timeout_ms", ParamType::Int, 500, 0, 10000,
            {"timeout of main's join() on the first thread, milliseconds", "主线程对第一个线程 join() 的超时（毫秒）"}),
    };
    s.python = kPython;
    s.program = program;
    s.checks = checks;
    s.metrics = metrics;
    return s;
}

}  // namespace tl
