#include "cli/cli_main.hpp"

#include <exception>
#include <string_view>

#include <CLI/CLI.hpp>

#include "cli/describe_command.hpp"
#include "cli/flags.hpp"
#include "lesson_list/lesson_list.hpp"
#include "cli/list_command.hpp"
#include "cli/run_command.hpp"
#include "cli/run_python_command.hpp"
#include "cli/usage_error.hpp"

namespace tl::cli {

namespace {

std::string one_line(std::string text) {
    for (char& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
}

std::string option_names(const CLI::App& cmd) {
    std::string names;
    for (const CLI::Option* o : cmd.get_options()) {
        if (o->get_positional()) continue;
        const std::string n = o->get_name();
        names += (names.empty() ? "" : ", ") + n;
    }
    return names;
}

std::string command_names(const CLI::App& app) {
    std::string names;
    for (const CLI::App* c : app.get_subcommands({})) names += (names.empty() ? "" : ", ") + c->get_name();
    return names;
}

// CLI11's own messages are fine for the details, but they do not say what is
// allowed; this names the command and its options or the flag's values.
// Returns the whole line to print.
std::string usage_message(const CLI::App& app, const CLI::ParseError& e, int argc, const char* const* argv) {
    const CLI::App* cmd = nullptr;
    if (argc > 1) {
        try {
            cmd = app.get_subcommand(argv[1]);
        } catch (const CLI::OptionNotFound&) {
        }
    }
    if (!cmd) {
        if (argc > 1 && argv[1][0] != '-')
            return "threadlab: unknown command '" + std::string(argv[1]) + "' (allowed: " + command_names(app) + ")";
        return "threadlab: " + one_line(e.what()) + " (allowed: " + option_names(app) + ", or a command: " +
               command_names(app) + ")";
    }
    const std::string where = "threadlab " + cmd->get_name();
    if (dynamic_cast<const CLI::ExtrasError*>(&e))
        return where + ": " + one_line(e.what()) + " (allowed options: " + option_names(*cmd) + ")";
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
        // "--mode: 1 required TEXT missing" -> "--mode: missing value (allowed: ...)",
        // unless the flag was given twice, which CLI11 reports the same way.
        const std::string text = e.what();
        const std::string flag = text.substr(0, text.find(':'));
        const std::string allowed = allowed_values(flag);
        int given = 0;
        for (int i = 1; i < argc; ++i) {
            const std::string_view a = argv[i];
            if (a == flag || (a.size() > flag.size() && a.substr(0, flag.size() + 1) == flag + "=")) ++given;
        }
        if (given > 1)
            return where + ": " + flag + ": given " + std::to_string(given) + " times (allowed: once" +
                   (allowed.empty() ? std::string() : ", with " + allowed) + ")";
        if (!allowed.empty()) return where + ": " + flag + ": missing value (allowed: " + allowed + ")";
    }
    return where + ": " + one_line(e.what()) + " (see '" + where + " --help')";
}

}  // namespace

int cli_main(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
             const GuiLauncher& launch_gui) {
    CLI::App app{"ThreadLab: watch Python-style threads, locks, conditions, semaphores, events, barriers "
                 "and queues run for real.",
                 "threadlab"};
    app.require_subcommand(0, 1);
    // Teachers' lesson folders, beside the built-in ones; accepted after any
    // command (`threadlab list --lessons DIR`).
    std::vector<std::string> lesson_dirs;
    app.add_option("--lessons", lesson_dirs, "A folder of lesson folders to list beside the built-in lessons (repeatable)");
    app.fallthrough();
    app.set_version_flag("--version", "threadlab 0.1");
    ListArgs list_args;
    DescribeArgs describe_args;
    RunArgs run_args;
    GuiArgs gui_args;
    CLI::App* list = add_list_command(app, list_args);
    CLI::App* describe = add_describe_command(app, describe_args);
    CLI::App* run = add_run_command(app, run_args);
    CLI::App* gui = add_gui_command(app, gui_args);

    // A flag takes no value: `--json=no` would read as "no JSON" and give JSON.
    for (int i = 1; i < argc; ++i)
        if (std::string_view(argv[i]).rfind("--json=", 0) == 0) {
            err << "threadlab" << (argc > 1 && argv[1][0] != '-' ? std::string(" ") + argv[1] : std::string())
                << ": --json takes no value (allowed: --json alone, or leave it out)\n";
            return kExitUsage;
        }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e, out, err);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e, out, err);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e, out, err);
    } catch (const CLI::ParseError& e) {
        err << usage_message(app, e, argc, argv) << '\n';
        return kExitUsage;
    }

    std::string where = "threadlab";  // names the command in error lines
    for (const CLI::App* cmd : app.get_subcommands()) where += " " + cmd->get_name();
    try {
        add_lesson_dirs(lesson_dirs);
        if (list->parsed()) return run_list(list_args, out, err);
        if (describe->parsed()) return run_describe(describe_args, out);
        if (run->parsed()) {
            if (is_python_file(run_args.id)) return run_python_file(run_args, out, err);
            if (run_args.id.empty()) throw UsageError("missing lesson ID (allowed: " + lesson_ids() + ", or FILE.py)");
            require_lesson(run_args.id);  // an unknown id, or a broken folder, says so
            return run_lesson(*find_lesson_folder(run_args.id), run_args, out, err);
        }
        if (gui->parsed()) return run_gui_command(gui_args, launch_gui);
        // No command: a learner typing `threadlab` wants to know what it
        // can do; that is not an error.
        out << app.help();
        return kExitOk;
    } catch (const UsageError& e) {
        err << where << ": " << one_line(e.what()) << '\n';
        return kExitUsage;
    } catch (const std::exception& e) {
        err << where << ": internal error: " << one_line(e.what()) << '\n';
        return 3;
    }
}

}  // namespace tl::cli
