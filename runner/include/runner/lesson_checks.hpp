// A lesson's checks, run over a finished (or stopped) run's log. checks.py
// is the teacher's Python, so it runs in a process of its own, like the
// program: a check that loops for ever is stopped after a timeout and one
// that crashes is reported, and neither can take the front end down.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "runner/python_run.hpp"
#include "threadlab/event_log.hpp"

namespace tl::runner {

struct CheckRow {
    std::string name;     // English
    std::string name_zh;  // 简体中文 (the English name when the lesson gives none)
    bool passed = false;
    bool not_shown = false;  // the run could not show the effect; `detail` says why
    std::string detail;     // English
    // 简体中文: checks.py's say(en, zh); a plain string is the same text in
    // both languages (a lesson written before say() keeps working).
    std::string detail_zh;
    const std::string& detail_in(bool zh) const { return zh && !detail_zh.empty() ? detail_zh : detail; }
};

struct ChecksResult {
    std::vector<CheckRow> rows;
    // checks.py could not run at all: "checks.py line 4: SyntaxError: ...",
    // a timeout, a crash of its process. Empty otherwise. `error_zh` is the
    // same in Chinese (a Python traceback's own text stays as Python wrote it).
    std::string error;
    std::string error_zh;
    // The prediction's answer this run showed (checks.py's @answer): its
    // index in the lesson's answers, or -1 when there is none or the run
    // could not tell (then `answer_detail` may say why).
    int answer = -1;
    std::string answer_detail;
    std::string answer_detail_zh;  // as detail_zh
};

struct ChecksInput {
    std::string lesson_id;
    std::string checks_path;    // for tracebacks: "lessons/x/checks.py"
    std::string checks_source;  // its text
    // The run's parameters as the program reads them ("3", "0.25", "True").
    std::vector<std::pair<std::string, std::string>> params;
    const EventLog* log = nullptr;
    PythonOutcome outcome;
    RunConfig config;
};

// The run as the checks' Python sees it (JSON; see py/checks_api.py).
std::string checks_run_json(const ChecksInput& in);

// Runs the checks in a child process (`threadlab __python-checks`, the
// binary `child_program` or this one) and waits for them, at most
// `timeout_seconds`.
ChecksResult run_checks(const ChecksInput& in, double timeout_seconds = 10, const std::string& child_program = "");

// The hidden `threadlab __python-checks` command: reads its input from file
// descriptor 3 and writes the verdicts to file descriptor 4.
int python_checks_main();

}  // namespace tl::runner
