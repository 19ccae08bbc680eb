// The child side of a Python run: initialise the interpreter, run the
// program over a fresh engine Runtime on this (the main) thread, stream the
// log to the parent, and leave without finalising the interpreter (daemon
// threads may still be inside Python, as CPython also leaves them).
#include <fcntl.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "blocked_watchdog.hpp"
#include "runner/log_stream.hpp"
#include "runner/python_run.hpp"
#include "threadlab/errors.hpp"

namespace tl::runner {

namespace {

constexpr int kStreamFd = 3;
// How long daemon threads get to unwind after main's shutdown killed them
// before they are abandoned (a daemon in a loop that makes no engine call
// never notices it was killed; CPython too just stops running it).
constexpr double kDaemonGrace = 0.5;
// Real seconds without a step, the running thread asleep in the kernel,
// before a deterministic run is declared blocked outside the engine.
constexpr double kQuietBeforeBlocked = 1.5;

std::string outcome_json(const py::ProgramOutcome& o, const std::string& blocked = "", int blocked_line = 0) {
    nlohmann::json j;
    j["blocked_outside"] = blocked;
    j["blocked_line"] = blocked_line;
    j["compiled"] = o.compiled;
    j["main_raised"] = o.main_raised;
    j["error"] = o.error;
    j["error_line"] = o.error_line;
    j["exit_status"] = o.exit_status;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string source_line(const std::string& source, int line) {
    std::istringstream in(source);
    std::string text;
    for (int i = 0; i < line && std::getline(in, text); ++i) {
    }
    const size_t a = text.find_first_not_of(" \t");
    return a == std::string::npos ? std::string() : text.substr(a);
}

// What the student reads when their program waits for something outside it.
std::string blocked_message(const EventLog& log, const BlockedOutside& b, const std::string& source) {
    std::string where = log.thread(b.tid).name;
    if (b.line > 0) where += " at line " + std::to_string(b.line) + ": " + source_line(source, b.line);
    return where +
           " (this waits for something outside the program, such as input(), a socket, a subprocess or a "
           "C-level lock; deterministic mode runs one thread at a time and cannot go on while it waits: run the "
           "program with --mode free)";
}

RunConfig config_from(const nlohmann::json& j) {
    RunConfig c;
    c.mode = j.at("mode").get<std::string>() == "deterministic" ? Mode::Deterministic : Mode::Free;
    const std::string policy = j.at("policy").get<std::string>();
    c.policy = policy == "round-robin" ? Policy::RoundRobin : policy == "manual" ? Policy::Manual : Policy::Random;
    c.seed = j.at("seed").get<uint64_t>();
    c.cores = j.value("cores", 2);
    c.switch_interval = j.value("switch_interval", 0.005);
    c.gil = GilMode::Off;  // Python threads are under CPython's own GIL, never the modelled one
    // Free mode: sleeps and timeouts take 1/speed of their real time, and
    // the program's clocks read the run's time (boot.py).
    c.speed = j.value("speed", 1.0);
    // Deterministic mode in the GUI: virtual time no faster than real time
    // times the speed, so the run can be watched, paused and stepped.
    c.paced = j.value("paced", false);
    return c;
}

// The toolbar's controls of a deterministic run: they act on the scheduler
// only, never on its decisions, so the log is the same paused or not.
void obey_control(Runtime& rt, const std::string& what, double value) {
    if (what == "pause") rt.pause();
    else if (what == "resume") rt.resume();
    else if (what == "step") rt.step();
    else if (what == "speed") rt.set_speed(value);
    else if (what == "pick") rt.pick(static_cast<uint32_t>(value));
}

// The manual policy: tells the front end which threads it may pick, each
// time that changes. A poll: the scheduler has no hook for it, and a few
// milliseconds are nothing next to a person's click.
void report_choices(Runtime* rt, int fd) {
    std::vector<uint32_t> last;
    while (!rt->finished()) {
        const std::vector<uint32_t> now = rt->choices();
        if (now != last) {
            const std::string line = nlohmann::json{{"choices", now}}.dump() + "\n";
            if (send(fd, line.data(), line.size(), MSG_NOSIGNAL) < 0 && errno != EINTR) return;
            last = now;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

void serve_front_end(Runtime* rt, int fd) {
    std::string pending;
    char buf[4096];
    for (;;) {
        const ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // the front end closed it, or is gone
        pending.append(buf, static_cast<size_t>(n));
        for (size_t eol; (eol = pending.find('\n')) != std::string::npos;) {
            const std::string line = pending.substr(0, eol);
            pending.erase(0, eol + 1);
            try {
                const nlohmann::json m = nlohmann::json::parse(line);
                if (m.contains("control")) {
                    obey_control(*rt, m.at("control").get<std::string>(), m.value("value", 1.0));
                    continue;
                }
                py::call_in_program(*rt, "teacher", m.at("call").get<std::string>(), m.at("value").get<std::string>(),
                                    m.at("label").get<std::string>());
            } catch (const std::exception&) {
                // A malformed line from our own front end: nothing to call.
            }
        }
    }
}

std::vector<py::TimedCall> scripted_changes(const nlohmann::json& j) {
    std::vector<py::TimedCall> calls;
    for (const nlohmann::json& c : j.value("changes", nlohmann::json::array()))
        calls.push_back({c.at("function").get<std::string>(), c.at("value").get<std::string>(),
                         c.at("label").get<std::string>(), c.at("at_ns").get<Nanos>()});
    return calls;
}

// Free mode: each scripted change when the run's clock reaches its time,
// from outside, as a slider's. (Deterministic mode: py::schedule_calls.)
void make_changes_on_time(Runtime* rt, std::vector<py::TimedCall> calls) {
    for (const py::TimedCall& c : calls) {
        while (rt->clock_now() < c.at) {
            if (rt->finished()) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));  // a poll, not a synchronisation
        }
        // Its function, or a global it reads, may not be defined yet (a
        // change at 0 s, or a slow machine): it waits for a while, then
        // runs anyway and its NameError is printed.
        for (int i = 0; i < 1000 && !py::program_defines(c.function); ++i) {
            if (rt->finished()) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        py::call_in_program(*rt, "teacher", c.function, c.value_literal, c.label);
    }
}

// Binds this process (and every thread it starts) to the CPU it runs on now.
void pin_to_current_cpu() {
    const int cpu = sched_getcpu();
    if (cpu < 0) return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set);  // best effort: unpinned runs are only slower
}

}  // namespace

int python_child_main(const std::string& config_json) {
    // Programs the student's program starts (subprocess) must not hold the
    // stream open after this process has gone.
    fcntl(kStreamFd, F_SETFD, FD_CLOEXEC);
    nlohmann::json j = nlohmann::json::parse(config_json);
    py::ProgramSpec spec;
    spec.path = j.at("path").get<std::string>();
    spec.granularity = py::parse_granularity(j.at("granularity").get<std::string>()).value_or(py::Granularity::Switch);
    std::stringstream text;
    if (j.contains("source_fd")) {
        const int fd = j.at("source_fd").get<int>();
        char buf[65536];
        ssize_t n;
        while ((n = read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
            if (n > 0) text.write(buf, n);
        close(fd);
    } else {
        std::ifstream in(spec.path, std::ios::binary);
        text << in.rdbuf();
    }
    spec.source = text.str();

    py::initialize_interpreter(spec.path);
    py::ProgramOutcome syntax = py::check_syntax(spec);
    if (!syntax.compiled) {
        EventLog empty;
        LogShipper shipper(empty, kStreamFd);
        shipper.finish(outcome_json(syntax));
        ::_exit(0);
    }

    RunConfig config = config_from(j);
    // At CPython's own switch points the modelled GIL decides when to
    // switch; at every line or bytecode the policy picks at each one, to
    // show interleavings CPython rarely produces.
    config.interval_switching = spec.granularity == py::Granularity::Switch;
    // Deterministic mode runs one thread at a time: on one CPU, a hand-over
    // between threads stays in that CPU's cache and run queue instead of
    // waking a sleeping core (measured in BENCHMARKS.md section 7.2: 5.7x
    // more switches per second on an idle machine). Free mode keeps every
    // core, as the program would have under python3.11.
    if (config.mode == Mode::Deterministic) pin_to_current_cpu();
    Runtime rt(config);
    if (j.value("start_paused", false)) rt.pause();
    LogShipper shipper(rt.log(), kStreamFd);
    py::set_flush_hook([&shipper] { shipper.flush(); });
    // A process the program forks sends its own stream from the fork on.
    // The program's shipper is not the child's to use: its thread did not
    // survive the fork and its mutexes may be held for ever. The child's
    // shipper is never destroyed: the child ends with _exit.
    static LogShipper* child_shipper = nullptr;
    py::set_process_hooks({[&rt](const py::ForkPoint& p) {
                               StreamStart start{p.parent_ospid, p.fork_tid, p.events, p.threads,
                                                 p.objects, p.strings, p.t, p.name};
                               child_shipper = new LogShipper(rt.log(), kStreamFd, start);
                               py::set_flush_hook([] { child_shipper->flush(); });
                           },
                           [] {
                               if (child_shipper) child_shipper->finish_process();
                           },
                           [&shipper](uint32_t ospid) {
                               (child_shipper ? child_shipper : &shipper)->announce_killed(ospid);
                           }});
    py::ProgramOutcome outcome;
    std::optional<BlockedWatchdog> watchdog;
    if (rt.config().mode == Mode::Deterministic)
        watchdog.emplace(kQuietBeforeBlocked, [&](const BlockedOutside& b) {
            const std::string text = blocked_message(rt.log(), b, spec.source);
            LogEvent e;  // in the run's output, from the thread that is stuck
            e.kind = EvKind::Print;
            e.thread = b.tid;
            e.line = static_cast<uint16_t>(b.line);
            e.ok = 0;
            e.value = rt.log().intern("ThreadLab: the run stopped: " + text);
            rt.record(e);
            rt.abandon(false);
            py::ProgramOutcome blocked;
            blocked.exit_status = 1;
            shipper.finish(outcome_json(blocked, text, b.line));
            ::_exit(0);
        });
    // Free mode: live changes from the front end, each a call into the
    // program from a "teacher" thread of the run, until the channel closes.
    if (j.contains("control_fd")) {
        const int fd = j.at("control_fd").get<int>();
        fcntl(fd, F_SETFD, FD_CLOEXEC);  // not inherited by the program's own subprocesses
        std::thread(serve_front_end, &rt, fd).detach();
        if (config.mode == Mode::Deterministic && config.policy == Policy::Manual)
            std::thread(report_choices, &rt, fd).detach();
    }
    if (std::vector<py::TimedCall> calls = scripted_changes(j); !calls.empty()) {
        if (config.mode == Mode::Deterministic)
            py::schedule_calls(std::move(calls));
        else
            std::thread(make_changes_on_time, &rt, std::move(calls)).detach();
    }
    rt.run_main_here([&] {
        outcome = py::run_program(rt, spec);
        // A child of os.fork() that ran on to the end of the program ends
        // its process here, as CPython's would, not the run.
        if (py::in_forked_child()) py::end_forked_child(outcome.exit_status);
        // Only daemon threads are left (threading's shutdown joined the
        // rest): the engine ends them as the interpreter's exit would.
        py::interrupt_threads();
        py::leave_interpreter();
        if (outcome.stopped) throw ThreadKilled{};
        if (outcome.main_raised) {
            const size_t colon = outcome.error.find(": ");
            throw PyError(outcome.error.substr(0, colon),
                          colon == std::string::npos ? "" : outcome.error.substr(colon + 2));
        }
    });
    if (!rt.wait_for(kDaemonGrace)) rt.abandon(true);
    watchdog.reset();
    shipper.finish(outcome_json(outcome));
    ::_exit(0);  // no interpreter finalisation, no Runtime destructor: threads may still be running
}

}  // namespace tl::runner
