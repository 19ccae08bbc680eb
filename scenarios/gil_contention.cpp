// The GIL: a CPU-bound countdown run twice in a row, in two threads and in
// two processes; I/O-bound threads that overlap fine under the GIL; and the
// convoy effect: an I/O thread's response time next to a CPU-bound thread
// (it waits for the switch interval every time) and next to a CPU-bound
// process (it has its own GIL, so it does not wait).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "scenario.hpp"
#include "threadlab/process.hpp"
#include "threadlab/threading.hpp"

namespace tl {

namespace {

const char* const kPython = R"PY(import multiprocessing
import os
import sys
import threading
import time

N = 5_000_000                       # countdown steps: about 0.2 s of pure bytecode
ROUNDS, IO_S, SLICE = 20, 0.001, 2_000
sys.setswitchinterval(0.005)        # 3.2+: a waiting thread asks for the GIL after 5 ms

def countdown(n):
    while n > 0:                    # bytecode only: holds the GIL all the time
        n -= 1

def serve(times):                   # I/O-bound: wait for a request, then answer it
    for _ in range(ROUNDS):
        arrives = time.monotonic() + IO_S
        time.sleep(IO_S)            # waiting for it releases the GIL
        countdown(SLICE)            # answering needs the GIL back
        times.append(time.monotonic() - arrives)

def run_all(workers):
    for w in workers:
        w.start()
    for w in workers:
        w.join()

def timed(label, fn):
    start = time.monotonic()
    fn()
    print(f"{label}: {time.monotonic() - start:.2f} s")

if __name__ == "__main__":
    print(os.cpu_count(), "cores, switch interval", sys.getswitchinterval(), "s")
    timed("sequential", lambda: (countdown(N), countdown(N)))
    timed("2 threads", lambda: run_all([threading.Thread(target=countdown, args=(N,)) for _ in range(2)]))
    timed("2 processes", lambda: run_all([multiprocessing.Process(target=countdown, args=(N,)) for _ in range(2)]))
    timed("2 I/O threads", lambda: run_all([threading.Thread(target=serve, args=([],)) for _ in range(2)]))
    for neighbour in (None, threading.Thread, multiprocessing.Process):
        times = []
        workers = [threading.Thread(target=serve, args=(times,))]
        if neighbour:
            workers.append(neighbour(target=countdown, args=(N,)))
        run_all(workers)
        name = neighbour.__name__ if neighbour else "nothing"
        print(f"response next to {name}: {1000 * sum(times) / len(times):.2f} ms")
)PY";

namespace line {
constexpr int countdown = 13;
constexpr int io_wait = 18;
constexpr int answer = 19;
constexpr int start = 24;
constexpr int join = 26;
constexpr int report_phase = 31;
constexpr int report_machine = 34;
constexpr int make_threads = 36;
constexpr int make_processes = 37;
constexpr int make_io_threads = 38;
constexpr int make_server = 41;
constexpr int make_neighbour = 43;
constexpr int report_response = 46;
}  // namespace line

// The I/O thread's work, as in the listing.
constexpr int kRounds = 20;
constexpr double kAnswerSeconds = 0.0001;  // countdown(SLICE)
// countdown(N) runs in slices so that the timeline and the code pane follow
// the loop; the GIL is held across slices, as across bytecodes.
constexpr double kSliceSeconds = 0.01;

enum class GilParam { Modern = 0, Ticks = 1, Off = 2 };

// Labels of MainThread's prints: the boundaries of the phases.
const std::string kMachine = " cores, switch interval ";
const std::string kSequential = "sequential";
const std::string kThreads = "2 threads";
const std::string kProcesses = "2 processes";
const std::string kIoThreads = "2 I/O threads";
const std::string kResponse = "response next to ";

// Thread names the checks look for.
const std::string kServeAlone = "serve-alone";
const std::string kServeWithThread = "serve-next-to-thread";
const std::string kServeWithProcess = "serve-next-to-process";
const std::string kCpuThread = "cpu-thread";
const std::string kCpuProcess = "cpu-process";

void countdown(double seconds, int line_of_work) {
    at(line_of_work);
    const auto slices = static_cast<int64_t>(seconds / kSliceSeconds + 1e-9);
    for (int64_t i = 0; i < slices; ++i) cpu(kSliceSeconds);
    const double rest = seconds - static_cast<double>(slices) * kSliceSeconds;
    if (rest > 1e-9) cpu(rest);
}

double serve(double io_s) {
    double total = 0;
    for (int round = 0; round < kRounds; ++round) {
        const double arrives = monotonic() + io_s;
        at(line::io_wait);
        io(io_s);
        countdown(kAnswerSeconds, line::answer);
        total += monotonic() - arrives;
    }
    return total / kRounds;
}

void run_all(const std::vector<Thread*>& workers) {
    for (Thread* w : workers) {
        at(line::start);
        w->start();
    }
    for (Thread* w : workers) {
        at(line::join);
        w->join();
    }
}

std::string format(const char* fmt, double value) {
    char buf[96];
    std::snprintf(buf, sizeof buf, fmt, value);
    return buf;
}

template <class F>
void timed(const std::string& label, F fn) {
    const double start = monotonic();
    fn();
    at(line::report_phase);
    print(label + format(": %.2f s", monotonic() - start));
}

// os.cpu_count(): the modelled machine in deterministic mode, the real one otherwise.
int cpu_count() {
    const RunConfig& cfg = current_runtime().config();
    if (cfg.mode == Mode::Deterministic) return cfg.cores;
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

void program(const Params& p) {
    const double work_s = p.real("work_ms") / 1000.0;
    const double io_s = p.real("io_ms") / 1000.0;

    at(line::report_machine);
    print(std::to_string(cpu_count()) + kMachine + format("%g s", current_runtime().switch_interval()));

    timed(kSequential, [work_s] {
        countdown(work_s, line::countdown);
        countdown(work_s, line::countdown);
    });
    timed(kThreads, [work_s] {
        std::vector<Thread*> workers;
        for (int i = 1; i <= 2; ++i) {
            at(line::make_threads);
            workers.push_back(&make<Thread>("countdown-" + std::to_string(i),
                                            [work_s] { countdown(work_s, line::countdown); }));
        }
        run_all(workers);
    });
    timed(kProcesses, [work_s] {
        std::vector<Thread*> workers;
        for (int i = 1; i <= 2; ++i) {
            at(line::make_processes);
            workers.push_back(&make<Process>("process-" + std::to_string(i),
                                             [work_s] { countdown(work_s, line::countdown); }));
        }
        run_all(workers);
    });
    timed(kIoThreads, [io_s] {
        std::vector<Thread*> workers;
        for (int i = 1; i <= 2; ++i) {
            at(line::make_io_threads);
            workers.push_back(&make<Thread>("serve-" + std::to_string(i), [io_s] { serve(io_s); }));
        }
        run_all(workers);
    });

    struct Neighbour {
        const char* python_name;
        const std::string& server;
    };
    const Neighbour neighbours[] = {{"nothing", kServeAlone}, {"Thread", kServeWithThread},
                                    {"Process", kServeWithProcess}};
    for (const Neighbour& n : neighbours) {
        double response = 0;
        at(line::make_server);
        std::vector<Thread*> workers = {&make<Thread>(n.server, [&response, io_s] { response = serve(io_s); })};
        const std::string kind = n.python_name;
        at(line::make_neighbour);
        if (kind == "Thread")
            workers.push_back(&make<Thread>(kCpuThread, [work_s] { countdown(work_s, line::countdown); }));
        else if (kind == "Process")
            workers.push_back(&make<Process>(kCpuProcess, [work_s] { countdown(work_s, line::countdown); }));
        run_all(workers);
        at(line::report_response);
        print(kResponse + kind + format(": %.2f ms", 1000 * response));
    }
}

// ---- what the log says ------------------------------------------------------

struct ThreadSpan {
    Nanos first_run = -1;       // first Running state
    Nanos first_countdown = -1; // first CPU slice of countdown(N) (after a process's start-up)
    Nanos end = -1;             // final state
    std::vector<std::pair<Nanos, Nanos>> io;  // (start, duration) of every I/O wait
    Nanos startup_cpu = 0;      // CPU work before the countdown (a process's start-up)
    int gil_waits = 0;          // times it was blocked waiting for a GIL
    int gil_acquires = 0;
    Nanos first_gil = -1;       // first time it held a GIL
    Nanos last_release = -1;    // last time it let a GIL go (its countdown's end, for a CPU-bound one)
    Nanos last_acquire = -1;    // last time it took a GIL (its last answer, for an I/O thread)
    Nanos started = -1;         // MainThread's start() of it returned
    Nanos first_wait = -1;      // first time it was blocked or waiting on anything
};

struct GilTrace {
    int cores = 0;
    double interval = 0;              // from the header line
    std::vector<double> requested;    // switch intervals carried by drop requests, seconds
    std::map<std::string, Nanos> printed;  // label -> time of MainThread's print
    std::map<std::string, ThreadSpan> threads;  // by name
    int countdown_overlaps = 0;       // a countdown thread took a GIL the other one held
};

bool is_countdown_thread(const std::string& name) { return name == "countdown-1" || name == "countdown-2"; }

GilTrace trace_gil(const EventLog& log) {
    GilTrace tr;
    std::vector<std::string> names(log.thread_count());
    for (uint32_t tid = 0; tid < names.size(); ++tid) names[tid] = log.thread(tid).name;
    std::map<uint32_t, uint32_t> holder;  // GIL object -> holding thread, from its ops
    const size_t n = log.size();
    for (size_t i = 0; i < n; ++i) {
        const LogEvent& e = log[i];
        if (e.kind == EvKind::Print && e.thread == 0) {
            const std::string text = log.str(static_cast<uint32_t>(e.value));
            const size_t machine = text.find(kMachine);
            if (machine != std::string::npos) {
                tr.cores = std::atoi(text.c_str());
                tr.interval = std::atof(text.c_str() + machine + kMachine.size());
                tr.printed["machine"] = e.t;
            } else {
                const size_t colon = text.find(':');
                if (colon != std::string::npos) tr.printed[text.substr(0, colon)] = e.t;
            }
            continue;
        }
        if (e.thread >= names.size()) continue;
        ThreadSpan& span = tr.threads[names[e.thread]];
        const bool on_gil = e.object != kNone && e.object < log.object_count() && log.object(e.object).kind == ObjKind::Gil;
        if (e.kind == EvKind::State) {
            const ThreadState s = static_cast<ThreadState>(e.code);
            if (s == ThreadState::Running && span.first_run < 0) span.first_run = e.t;
            if (is_final(s) && span.end < 0) span.end = e.t;
            if (s == ThreadState::Blocked && on_gil) ++span.gil_waits;
            if ((s == ThreadState::Blocked || s == ThreadState::Waiting) && span.first_wait < 0) span.first_wait = e.t;
        } else if (e.kind == EvKind::OpDone) {
            const Op op = static_cast<Op>(e.code);
            if (op == Op::Start && e.ok && e.other < names.size()) {
                ThreadSpan& started = tr.threads[names[e.other]];
                if (started.started < 0) started.started = e.t;
            }
            if (op == Op::Io) span.io.push_back({e.t, e.value});
            if (op == Op::Cpu && span.first_countdown < 0) {
                if (e.line == line::countdown)
                    span.first_countdown = e.t;
                else
                    span.startup_cpu += e.value;
            }
            if (op == Op::DropRequest) tr.requested.push_back(static_cast<double>(e.value) / 1e9);
            if (on_gil && op == Op::Acquire) {
                ++span.gil_acquires;
                if (span.first_gil < 0) span.first_gil = e.t;
                span.last_acquire = e.t;
                auto h = holder.find(e.object);
                if (h != holder.end() && h->second != kNone && h->second != e.thread &&
                    is_countdown_thread(names[e.thread]) && is_countdown_thread(names[h->second]))
                    ++tr.countdown_overlaps;
                holder[e.object] = e.thread;
            }
            if (on_gil && op == Op::Release) {
                holder[e.object] = e.other;  // handed over, or free (kNone)
                span.last_release = e.t;
            }
        }
    }
    return tr;
}

const ThreadSpan* find_thread(const GilTrace& tr, const std::string& name) {
    auto it = tr.threads.find(name);
    return it == tr.threads.end() ? nullptr : &it->second;
}

// Seconds between the print that ends the phase before `label` and the one that ends `label`.
double phase_seconds(const GilTrace& tr, const std::string& before, const std::string& label) {
    auto a = tr.printed.find(before);
    auto b = tr.printed.find(label);
    if (a == tr.printed.end() || b == tr.printed.end() || b->second < a->second) return -1;
    return static_cast<double>(b->second - a->second) / 1e9;
}

// Whether two threads' countdowns (or lifetimes) were under way at the same moment.
bool overlapped(const ThreadSpan* a, const ThreadSpan* b, bool countdown_only) {
    if (!a || !b || a->end < 0 || b->end < 0) return false;
    const Nanos a_from = countdown_only ? a->first_countdown : a->first_run;
    const Nanos b_from = countdown_only ? b->first_countdown : b->first_run;
    return a_from >= 0 && b_from >= 0 && std::max(a_from, b_from) < std::min(a->end, b->end);
}

struct Ratios {
    double sequential = -1, threads = -1, processes = -1;
    double process_start = 0;  // CPU seconds a process spent starting (fork, imports) before it counted down
    double threads_over_sequential = -1, processes_over_sequential = -1;
    double io_threads_over_sequential = -1;
};

Ratios ratios(const GilTrace& tr) {
    Ratios r;
    r.sequential = phase_seconds(tr, "machine", kSequential);
    r.threads = phase_seconds(tr, kSequential, kThreads);
    r.processes = phase_seconds(tr, kThreads, kProcesses);
    if (r.sequential > 0 && r.threads >= 0) r.threads_over_sequential = r.threads / r.sequential;
    if (r.sequential > 0 && r.processes >= 0) r.processes_over_sequential = r.processes / r.sequential;
    for (const char* name : {"process-1", "process-2"}) {
        const ThreadSpan* t = find_thread(tr, name);
        if (t) r.process_start = std::max(r.process_start, static_cast<double>(t->startup_cpu) / 1e9);
    }
    // I/O threads: the phase against the two threads' lifetimes laid end to end.
    const double io_phase = phase_seconds(tr, kProcesses, kIoThreads);
    double lifetimes = 0;
    for (const char* name : {"serve-1", "serve-2"}) {
        const ThreadSpan* t = find_thread(tr, name);
        if (!t || t->end < 0 || t->first_run < 0) return r;
        lifetimes += static_cast<double>(t->end - t->first_run) / 1e9;
    }
    if (io_phase >= 0 && lifetimes > 0) r.io_threads_over_sequential = io_phase / lifetimes;
    return r;
}

// Deterministic runs keep exact time, so their ratios must sit in the bands
// the model predicts. A free run's wall clock on a shared machine is noise,
// so there the checks judge what the log shows happening (who held which
// GIL, what overlapped) and only report the ratios. The log's RunStart record
// says which mode ran; a log without one (hand-built in tests) counts as
// deterministic when the sequential phase took exactly twice countdown(N).
bool exact_clock(const EventLog& log, const Ratios& r, double work_s) {
    for (size_t i = 0; i < log.size(); ++i)
        if (log[i].kind == EvKind::RunStart) return static_cast<Mode>(log[i].code) == Mode::Deterministic;
    return r.sequential > 0 && std::abs(r.sequential - 2 * work_s) < 1e-6;
}

bool near(double value, double expected, double tolerance) { return std::abs(value - expected) <= tolerance; }

struct Round {
    double response = 0;  // seconds from the request's arrival until the answer was done
    double bound = 0;     // the least the answer must have waited for the GIL
};

GilParam gil_of(const Params& p) { return static_cast<GilParam>(p.integer("gil")); }

// The I/O thread's rounds whose request arrived while `neighbour` was
// counting down (every round when there is no neighbour), or arrived before
// and was still unanswered when the countdown took the GIL: on a busy machine
// the I/O thread may get a CPU for its answer only after the countdown has
// begun, and then that answer waits for the countdown's GIL as well. (An
// answer that held the GIL itself ends, with the next wait logged, before the
// countdown can take it.) A round's response runs from the arrival (the end
// of its I/O wait) to the start of the next wait, or the thread's end.
std::vector<Round> rounds(const GilTrace& tr, const std::string& server, const std::string& neighbour, GilParam gil,
                          double interval) {
    std::vector<Round> out;
    const ThreadSpan* s = find_thread(tr, server);
    if (!s || s->io.empty() || s->end < 0) return out;
    Nanos from = 0, until = INT64_MAX;
    if (!neighbour.empty()) {
        const ThreadSpan* nb = find_thread(tr, neighbour);
        if (!nb || nb->first_countdown < 0 || nb->end < 0) return out;
        // From the moment it counts down holding its GIL (the count is logged
        // just before the GIL is taken) until it lets the GIL go for the last
        // time. Its end is logged after that, and on a busy machine the
        // thread may get the CPU back for it only much later, while the I/O
        // thread answers freely: those answers owe nothing to the GIL rules.
        from = std::max(nb->first_countdown, nb->first_gil);
        until = nb->last_release >= from ? std::min(nb->last_release, nb->end) : nb->end;
    }
    for (size_t i = 0; i < s->io.size(); ++i) {
        const Nanos arrived = s->io[i].first + s->io[i].second;
        const Nanos answered = i + 1 < s->io.size() ? s->io[i + 1].first : s->end;
        if (arrived >= until || (arrived < from && answered <= from)) continue;
        const Nanos asked = std::max(arrived, from);  // from when the answer had to wait for the countdown's GIL
        // Next to a CPU-bound thread the answer waits for the GIL: a switch
        // interval (3.2+). The old GIL lets it in at a random check: no bound.
        double bound = 0;
        if (!neighbour.empty()) {
            const double left = static_cast<double>(until - asked) / 1e9;
            if (gil == GilParam::Modern) bound = std::min(interval, left);
        }
        out.push_back({static_cast<double>(answered - arrived) / 1e9, bound});
    }
    return out;
}

double mean_response(const std::vector<Round>& rs) {
    if (rs.empty()) return -1;
    double sum = 0;
    for (const Round& r : rs) sum += r.response;
    return sum / static_cast<double>(rs.size());
}

std::string ms(double seconds) { return format("%.2f ms", seconds * 1000); }
std::string ms(Nanos t) { return ms(static_cast<double>(t) / 1e9); }

// The mean response of some rounds, or what is missing (never a sentinel
// such as -1 printed as "-1000.00 ms").
std::string response_text(const std::vector<Round>& rs) {
    return rs.empty() ? "no request measured" : ms(mean_response(rs));
}
std::string times(double ratio) { return format("%.2fx", ratio); }

// The switch interval the run used: what the drop requests carried (the GUI
// may change it live), else what the program printed at the start.
double switch_interval(const GilTrace& tr) {
    if (tr.requested.empty()) return tr.interval;
    double sum = 0;
    for (double s : tr.requested) sum += s;
    return sum / static_cast<double>(tr.requested.size());
}

struct Convoy {
    std::vector<Round> alone, with_thread, with_process;
};

Convoy convoy(const GilTrace& tr, GilParam gil) {
    const double interval = switch_interval(tr);
    return {rounds(tr, kServeAlone, "", gil, interval), rounds(tr, kServeWithThread, kCpuThread, gil, interval),
            rounds(tr, kServeWithProcess, kCpuProcess, gil, interval)};
}

struct Verdict {
    const GilTrace& tr;
    Ratios r;
    bool exact;
    GilParam gil;
    double work_s;
};

// Why two spans of work (each from its `from` to the thread's end) did not
// overlap in a free run, or "" when the log does not excuse it. Overlap needs
// the later one to get going while the earlier one still runs. When MainThread
// had started it by then, and it did not wait for anything before it got
// going, only the machine kept it off a CPU: it took longer to be scheduled
// than the earlier one's whole work lasted, which is the work being shorter
// than the scheduling delays at this speed. A thread started only after the
// other had ended, or one that waited on something first, is a failure;
// except a wait that began at or after `excused_from` (set by the caller when
// the later thread arrived so late that it found the earlier one in its last
// short hold of the GIL, and waited only for that).
std::string why_apart(const std::string& a_name, const ThreadSpan* a, Nanos a_from, const std::string& b_name,
                      const ThreadSpan* b, Nanos b_from, Nanos excused_from = INT64_MAX) {
    if (!a || !b || a->end < 0 || b->end < 0 || a_from < 0 || b_from < 0) return "";
    if (b_from < a_from) {
        std::swap(a, b);
        std::swap(a_from, b_from);
        return why_apart(b_name, a, a_from, a_name, b, b_from, excused_from);
    }
    if (b_from < a->end) return "";  // they did overlap
    if (b->started < 0 || b->started >= a->end) return "";
    if (b->first_wait >= 0 && b->first_wait < b_from && b->first_wait < excused_from) return "";
    return "not shown: " + b_name + " was started while " + a_name + " ran, but got going only " +
           ms(b_from - b->started) + " later, after " + a_name + "'s work had ended (it lasted " +
           ms(a->end - a_from) + "): at this speed the work is shorter than the machine took to schedule a thread";
}

// The verdict of a check whose effect needs two spans to overlap: `shown` as
// computed, or in a free run NOT SHOWN when why_apart() excuses it.
void judge_overlap(CheckResult& c, bool shown, bool overlapped_spans, const Verdict& v, const std::string& a_name,
                   Nanos a_from, const std::string& b_name, Nanos b_from) {
    c.passed = shown;
    if (shown || overlapped_spans || v.exact) return;
    const std::string why = why_apart(a_name, find_thread(v.tr, a_name), a_from, b_name, find_thread(v.tr, b_name), b_from);
    if (why.empty()) return;
    c.not_shown = true;
    c.detail += "; " + why;
}

Nanos countdown_from(const GilTrace& tr, const std::string& name) {
    const ThreadSpan* t = find_thread(tr, name);
    return t ? t->first_countdown : -1;
}
Nanos run_from(const GilTrace& tr, const std::string& name) {
    const ThreadSpan* t = find_thread(tr, name);
    return t ? t->first_run : -1;
}

CheckResult check_threads(const Verdict& v) {
    const double expected = v.gil == GilParam::Off   ? 1.0 / std::min(2, v.tr.cores)
                            : v.gil == GilParam::Ticks ? (v.tr.cores >= 2 ? OldGil::slowdown : 1.0)
                                                       : 1.0;
    const std::string detail = "2 threads took " + times(v.r.threads_over_sequential) + " the sequential time on " +
                               std::to_string(v.tr.cores) + " cores" +
                               (v.exact ? " (model: " + times(expected) + ")" : "");
    if (v.r.threads_over_sequential < 0) return {"the countdown phases are in the log", false, "a phase is missing"};
    const bool in_band = !v.exact || near(v.r.threads_over_sequential, expected, 0.05);
    if (v.gil == GilParam::Off) {
        CheckResult c{"without a GIL, the two threads counted down at the same time", false, detail};
        const bool both = overlapped(find_thread(v.tr, "countdown-1"), find_thread(v.tr, "countdown-2"), true);
        judge_overlap(c, in_band && both, both, v, "countdown-1", countdown_from(v.tr, "countdown-1"), "countdown-2",
                      countdown_from(v.tr, "countdown-2"));
        return c;
    }
    const ThreadSpan* a = find_thread(v.tr, "countdown-1");
    const ThreadSpan* b = find_thread(v.tr, "countdown-2");
    const bool took_turns = a && b && a->gil_acquires > 0 && b->gil_acquires > 0 && v.tr.countdown_overlaps == 0;
    const char* title = v.gil == GilParam::Ticks && v.tr.cores >= 2
                            ? "with the old GIL, two CPU-bound threads were slower than one thread doing both"
                            : "two CPU-bound threads took turns holding the GIL: no faster than one thread doing both";
    CheckResult c{title, false, detail + (took_turns ? "; they never held it together" : "; they did not take turns")};
    c.passed = in_band && took_turns;
    return c;
}

// Starting a process (fork, imports) is paid before any counting; the model
// adds it to the time: (work + start) on min(2, cores) cores.
CheckResult check_processes(const Verdict& v) {
    if (v.r.processes_over_sequential < 0) return {"the countdown phases are in the log", false, "a phase is missing"};
    const double expected = (v.work_s + v.r.process_start) / (v.work_s * std::min(2, v.tr.cores));
    const bool both = overlapped(find_thread(v.tr, "process-1"), find_thread(v.tr, "process-2"), true);
    const std::string detail = "2 processes took " + times(v.r.processes_over_sequential) +
                               " the sequential time on " + std::to_string(v.tr.cores) + " cores" +
                               (v.exact ? " (model: " + times(expected) + ")" : "") +
                               (both ? "; their countdowns overlapped" : "; their countdowns did not overlap");
    const bool in_band = !v.exact || near(v.r.processes_over_sequential, expected, 0.05);
    CheckResult c{v.tr.cores >= 2 ? "two processes, each with its own GIL, counted down in parallel"
                                  : "on one core, two processes were no faster than one",
                  false, detail};
    judge_overlap(c, in_band && both, both, v, "process-1", countdown_from(v.tr, "process-1"), "process-2",
                  countdown_from(v.tr, "process-2"));
    return c;
}

CheckResult check_io_threads(const Verdict& v) {
    CheckResult c{"two I/O-bound threads overlapped their waits under the GIL", false, ""};
    const bool both = overlapped(find_thread(v.tr, "serve-1"), find_thread(v.tr, "serve-2"), false);
    c.detail = v.r.io_threads_over_sequential < 0
                   ? std::string("the I/O phase or one of its threads is missing from the log")
                   : "the phase took " + times(v.r.io_threads_over_sequential) +
                         " the two threads' lifetimes end to end" + (both ? "" : "; they did not overlap");
    judge_overlap(c,
                  both && v.r.io_threads_over_sequential > 0 &&
                      (!v.exact || near(v.r.io_threads_over_sequential, 0.5, 0.1)),
                  both, v, "serve-1", run_from(v.tr, "serve-1"), "serve-2", run_from(v.tr, "serve-2"));
    return c;
}

// No request of the I/O thread arrived, nor was answered, while its
// neighbour counted down. In a free run that is NOT SHOWN when the two never
// overlapped because the machine was slow to schedule one of them (see
// why_apart); otherwise (a deterministic run, a phase missing, or spans that
// overlapped and still no round) the caller reports a failure.
CheckResult convoy_not_shown(const Verdict& v, const std::string& name, const std::string& server,
                             const std::string& neighbour, const std::string& detail) {
    CheckResult c{name, false, detail};
    const ThreadSpan* nb = find_thread(v.tr, neighbour);
    const ThreadSpan* sv = find_thread(v.tr, server);
    if (v.exact || !nb || !sv) return c;
    // A countdown that got a CPU only during the I/O thread's last answer
    // waits for the GIL that answer holds (0.1 ms of work): that wait is
    // excused when every answer took the GIL anew, so the last hold was one
    // answer and not the I/O thread keeping the GIL all along.
    const bool short_holds = sv->gil_acquires >= static_cast<int>(sv->io.size()) && sv->last_acquire >= 0;
    const std::string why = why_apart(server, sv, run_from(v.tr, server), neighbour, nb,
                                      std::max(nb->first_countdown, nb->first_gil),
                                      short_holds ? sv->last_acquire : INT64_MAX);
    if (why.empty()) return c;
    c.not_shown = true;
    c.detail += "; " + why;
    return c;
}

// How much the answer may rise with no GIL to wait for, in deterministic
// runs: sharing the only core with the neighbour costs one more answer.
double sharing_allowance(const GilTrace& tr) { return tr.cores < 2 ? 1.5 * kAnswerSeconds : 0.05 * kAnswerSeconds; }

CheckResult check_convoy_thread(const Verdict& v, const Convoy& cv) {
    const double alone = mean_response(cv.alone), with_thread = mean_response(cv.with_thread);
    std::string detail = "response alone " + response_text(cv.alone) + ", next to a CPU-bound thread " +
                         response_text(cv.with_thread) + " (" + std::to_string(cv.with_thread.size()) +
                         " requests while it counted down)";
    if (cv.with_thread.empty() && !cv.alone.empty()) {
        if (CheckResult c = convoy_not_shown(v, "next to a CPU-bound thread, the answers waited for the GIL (convoy)",
                                             kServeWithThread, kCpuThread, detail);
            c.not_shown)
            return c;
    }
    if (cv.alone.empty() || cv.with_thread.empty()) return {"the convoy phases are in the log", false, detail};
    const ThreadSpan* server = find_thread(v.tr, kServeWithThread);
    if (v.gil == GilParam::Off) {
        CheckResult c{"without a GIL, a CPU-bound thread did not hold the I/O thread up", false, detail};
        c.passed = server && server->gil_waits == 0 &&
                   (!v.exact || with_thread - alone <= sharing_allowance(v.tr) + 1e-9);
        return c;
    }
    if (v.gil == GilParam::Ticks) {
        // The old GIL lets the answer in at one of its frequent checks: it
        // waits, but for much less than a switch interval of 3.2+.
        CheckResult c{"next to a CPU-bound thread, the answers waited for the GIL (the old GIL: briefly, at one of "
                      "its checks)",
                      false, detail};
        c.passed = server && server->gil_waits > 0 && with_thread > alone &&
                   (!v.exact || with_thread - alone < 0.5 * switch_interval(v.tr));
        return c;
    }
    // The GIL rules make an answer wait at least `bound` whenever the
    // countdown holds the GIL at the arrival. On a busy real machine the
    // countdown thread can itself be descheduled just as it should take the
    // GIL back, leaving it free for a moment, so three quarters must wait.
    double bound = 0;
    size_t waited = 0;
    for (const Round& r : cv.with_thread) {
        bound += r.bound / static_cast<double>(cv.with_thread.size());
        waited += r.response >= 0.9 * r.bound;
    }
    CheckResult c{"next to a CPU-bound thread, the answers waited for the GIL (convoy)", false,
                  detail + "; " + std::to_string(waited) + " answers waited at least 90% of what the GIL rules " +
                      "impose (" + ms(bound) + " on average)"};
    c.passed = server && server->gil_waits > 0 && 4 * waited >= 3 * cv.with_thread.size();
    return c;
}

CheckResult check_convoy_process(const Verdict& v, const Convoy& cv) {
    const double alone = mean_response(cv.alone), with_process = mean_response(cv.with_process);
    const std::string detail =
        "response alone " + response_text(cv.alone) + ", next to a CPU-bound process " + response_text(cv.with_process);
    if (cv.with_process.empty() && !cv.alone.empty()) {
        if (CheckResult c = convoy_not_shown(v, "next to a CPU-bound process, the I/O thread never waited for a GIL",
                                             kServeWithProcess, kCpuProcess, detail);
            c.not_shown)
            return c;
    }
    if (cv.alone.empty() || cv.with_process.empty()) return {"the convoy phases are in the log", false, detail};
    const ThreadSpan* server = find_thread(v.tr, kServeWithProcess);
    CheckResult c{"next to a CPU-bound process, the I/O thread never waited for a GIL", false, detail};
    c.passed = server && server->gil_waits == 0 && (!v.exact || with_process - alone <= sharing_allowance(v.tr) + 1e-9);
    return c;
}

std::vector<CheckResult> checks(const EventLog& log, const Params& p) {
    const GilTrace tr = trace_gil(log);
    const double work_s = p.real("work_ms") / 1000.0;
    const Ratios r = ratios(tr);
    const Verdict v{tr, r, exact_clock(log, r, work_s), gil_of(p), work_s};
    const Convoy cv = convoy(tr, v.gil);
    return {check_threads(v), check_processes(v), check_io_threads(v), check_convoy_thread(v, cv),
            check_convoy_process(v, cv)};
}

std::map<std::string, double> metrics(const EventLog& log, const Params& p) {
    const GilTrace tr = trace_gil(log);
    const Ratios r = ratios(tr);
    const Convoy cv = convoy(tr, gil_of(p));
    auto in_ms = [](double seconds) { return seconds < 0 ? -1.0 : seconds * 1000; };
    return {{"sequential_s", r.sequential},
            {"threads_s", r.threads},
            {"processes_s", r.processes},
            {"threads_over_sequential", r.threads_over_sequential},
            {"processes_over_sequential", r.processes_over_sequential},
            {"process_start_ms", r.process_start * 1000},
            {"io_threads_over_sequential", r.io_threads_over_sequential},
            {"io_response_alone_ms", in_ms(mean_response(cv.alone))},
            {"io_response_with_cpu_thread_ms", in_ms(mean_response(cv.with_thread))},
            {"io_response_with_cpu_process_ms", in_ms(mean_response(cv.with_process))},
            {"cores", static_cast<double>(tr.cores)}};
}


void configure(RunConfig& cfg, const Params& p) {
    cfg.cores = static_cast<int>(p.integer("cores"));
    cfg.switch_interval = p.real("switch_ms") / 1000.0;
    switch (gil_of(p)) {
        case GilParam::Modern: cfg.gil = GilMode::Modern; break;
        case GilParam::Ticks: cfg.gil = GilMode::Ticks; break;
        case GilParam::Off: cfg.gil = GilMode::Off; break;
    }
}

void apply_live(Runtime& rt, const std::string& name, double value) {
    if (name == "switch_ms") rt.set_switch_interval(value / 1000.0);
}

}  // namespace

Scenario gil_contention_scenario() {
    Scenario s;
    s.id = "gil-contention";
    s.title = {"The GIL: threads, processes and the convoy effect", "GIL：线程、进程与护航效应"};
    s.summary = {
        "A CPU-bound countdown takes as long in two threads as run twice in a row, because only the thread "
        "holding the GIL runs bytecode; two processes finish in about half the time. I/O-bound threads overlap "
        "fine, but an I/O thread next to a CPU-bound thread waits a switch interval for every answer.",
        "CPU 密集的倒数循环放在两个线程里跑，和在一个线程里连跑两遍一样慢，因为只有拿到 GIL 的线程才能执行字节码；"
        "换成两个进程，时间大约减半。I/O 密集的线程在 GIL 下照样能并发，但与 CPU 密集线程同处一个进程时，"
        "I/O 线程每次响应都要等一个切换间隔（护航效应）。"};
    s.params = {
        param("work_ms", ParamType::Int, 200, 50, 5000,
              {"CPU milliseconds of one countdown(N)", "一次 countdown(N) 需要的 CPU 毫秒数"}),
        param("io_ms", ParamType::Int, 1, 1, 10,
              {"milliseconds the I/O thread waits for each of its 20 requests (IO_S)",
               "I/O 线程等待每个请求的毫秒数（共 20 个请求，对应 IO_S）"}),
        param("switch_ms", ParamType::Real, 5, 0.1, 50,
              {"sys.setswitchinterval in milliseconds: how long a waiting thread waits before it asks for the GIL",
               "sys.setswitchinterval（毫秒）：等待的线程等多久后要求持有者交出 GIL"},
              true),
        param("gil", ParamType::Int, 0, 0, 2,
              {"0: CPython 3.2+ GIL (switch interval), 1: old GIL (check every 100 ticks), 2: no GIL",
               "0：CPython 3.2 起的 GIL（切换间隔），1：旧版 GIL（每 100 个 tick 检查一次），2：没有 GIL"}),
        cores_param(),
    };
    s.python = kPython;
    s.program = program;
    s.checks = checks;
    s.metrics = metrics;
    s.configure = configure;
    s.apply_live = apply_live;
    return s;
}

}  // namespace tl
