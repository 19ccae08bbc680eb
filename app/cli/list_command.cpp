#include "cli/list_command.hpp"

#include <CLI/CLI.hpp>

#include "cli/flags.hpp"
#include "lesson_list/lesson_list.hpp"
#include "cli/text_table.hpp"

namespace tl::cli {

CLI::App* add_list_command(CLI::App& app, ListArgs& args) {
    CLI::App* cmd = app.add_subcommand("list", "List the lessons: id and title");
    cmd->add_option("--lang", args.lang, "Language of the titles: en or zh (default en)");
    return cmd;
}

int run_list(const ListArgs& args, std::ostream& out, std::ostream& err) {
    const std::string lang = parse_lang(args.lang);
    TextTable table({"id", "title"}, "ll");
    for (const LessonEntry* s : all_lessons()) table.add({s->id, s->title.get(lang)});
    table.print(out, "");
    // A broken lesson folder is named, and the others are still listed.
    for (const std::string& e : lesson_folders().errors) err << "threadlab list: skipped: " << e << '\n';
    return 0;
}

}  // namespace tl::cli
