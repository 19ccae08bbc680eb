// `threadlab describe ID`: title, summary, parameters and the Python listing.
#pragma once
#include <ostream>
#include <string>

namespace CLI { class App; }

namespace tl::cli {

struct DescribeArgs {
    std::string id;
    std::string lang = "en";
};

CLI::App* add_describe_command(CLI::App& app, DescribeArgs& args);
int run_describe(const DescribeArgs& args, std::ostream& out);

}  // namespace tl::cli
