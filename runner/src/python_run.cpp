#include "runner/python_run.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

#include "runner/log_stream.hpp"

namespace tl::runner {

namespace {

constexpr int kSourceFd = 4;   // the child reads an explicit source from here
constexpr int kControlFd = 5;  // live changes and controls, one JSON line each

// A memory file holding `text`, positioned at its start; -1 on failure.
int memory_file(const std::string& text) {
    const int fd = memfd_create("threadlab-source", MFD_CLOEXEC);
    if (fd < 0) return -1;
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            close(fd);
            return -1;
        }
        done += static_cast<size_t>(n);
    }
    lseek(fd, 0, SEEK_SET);
    return fd;
}

std::string child_config(const PythonRunOptions& o) {
    nlohmann::json j;
    j["path"] = o.path;
    j["mode"] = std::string(to_string(o.config.mode));
    j["policy"] = std::string(to_string(o.config.policy));
    j["seed"] = o.config.seed;
    j["cores"] = o.config.cores;
    j["switch_interval"] = o.config.switch_interval;
    j["speed"] = o.config.speed;
    j["granularity"] = std::string(py::to_string(o.granularity));
    if (!o.source.empty()) j["source_fd"] = kSourceFd;
    j["paced"] = o.config.paced;
    j["start_paused"] = o.start_paused && o.config.mode == Mode::Deterministic;
    j["control_fd"] = kControlFd;
    j["changes"] = nlohmann::json::array();
    for (const catalog::LiveChange& c : o.changes)
        j["changes"].push_back({{"function", c.function},
                                {"value", c.value},
                                {"label", c.label},
                                {"at_ns", static_cast<Nanos>(c.at_s * 1e9 + 0.5)}});
    return j.dump();
}

std::string describe_wait_status(int status) {
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        return "the program's process was killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
    }
    if (WIFEXITED(status)) return "the program's process exited with status " + std::to_string(WEXITSTATUS(status));
    return "the program's process ended";
}

}  // namespace

PythonRun::PythonRun(PythonRunOptions options) : options_(std::move(options)) {
    const std::string program = options_.child_program.empty() ? "/proc/self/exe" : options_.child_program;
    const std::string config = child_config(options_);
    const bool deterministic = options_.config.mode == Mode::Deterministic;
    int source_fd = -1;
    if (!options_.source.empty() && (source_fd = memory_file(options_.source)) < 0)
        throw std::runtime_error(std::string("cannot pass the program to its process: ") + strerror(errno));
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        if (source_fd >= 0) close(source_fd);
        throw std::runtime_error(std::string("cannot create a pipe: ") + strerror(errno));
    }
    // The child finds the stream at 3 and the source at 4: its copies are
    // moved above those numbers first, so one dup2 cannot overwrite the other.
    const auto move_high = [](int& fd) {
        if (fd < 0) return;
        const int high = fcntl(fd, F_DUPFD_CLOEXEC, 10);
        if (high >= 0) {
            close(fd);
            fd = high;
        }
    };
    move_high(fds[1]);
    move_high(source_fd);
    // A socket pair (not a pipe: a write to a child that has gone must not
    // raise SIGPIPE in the front end).
    int control[2] = {-1, -1};
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, control) == 0) move_high(control[1]);
    // Everything the child needs is prepared before fork: between fork and
    // exec only async-signal-safe calls are allowed (this process has threads).
    std::vector<char*> argv = {const_cast<char*>("threadlab"), const_cast<char*>("__python-child"),
                               const_cast<char*>(config.c_str()), nullptr};
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        if (source_fd >= 0) close(source_fd);
        if (control[0] >= 0) close(control[0]), close(control[1]);
        throw std::runtime_error(std::string("cannot start the program's process: ") + strerror(errno));
    }
    if (pid == 0) {
        // Its own process group: Ctrl-C in the terminal reaches the front
        // end, which decides what to do with the run.
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the front end
        if (getppid() != parent) _exit(127);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        // Same addresses every run: objects ordered by address (a set of
        // Thread objects) then iterate in the same order.
        if (deterministic) personality(ADDR_NO_RANDOMIZE);
        if (dup2(fds[1], 3) < 0) _exit(127);  // dup2 clears O_CLOEXEC on the copy
        if (source_fd >= 0 && dup2(source_fd, kSourceFd) < 0) _exit(127);
        if (control[1] >= 0 && dup2(control[1], kControlFd) < 0) _exit(127);
        execv(program.c_str(), argv.data());
        _exit(127);
    }
    close(fds[1]);
    if (source_fd >= 0) close(source_fd);
    if (control[1] >= 0) close(control[1]);
    control_fd_ = control[0];
    pid_ = pid;
    fd_ = fds[0];
    pidfd_ = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
    receiver_ = std::thread([this] { receive(); });
}

PythonRun::~PythonRun() {
    stop();
    wait();
    if (control_fd_ >= 0) close(control_fd_);
}

void PythonRun::receive() {
    LogReceiver receiver(log_, fd_, pidfd_, options_.config.mode != Mode::Deterministic);
    std::string result = receiver.run();
    close(fd_);
    if (pidfd_ >= 0) close(pidfd_);
    {
        // Reaped under the mutex: stop() must never signal a pid that may
        // already belong to another process.
        std::lock_guard lk(m_);
        // Once the program's process has ended, whatever it forked and left
        // behind goes too (a worker blocked for ever on a queue whose parent
        // the deterministic watchdog ended, an os.fork() child still
        // running): the run is over, and the next one starts clean. Its
        // group is killed while the ended process, not yet reaped, still
        // holds the group's id, so the signal cannot reach anyone else.
        siginfo_t info{};
        while (waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR) {
        }
        kill(-pid_, SIGKILL);
        int status = 0;
        while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
        reaped_ = true;
        result_ = std::move(result);
        wait_status_ = status;
    }
    if (!receiver.saw_end()) close_log();
    finished_ = true;
}

void PythonRun::close_log() {
    // The process ended before its run did: every thread that had not ended
    // ends here, killed, and the run's end is recorded as not by itself.
    const size_t n = log_.size();
    std::vector<bool> ended(log_.thread_count(), false);
    Nanos last = 0;
    for (size_t i = 0; i < n; ++i) {
        const LogEvent& e = log_[i];
        last = std::max(last, e.t);
        if (e.kind == EvKind::State && e.thread < ended.size() && is_final(static_cast<ThreadState>(e.code)))
            ended[e.thread] = true;
    }
    std::vector<bool> started(ended.size(), false);
    for (size_t i = 0; i < n; ++i)
        if (log_[i].kind == EvKind::State && log_[i].thread < started.size()) started[log_[i].thread] = true;
    for (uint32_t tid = 0; tid < ended.size(); ++tid) {
        if (ended[tid] || !started[tid]) continue;
        LogEvent e;
        e.t = last;
        e.kind = EvKind::State;
        e.thread = tid;
        e.code = static_cast<uint8_t>(ThreadState::Killed);
        log_.append(e);
    }
    // A run stopped before its first event still says how it ended; a
    // program that never started (a SyntaxError) leaves the log empty.
    if (n == 0 && !stop_requested_) return;
    LogEvent end;
    end.t = last;
    end.kind = EvKind::RunEnd;
    end.ok = 0;
    log_.append(end);
}

void PythonRun::stop() {
    std::lock_guard lk(m_);
    if (reaped_ || pid_ <= 0) return;  // a stop after the end stops nothing
    stop_requested_ = true;
    // The whole group: processes the program forked go too.
    kill(-pid_, SIGKILL);
    kill(pid_, SIGKILL);
}

bool PythonRun::call_live(const std::string& function, const std::string& value_literal, const std::string& label) {
    return send_line({{"call", function}, {"value", value_literal}, {"label", label}});
}

bool PythonRun::pause() { return options_.config.mode == Mode::Deterministic && send_line({{"control", "pause"}}); }
bool PythonRun::resume() { return options_.config.mode == Mode::Deterministic && send_line({{"control", "resume"}}); }
bool PythonRun::step() { return options_.config.mode == Mode::Deterministic && send_line({{"control", "step"}}); }
bool PythonRun::set_speed(double speed) {
    return options_.config.mode == Mode::Deterministic && send_line({{"control", "speed"}, {"value", speed}});
}

bool PythonRun::pick(uint32_t tid) {
    return options_.config.mode == Mode::Deterministic && send_line({{"control", "pick"}, {"value", tid}});
}

std::vector<uint32_t> PythonRun::choices() {
    std::lock_guard lk(reports_m_);
    if (finished_) choices_.clear();
    if (control_fd_ < 0 || finished_) return choices_;
    char buf[4096];
    for (;;) {  // whatever has arrived, without waiting
        const ssize_t n = recv(control_fd_, buf, sizeof buf, MSG_DONTWAIT);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        reports_.append(buf, static_cast<size_t>(n));
    }
    for (size_t eol; (eol = reports_.find('\n')) != std::string::npos;) {
        try {
            const nlohmann::json m = nlohmann::json::parse(reports_.substr(0, eol));
            if (m.contains("choices")) choices_ = m.at("choices").get<std::vector<uint32_t>>();
        } catch (const std::exception&) {
            // A malformed line from our own child: nothing to show.
        }
        reports_.erase(0, eol + 1);
    }
    return choices_;
}

bool PythonRun::send_line(const nlohmann::json& message) {
    if (control_fd_ < 0 || finished_) return false;
    const std::string line = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    size_t done = 0;
    while (done < line.size()) {
        const ssize_t n = send(control_fd_, line.data() + done, line.size() - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<size_t>(n);
    }
    return true;
}

void PythonRun::wait() {
    if (receiver_.joinable()) receiver_.join();
}

PythonOutcome PythonRun::outcome() {
    std::lock_guard lk(m_);
    PythonOutcome out;
    out.stopped = stop_requested_;
    if (!result_.empty()) {
        try {
            const nlohmann::json j = nlohmann::json::parse(result_);
            out.program.compiled = j.at("compiled").get<bool>();
            out.program.main_raised = j.at("main_raised").get<bool>();
            out.program.error = j.at("error").get<std::string>();
            out.program.error_line = j.at("error_line").get<int>();
            out.program.exit_status = j.at("exit_status").get<int>();
            out.blocked_outside = j.value("blocked_outside", "");
            out.blocked_line = j.value("blocked_line", 0);
            out.completed = true;
        } catch (const std::exception&) {
        }
    }
    if (!out.completed && !out.stopped) out.process_error = describe_wait_status(wait_status_);
    // What the shell would have seen from python3.11: os._exit(n) gives n,
    // death by a signal 128 + its number.
    if (out.completed)
        out.exit_status = out.program.exit_status;
    else if (WIFEXITED(wait_status_))
        out.exit_status = WEXITSTATUS(wait_status_);
    else if (WIFSIGNALED(wait_status_))
        out.exit_status = 128 + WTERMSIG(wait_status_);
    else
        out.exit_status = 1;
    return out;
}

}  // namespace tl::runner
