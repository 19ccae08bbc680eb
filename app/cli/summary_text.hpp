// The human-readable report `threadlab run` prints: per-thread time in each
// state, per-object contention, output, exceptions, deadlock, and checks.
#pragma once
#include <ostream>

#include "cli/run_report.hpp"

namespace tl::cli {

// `lang` ("en" or "zh", `run --lang`) is the language of a lesson's check
// names and details; the rest of the report is in English.
void print_summary(const RunReport& report, std::ostream& out, const std::string& lang = "en");

// Output lines beyond this are counted rather than printed (--json has all).
constexpr size_t kMaxOutputLines = 200;

}  // namespace tl::cli
