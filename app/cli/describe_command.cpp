#include "cli/describe_command.hpp"

#include <sstream>

#include <CLI/CLI.hpp>

#include "cli/flags.hpp"
#include "cli/text_table.hpp"
#include "cli/usage_error.hpp"

namespace tl::cli {

namespace {

std::string type_name(ParamType t) {
    switch (t) {
        case ParamType::Int: return "int";
        case ParamType::Real: return "real";
        case ParamType::Bool: return "bool";
    }
    return "?";
}

void print_params(const LessonEntry& s, const std::string& lang, std::ostream& out) {
    out << "\nParameters (--set NAME=VALUE)\n";
    if (s.params.empty()) {
        out << "  (none)\n";
        return;
    }
    // "live": the value can change while the program runs (lesson.json's
    // "live", a teacher's slider); the others apply at the next run.
    TextTable table({"name", "type", "default", "range", "live", "help"}, "llrlll");
    for (const ParamSpec& p : s.params) {
        const std::string range = p.type == ParamType::Bool
                                      ? "true, false"
                                      : format_number(p.min) + " .. " + format_number(p.max);
        const std::string live = p.live ? (lang == "zh" ? "是" : "yes") : "";
        const std::string def = p.type == ParamType::Bool ? (p.def != 0 ? "true" : "false") : format_number(p.def);
        table.add({p.name, type_name(p.type), def, range, live, p.help.get(lang)});
    }
    table.print(out);
}

void print_listing(const LessonEntry& s, std::ostream& out) {
    out << "\nPython listing\n";
    std::istringstream in(s.python);
    std::string line;
    int number = 0;
    char prefix[32];
    while (std::getline(in, line)) {
        std::snprintf(prefix, sizeof prefix, "%4d  ", ++number);
        out << prefix << line << '\n';
    }
}

}  // namespace

CLI::App* add_describe_command(CLI::App& app, DescribeArgs& args) {
    CLI::App* cmd = app.add_subcommand("describe", "Show a lesson: summary, parameters, program");
    cmd->add_option("ID", args.id, "Lesson id (see `threadlab list`)");
    cmd->add_option("--lang", args.lang, "Language: en or zh (default en)");
    return cmd;
}

int run_describe(const DescribeArgs& args, std::ostream& out) {
    if (args.id.empty()) throw UsageError("missing lesson ID (allowed: " + lesson_ids() + ")");
    const LessonEntry& s = require_lesson(args.id);
    const std::string lang = parse_lang(args.lang);
    out << s.id << ": " << s.title.get(lang) << "\n\n" << s.summary.get(lang) << '\n';
    print_params(s, lang, out);
    print_listing(s, out);
    return 0;
}

}  // namespace tl::cli
