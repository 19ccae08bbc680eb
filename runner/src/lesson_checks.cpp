#include "runner/lesson_checks.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>

#include "pybridge/checks.hpp"

namespace tl::runner {

namespace {

constexpr int kInputFd = 3;
constexpr int kOutputFd = 4;

nlohmann::json id_or_null(uint32_t id) { return id == kNone ? nlohmann::json() : nlohmann::json(id); }

bool write_all(int fd, const std::string& text) {
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<size_t>(n);
    }
    return true;
}

std::string read_all(int fd) {
    std::string out;
    char buf[65536];
    for (;;) {
        const ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    return out;
}

ChecksResult parse_result(const std::string& text) {
    ChecksResult r;
    try {
        const nlohmann::json j = nlohmann::json::parse(text);
        r.error = j.at("error").get<std::string>();
        r.error_zh = j.value("error_zh", r.error);
        for (const nlohmann::json& c : j.at("checks")) {
            CheckRow row;
            row.name = c.at("name").get<std::string>();
            row.name_zh = c.at("name_zh").get<std::string>();
            row.passed = c.at("passed").get<bool>();
            row.not_shown = c.at("not_shown").get<bool>();
            row.detail = c.at("detail").get<std::string>();
            row.detail_zh = c.value("detail_zh", row.detail);
            r.rows.push_back(std::move(row));
        }
        if (j.contains("answer") && j.at("answer").is_number_integer()) r.answer = j.at("answer").get<int>();
        r.answer_detail = j.value("answer_detail", "");
        r.answer_detail_zh = j.value("answer_detail_zh", r.answer_detail);
    } catch (const std::exception&) {
        r.rows.clear();
        r.error = "the checks' process gave no verdicts (it crashed or was killed)";
        r.error_zh = "检查进程没有给出结论（它意外退出了，或被终止了）";
    }
    return r;
}

}  // namespace

namespace {

nlohmann::json run_document(const ChecksInput& in) {
    using nlohmann::json;
    const EventLog& log = *in.log;
    json j;
    j["lesson"] = in.lesson_id;
    json params = json::object();
    for (const auto& [name, value] : in.params) params[name] = value;
    j["params"] = params;
    j["mode"] = std::string(to_string(in.config.mode));
    j["seed"] = in.config.seed;
    j["exit_status"] = in.outcome.exit_status;
    j["error"] = in.outcome.program.error;
    j["stopped"] = in.outcome.stopped;
    j["blocked_outside"] = in.outcome.blocked_outside;
    json threads = json::array();
    for (uint32_t t = 0; t < log.thread_count(); ++t) {
        const ThreadInfo info = log.thread(t);
        threads.push_back({{"name", info.name}, {"daemon", info.daemon}});
    }
    j["threads"] = std::move(threads);
    // An object's items are texts when its ObjNew says so (aux = 1).
    std::vector<bool> texts(log.object_count(), false);
    const size_t n = log.size();
    for (size_t i = 0; i < n; ++i) {
        const LogEvent& e = log[i];
        if (e.kind == EvKind::ObjNew && e.object < texts.size()) texts[e.object] = e.aux == 1;
    }
    json objects = json::array();
    for (uint32_t o = 0; o < log.object_count(); ++o) {
        const ObjectInfo info = log.object(o);
        objects.push_back({{"name", info.name},
                           {"kind", std::string(to_string(info.kind))},
                           {"initial", info.initial},
                           {"internal", info.internal},
                           {"texts", static_cast<bool>(texts[o])}});
    }
    j["objects"] = std::move(objects);
    json strings = json::array();
    for (uint32_t s = 0; s < log.string_count(); ++s) strings.push_back(log.str(s));
    j["strings"] = std::move(strings);
    json events = json::array();
    for (size_t i = 0; i < n; ++i) {
        const LogEvent& e = log[i];
        std::string code;
        if (e.kind == EvKind::State) code = to_string(static_cast<ThreadState>(e.code));
        else if (e.kind == EvKind::OpDone) code = to_string(static_cast<Op>(e.code));
        else if (e.kind == EvKind::ObjNew) code = to_string(static_cast<ObjKind>(e.code));
        events.push_back({e.t, std::string(to_string(e.kind)), id_or_null(e.thread), id_or_null(e.object), code,
                          e.value, e.aux, id_or_null(e.other), e.line, e.ok});
    }
    j["events"] = std::move(events);
    return j;
}

}  // namespace

std::string checks_run_json(const ChecksInput& in) {
    return run_document(in).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

ChecksResult run_checks(const ChecksInput& in, double timeout_seconds, const std::string& child_program) {
    ChecksResult failed;
    const std::string input = nlohmann::json{{"path", in.checks_path},
                                             {"source", in.checks_source},
                                             {"run", run_document(in)}}
                                  .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const int input_fd = memfd_create("threadlab-checks", MFD_CLOEXEC);
    int out[2] = {-1, -1};
    if (input_fd < 0 || !write_all(input_fd, input) || pipe2(out, O_CLOEXEC) != 0) {
        if (input_fd >= 0) close(input_fd);
        failed.error = std::string("cannot start the checks: ") + strerror(errno);
        failed.error_zh = std::string("无法启动检查：") + strerror(errno);
        return failed;
    }
    lseek(input_fd, 0, SEEK_SET);
    // Above the numbers the child expects them at: dup2 onto 3 and 4 can
    // then never overwrite one of them.
    const int input_high = fcntl(input_fd, F_DUPFD_CLOEXEC, 10);
    const int out_high = fcntl(out[1], F_DUPFD_CLOEXEC, 10);
    close(input_fd);
    close(out[1]);
    if (input_high < 0 || out_high < 0) {
        if (input_high >= 0) close(input_high);
        if (out_high >= 0) close(out_high);
        close(out[0]);
        failed.error = std::string("cannot start the checks: ") + strerror(errno);
        failed.error_zh = std::string("无法启动检查：") + strerror(errno);
        return failed;
    }
    const std::string program = child_program.empty() ? "/proc/self/exe" : child_program;
    char* argv[] = {const_cast<char*>("threadlab"), const_cast<char*>("__python-checks"), nullptr};
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);
        if (dup2(input_high, kInputFd) < 0 || dup2(out_high, kOutputFd) < 0) _exit(127);
        execv(program.c_str(), argv);
        _exit(127);
    }
    close(input_high);
    close(out_high);
    if (pid < 0) {
        close(out[0]);
        failed.error = std::string("cannot start the checks: ") + strerror(errno);
        failed.error_zh = std::string("无法启动检查：") + strerror(errno);
        return failed;
    }
    // Read until the child closes its end, or the time is up.
    std::string text;
    bool timed_out = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            timed_out = true;
            break;
        }
        pollfd p{out[0], POLLIN, 0};
        const int ready = poll(&p, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) continue;
        char buf[65536];
        const ssize_t got = read(out[0], buf, sizeof buf);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        text.append(buf, static_cast<size_t>(got));
    }
    close(out[0]);
    if (timed_out) kill(-pid, SIGKILL), kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (timed_out) {
        failed.error = "the checks did not finish within " + std::to_string(static_cast<int>(timeout_seconds)) +
                       " s and were stopped (does a check loop for ever?)";
        failed.error_zh = "检查未在 " + std::to_string(static_cast<int>(timeout_seconds)) +
                          " 秒内完成，已被停止（是否有检查陷入了死循环？）";
        return failed;
    }
    return parse_result(text);
}

int python_checks_main() {
    fcntl(kOutputFd, F_SETFD, FD_CLOEXEC);
    std::string result;
    result = py::run_lesson_checks(read_all(kInputFd));
    write_all(kOutputFd, result);
    close(kOutputFd);
    ::_exit(0);  // a check's threads may still be running
}

}  // namespace tl::runner
