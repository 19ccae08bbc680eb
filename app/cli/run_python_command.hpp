// `threadlab run FILE.py`: runs a student's own Python program over the
// engine (in a process of its own, see runner/) and reports on it as on a
// lesson: per-thread states, per-object waits, the output, the deadlock if
// any, and the program's own error at its line.
#pragma once
#include <ostream>
#include <string>

#include "catalog/lesson.hpp"
#include "cli/run_command.hpp"

namespace tl::cli {

// True when `id` names a Python file rather than a lesson.
bool is_python_file(const std::string& id);

// Exit code: the program's own (as `python3.11 FILE` would exit), 1 when it
// did not parse or its process died, 130 when stopped by Ctrl-C. Bad flags
// throw UsageError before anything runs.
int run_python_file(const RunArgs& args, std::ostream& out, std::ostream& err);

// `threadlab run ID` for a lesson folder: its program with the --set values
// written in, reported like a file, with the lesson's checks.py over the
// run. Exit code: the program's own when not 0, else 1 when a check failed.
int run_lesson(const catalog::Lesson& lesson, const RunArgs& args, std::ostream& out, std::ostream& err);

}  // namespace tl::cli
