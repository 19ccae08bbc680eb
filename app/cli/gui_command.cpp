#include "cli/gui_command.hpp"

#include <CLI/CLI.hpp>

#include "cli/flags.hpp"
#include "cli/usage_error.hpp"

namespace tl::cli {

CLI::App* add_gui_command(CLI::App& app, GuiArgs& args) {
    CLI::App* cmd = app.add_subcommand("gui", "Open the visual lab (window)");
    cmd->add_option("--scenario", args.scenario, "Scenario to open (default: the first)");
    cmd->add_option("--set", args.settings, "Set a parameter, NAME=VALUE (repeatable)")->allow_extra_args(false);
    cmd->add_option("--mode", args.mode, "free or deterministic (default free)");
    cmd->add_option("--seed", args.seed, "Seed (default 1)");
    cmd->add_option("--speed", args.speed, "Scenario seconds per real second, 0.05 .. 20 (default 1)");
    cmd->add_option("--lang", args.lang, "Interface language: en or zh (default en)");
    cmd->add_option("--scale", args.scale, "UI scale, 0.5 .. 4 (default 0: from the monitor)");
    cmd->add_option("--frames", args.frames, "Render this many frames, then exit (for scripts and screenshots)");
    cmd->add_option("--screenshot", args.screenshot, "With --frames: save the last frame to this PNG file");
    cmd->add_option("--tab", args.tabs,
                    "Open with this tab in front: lesson or parameters (left), futures or objects (right); "
                    "repeatable")
        ->allow_extra_args(false);
    cmd->add_option("--size", args.size, "Window size WIDTHxHEIGHT (default 1600x900)");
    return cmd;
}

gui::GuiOptions to_gui_options(const GuiArgs& args) {
    gui::GuiOptions o;
    if (!args.scenario.empty()) o.scenario = require_scenario(args.scenario).id;
    if (!args.settings.empty()) {
        const Scenario& s = o.scenario.empty() ? (all_scenarios().empty() ? require_scenario("")
                                                                           : all_scenarios().front())
                                               : require_scenario(o.scenario);
        try {
            parse_params(s, args.settings);
        } catch (const std::invalid_argument& e) {
            throw UsageError(std::string("--set: ") + e.what());
        }
    }
    o.settings = args.settings;
    o.mode = std::string(to_string(parse_mode(args.mode)));
    o.seed = parse_seed(args.seed);
    o.speed = parse_speed(args.speed);
    o.lang = parse_lang(args.lang);
    o.ui_scale = parse_scale(args.scale);
    if (!args.frames.empty()) o.frames = parse_frames(args.frames);
    if (!args.screenshot.empty()) {
        if (!o.frames) throw UsageError("--screenshot: needs --frames N (allowed: --frames N --screenshot FILE.png)");
        check_writable(args.screenshot, "--screenshot");
    }
    o.screenshot = args.screenshot;
    for (const std::string& text : args.tabs) {
        const std::string tab = parse_tab(text);
        (tab == "lesson" || tab == "parameters" ? o.left_tab : o.right_tab) = tab;
    }
    std::tie(o.width, o.height) = parse_size(args.size);
    return o;
}

int run_gui_command(const GuiArgs& args, const GuiLauncher& launch) {
    if (!launch) throw UsageError("this build has no GUI (rebuild with -DTHREADLAB_GUI=ON; `run` works headless)");
    return launch(to_gui_options(args));
}

}  // namespace tl::cli
