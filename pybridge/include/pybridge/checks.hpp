// Running a lesson's checks.py: plain CPython (no engine under it), with the
// module `threadlab` (py/checks_api.py) that rebuilds the run from its log.
#pragma once
#include <string>

namespace tl::py {

// Initialises the interpreter, runs checks.py over a run, and returns the
// verdicts. `input_json` is {"path": checks.py's path (for tracebacks),
// "source": its text, "run": the run (runner/lesson_checks.cpp)}; the result
// is JSON: {"error": "", "checks": [{"name", "name_zh", "passed",
// "not_shown", "detail"}]}. "error" is set when checks.py itself cannot run
// (a SyntaxError, an error at import), with its line.
std::string run_lesson_checks(const std::string& input_json);

}  // namespace tl::py
