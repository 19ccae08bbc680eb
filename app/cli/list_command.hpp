// `threadlab list`: every lesson's id and title.
#pragma once
#include <ostream>
#include <string>

namespace CLI { class App; }

namespace tl::cli {

struct ListArgs {
    std::string lang = "en";
};

CLI::App* add_list_command(CLI::App& app, ListArgs& args);
int run_list(const ListArgs& args, std::ostream& out, std::ostream& err);

}  // namespace tl::cli
