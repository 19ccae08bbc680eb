// `threadlab run ID|FILE.py ...`: its flags. run_python_command.hpp runs it.
#pragma once
#include <ostream>
#include <string>
#include <vector>

namespace CLI { class App; }

namespace tl::cli {

// Raw flag texts; every one is validated before the run starts.
struct RunArgs {
    std::string id;
    std::vector<std::string> settings;  // NAME=VALUE
    std::vector<std::string> changes;   // NAME=VALUE@SECONDS: a live parameter changed while it runs
    std::string mode = "free";
    std::string seed = "1";
    std::string speed = "1";
    std::string policy = "random";
    std::string granularity = "switch";  // a Python file in deterministic mode: line | bytecode | switch
    std::string trace;
    bool trace_given = false;
    bool json = false;
    std::string lang = "en";  // of a lesson's check names and details (and its question): en | zh
};

CLI::App* add_run_command(CLI::App& app, RunArgs& args);

}  // namespace tl::cli
