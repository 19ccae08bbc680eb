// `threadlab gui ...`: validates the flags and fills tl::gui::GuiOptions. The
// GUI itself is linked only into the `threadlab` binary (when built with it),
// so the launch is passed in from main.cpp as a function.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "gui/gui.hpp"

namespace CLI { class App; }

namespace tl::cli {

struct GuiArgs {
    std::string target;       // positional: FILE.py (or a lesson id)
    std::string file;         // --file FILE.py
    std::string granularity;  // --granularity (Python files only; "" = switch)
    std::string scenario;     // --lesson ID (or --scenario ID, its old name)
    std::vector<std::string> settings;
    std::vector<std::string> changes;  // --change NAME=VALUE@SECONDS
    std::string mode = "free";
    std::string seed = "1";
    std::string speed = "1";
    std::string lang = "en";
    std::string scale = "0";
    std::string frames;
    std::string screenshot;
    // Given at all, even as '' (an empty value is an error, not "not given").
    bool scenario_given = false, frames_given = false, screenshot_given = false;
    std::vector<std::string> tabs;
    std::string size = "1600x900";
    bool presenter = false;   // --presenter: open in presenter mode
    bool by_turn = false;     // --by-turn: the timeline's axis in turns (deterministic mode)
    std::string scrub_to;     // --scrub-to K: once the run has ended, show it after its K-th event
    bool scrub_to_given = false;
    std::string answer;       // --answer N: the lesson's question answered (1 for a), so the first run starts
    bool answer_given = false;
};

using GuiLauncher = std::function<int(const gui::GuiOptions&)>;

CLI::App* add_gui_command(CLI::App& app, GuiArgs& args);
// Throws UsageError on any bad value, before a window opens.
gui::GuiOptions to_gui_options(const GuiArgs& args);
// `launch` is empty when this build has no GUI: one-line error, exit 2.
int run_gui_command(const GuiArgs& args, const GuiLauncher& launch);

}  // namespace tl::cli
