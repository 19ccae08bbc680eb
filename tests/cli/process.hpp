// Runs the built `threadlab` binary with arguments and captures what it
// prints, for end-to-end tests of the command line.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace tl::test {

struct ProcessResult {
    int exit_code = -1;   // -1 when it did not exit normally (signal, timeout)
    int signal = 0;       // the signal that ended it, when one did
    bool timed_out = false;
    std::string out;
    std::string err;
};

// Runs THREADLAB_BINARY with `args`. A run that outlives `timeout_seconds`
// is killed and reported as timed out (a hang is a failure, not a stuck test).
ProcessResult run_threadlab(const std::vector<std::string>& args, double timeout_seconds = 60);
// The same, calling `while_running(pid)` once the process has started (before
// its output is read), e.g. to send it signals. The child starts with no
// signal blocked and SIGINT and SIGTERM at their default actions, whatever
// the test process itself has set.
ProcessResult run_threadlab(const std::vector<std::string>& args, const std::function<void(int pid)>& while_running,
                            double timeout_seconds = 60);

// Lines of text without the trailing newline.
std::vector<std::string> lines_of(const std::string& text);

// A fresh path under the system temp directory (the file does not exist yet).
std::string temp_path(const std::string& suffix);

}  // namespace tl::test
