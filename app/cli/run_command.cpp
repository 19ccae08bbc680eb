#include "cli/run_command.hpp"

#include <system_error>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/atomic_file.hpp"
#include "cli/flags.hpp"
#include "cli/interrupt.hpp"
#include "cli/run_report.hpp"
#include "cli/summary_json.hpp"
#include "cli/summary_text.hpp"
#include "cli/text_table.hpp"
#include "cli/usage_error.hpp"
#include "threadlab/trace_export.hpp"

namespace tl::cli {

namespace {

Params checked_params(const Scenario& s, const std::vector<std::string>& settings) {
    try {
        return parse_params(s, settings);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--set: ") + e.what());
    }
}

// What the trace's otherData records about the run beyond the log's own
// RunStart record (mode, policy, seed, cores, GIL, switch interval), so a
// trace file alone says how to reproduce it.
std::map<std::string, std::string> trace_metadata(const Scenario& s, const Params& params, const RunConfig& cfg) {
    std::map<std::string, std::string> meta;
    meta["scenario"] = s.id;
    meta["speed"] = format_number(cfg.speed);
    std::string p;
    for (const auto& [name, value] : params.values()) p += (p.empty() ? "" : " ") + name + "=" + format_number(value);
    meta["params"] = p;
    return meta;
}

}  // namespace

CLI::App* add_run_command(CLI::App& app, RunArgs& args) {
    CLI::App* cmd = app.add_subcommand("run", "Run a scenario headless and print a summary with its checks");
    cmd->add_option("ID", args.id, "Scenario id (see `threadlab list`), or a Python file (FILE.py)");
    cmd->add_option("--set", args.settings, "Set a parameter, NAME=VALUE (repeatable; see `threadlab describe ID`)")
        ->allow_extra_args(false);
    cmd->add_option("--mode", args.mode, "free (real parallel threads) or deterministic (one at a time, virtual time)");
    cmd->add_option("--seed", args.seed, "Seed for random durations and the deterministic scheduler (default 1)");
    cmd->add_option("--speed", args.speed, "Scenario seconds per real second, 0.05 .. 20 (free mode; default 1)");
    cmd->add_option("--policy", args.policy, "Deterministic scheduling policy: random or round-robin (default random)");
    cmd->add_option("--granularity", args.granularity,
                    "A Python file in deterministic mode: where threads may switch: line, bytecode, or switch "
                    "(CPython 3.11's own switch points; default)");
    cmd->add_option("--trace", args.trace, "Write a Chrome trace (open in ui.perfetto.dev) to this file")
        ->each([&args](const std::string&) { args.trace_given = true; });
    cmd->add_flag("--json", args.json, "Print one JSON object instead of the text summary");
    cmd->add_option("--lang", args.lang,
                    "Language of a lesson's check names, details and question in the text summary: en or zh "
                    "(default en; --json carries both)");
    cmd->footer("Exit codes: 0 every check passed, 1 a check failed, 2 bad input, 130 stopped by Ctrl-C\n"
                "(Ctrl-C stops the run and still prints the report; press it twice to quit at once).");
    return cmd;
}

int run_run(const RunArgs& args, std::ostream& out) {
    if (args.id.empty()) throw UsageError("missing scenario ID (allowed: " + scenario_ids() + ")");
    const Scenario& scenario = require_scenario(args.id);
    const Params params = checked_params(scenario, args.settings);
    RunConfig cfg;  // the user's flags first; the scenario's own settings (cores, GIL...) then
    cfg.mode = parse_mode(args.mode);
    cfg.policy = parse_policy(args.policy);
    cfg.seed = parse_seed(args.seed);
    cfg.speed = parse_speed(args.speed);
    const std::string lang = parse_lang(args.lang);
    cfg.paced = false;  // headless: deterministic runs jump through virtual time
    cfg = scenario_config(scenario, params, cfg);
    if (args.trace_given) check_output(args.trace, "--trace");  // written at the end, never truncated before

    InterruptGuard interrupt;  // before the Runtime, so its threads inherit the signal mask
    Runtime rt(cfg);
    rt.start([&] { scenario.program(params); });
    interrupt.attach(rt);  // stops the run now if a Ctrl-C came already
    rt.wait();
    interrupt.detach();

    RunReport report = make_report(scenario, params, cfg, rt.log(), rt.deadlock());
    // Stopped early only if the log says the run was stopped (RunEnd ok=0): a
    // Ctrl-C that came as the run ended by itself did not cut anything short.
    const bool ctrl_c = interrupt.interrupted();
    report.interrupted = ctrl_c && report.summary.final_world.stopped;
    report.interrupt_too_late = ctrl_c && !report.interrupted;
    if (args.json)
        out << summary_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    else
        print_summary(report, out, lang);

    if (args.trace_given) {
        try {  // the file holds its old content or the whole new trace, never a part
            write_file_atomically(args.trace, [&](std::ostream& out) {
                write_chrome_trace(out, rt.log(), trace_metadata(scenario, params, cfg));
            });
        } catch (const std::system_error& e) {
            throw UsageError("--trace: writing '" + args.trace + "' failed: " + e.code().message() +
                             " (allowed: a writable file path)");
        }
    }
    return exit_code_for(report);
}

}  // namespace tl::cli
