// `threadlab run FILE.py` end to end: the report, the program's own exit
// status, a broken program's one-line error, and Ctrl-C.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <signal.h>

#include <catch2/catch.hpp>

#include "cli_support.hpp"

using namespace tl::test;

namespace {
std::string program(const std::string& name) { return std::string(THREADLAB_PY_PROGRAMS) + "/" + name; }
}  // namespace

TEST_CASE("run FILE.py: the report of a program, and its exit status", "[cli][python]") {
    const ProcessResult ok = run_threadlab({"run", program("locked_counter.py"), "--mode", "deterministic"});
    CHECK(ok.exit_code == 0);
    CHECK(ok.out.find("[MainThread] counter 300") != std::string::npos);
    CHECK(ok.out.find("The program finished (exit status 0)") != std::string::npos);
    CHECK(ok.out.find("lock ") != std::string::npos);  // the student's lock, by its name
    CHECK(ok.err.empty());

    const ProcessResult raised = run_threadlab({"run", program("failures.py")});
    CHECK(raised.exit_code == 1);
    CHECK(raised.out.find("failures.py:14: ValueError: main fails here") != std::string::npos);

    const ProcessResult own = run_threadlab({"run", program("own_exit.py")});
    CHECK(own.exit_code == 3);

    const ProcessResult dead = run_threadlab({"run", program("deadlock.py"), "--mode", "deterministic"});
    CHECK(dead.exit_code == 1);
    CHECK(dead.out.find("DEADLOCK") != std::string::npos);

    const ProcessResult json = run_threadlab({"run", program("locked_counter.py"), "--json"});
    const auto j = parse_json(json.out);
    CHECK(j["program"]["exit_status"] == 0);
    CHECK(j["exit_code"] == 0);
    // --json's exit_code is the process's own, whatever ended the program.
    for (const char* name : {"failures.py", "own_exit.py", "deadlock.py"}) {
        INFO(name);
        const ProcessResult r = run_threadlab({"run", program(name), "--mode", "deterministic", "--json"});
        CHECK(r.exit_code != 0);
        CHECK(parse_json(r.out)["exit_code"] == r.exit_code);
    }
}

TEST_CASE("run FILE.py: a program that does not parse is one line naming its line, exit 1", "[cli][python]") {
    const ProcessResult r = run_threadlab({"run", program("syntax_error.py")});
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    REQUIRE(lines_of(r.err).size() == 1);
    CHECK(r.err.find("syntax_error.py:3: SyntaxError") != std::string::npos);
}

TEST_CASE("run FILE.py: a file given by a relative path is named by its absolute path, as python3.11 names it",
          "[cli][python]") {
    // python3.11 FILE makes __main__'s __file__ and its tracebacks' frames
    // absolute since 3.9 (sys.argv[0] stays as given).
    const std::string relative = std::filesystem::relative(program("tracebacks.py")).string();
    REQUIRE(relative.front() != '/');
    for (const char* mode : {"free", "deterministic"}) {
        const ProcessResult r = run_threadlab({"run", relative, "--mode", mode});
        INFO(mode << "\n" << r.out << r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("file is absolute: True, in the traceback too: True") != std::string::npos);
    }
}

TEST_CASE("run FILE.py: a missing file or a flag that files do not take is a usage error", "[cli][python][errors]") {
    expect_usage_error({"run", "no_such_program.py"}, "no_such_program.py", "allowed");
    expect_usage_error({"run", program("race.py"), "--set", "x=1"}, "--set", "allowed");
    expect_usage_error({"run", program("race.py"), "--granularity", "word"}, "--granularity", "line, bytecode, switch");
}

TEST_CASE("run FILE.py: Ctrl-C stops a program that never ends, and the report says so", "[cli][python]") {
    for (const char* mode : {"free", "deterministic"}) {
        INFO(mode);
        const ProcessResult r = run_threadlab({"run", program("forever.py"), "--mode", mode}, [](int pid) {
            // Until its child (the program's process) exists: a bounded wait.
            const std::string children = "/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children";
            for (int i = 0; i < 2000; ++i) {
                std::ifstream in(children);
                std::string text;
                std::getline(in, text);
                if (!text.empty()) break;
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            kill(pid, SIGINT);
        }, 30);
        CHECK_FALSE(r.timed_out);
        CHECK(r.exit_code == 130);
        CHECK(r.out.find("INTERRUPTED") != std::string::npos);
    }
}
