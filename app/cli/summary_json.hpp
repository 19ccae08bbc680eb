// The machine-readable report of `threadlab run --json`: one JSON object.
//   scenario, mode, policy, seed, speed, config {gil, switch_interval, cores,
//   process_start}, params {name: number},
//   passed, exit_code, interrupted (stopped by Ctrl-C), interrupt_too_late (a
//   Ctrl-C came after the run had ended by itself), checks [{name, name_zh, passed,
//   not_shown, detail, detail_zh}] (the _zh texts are the English ones when a
//   check has no Chinese),
//   metrics {name: number} (see flat_metrics), output [{thread, text}],
//   exceptions [{thread, text}], deadlock (string or null), pools (only with 2 or more
//   executors: [{name, prefix, max_workers, workers, submitted, finished, seconds, throughput}])
#pragma once
#include <nlohmann/json.hpp>

#include "cli/run_report.hpp"

namespace tl::cli {

nlohmann::json summary_json(const RunReport& report);

}  // namespace tl::cli
