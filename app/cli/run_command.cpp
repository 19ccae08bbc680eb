#include "cli/run_command.hpp"

#include <CLI/CLI.hpp>

namespace tl::cli {

CLI::App* add_run_command(CLI::App& app, RunArgs& args) {
    CLI::App* cmd = app.add_subcommand("run", "Run a lesson or a Python file headless and print a summary with its checks");
    cmd->add_option("ID", args.id, "Lesson id (see `threadlab list`), or a Python file (FILE.py)");
    cmd->add_option("--set", args.settings, "Set a parameter, NAME=VALUE (repeatable; see `threadlab describe ID`)")
        ->allow_extra_args(false);
    cmd->add_option("--change", args.changes,
                    "Change a live parameter while the lesson runs, NAME=VALUE@SECONDS of run time, as a teacher's "
                    "slider does (repeatable; deterministic mode: the same log every run)")
        ->allow_extra_args(false);
    cmd->add_option("--mode", args.mode, "free (real parallel threads) or deterministic (one at a time, virtual time)");
    cmd->add_option("--seed", args.seed, "Seed for random durations and the deterministic scheduler (default 1)");
    cmd->add_option("--speed", args.speed, "Program seconds per real second, 0.05 .. 20 (free mode: sleeps and timeouts; default 1)");
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

}  // namespace tl::cli
