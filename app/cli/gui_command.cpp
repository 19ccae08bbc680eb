#include "cli/gui_command.hpp"

#include <CLI/CLI.hpp>

#include <charconv>
#include <filesystem>
#include <fstream>

#include "catalog/live_changes.hpp"
#include "cli/flags.hpp"
#include "cli/run_python_command.hpp"
#include "cli/usage_error.hpp"
#include "lesson_list/lesson_list.hpp"
#include "pybridge/program.hpp"

namespace tl::cli {

namespace {

// The Python file to open, from the positional argument or --file ("" when
// none); a positional that is a lesson id selects that lesson instead.
std::string python_file_of(const GuiArgs& args, std::string& lesson) {
    std::string file = args.file;
    if (!args.target.empty()) {
        if (!is_python_file(args.target) && !std::filesystem::exists(args.target)) {
            if (!lesson.empty() && lesson != args.target)
                throw UsageError("'" + args.target + "' and --lesson " + lesson + ": give one lesson");
            if (!find_lesson(args.target) && !lesson_folders().broken.count(args.target))
                throw UsageError("'" + args.target + "' is neither a Python file nor a lesson (allowed: FILE.py, or " +
                                 lesson_ids() + ")");
            lesson = require_lesson(args.target).id;  // a broken lesson folder says why
            return file;
        }
        if (!file.empty() && file != args.target)
            throw UsageError("'" + args.target + "' and --file " + file + ": give one Python file");
        file = args.target;
    }
    if (file.empty()) return file;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        throw UsageError("'" + file + "': no such file (allowed: a Python file, FILE.py)");
    if (!std::ifstream(file)) throw UsageError("'" + file + "': cannot be read (allowed: a readable Python file)");
    if (!lesson.empty())
        throw UsageError("--lesson " + lesson + " and '" + file + "': give a lesson or a Python file, not both");
    return file;
}

// --scrub-to K: an event number, 1 or more (a K past the run's last event
// shows its end, as the scrubber clamps it).
size_t parse_scrub_to(const std::string& text) {
    size_t k = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, k);
    if (text.empty() || ptr != end || ec != std::errc() || k < 1)
        throw UsageError("--scrub-to: '" + text.substr(0, 40) + "' is not allowed (allowed: an event number, 1 or more)");
    return k;
}

// --answer N for the lesson the window opens with: 1 .. its answers.
int parse_answer(const std::string& text, const std::string& lesson_id, const std::string& file) {
    if (!file.empty())
        throw UsageError("--answer: a Python file asks no question (allowed: --answer N with a lesson that asks one)");
    const std::vector<const LessonEntry*>& lessons = all_lessons();
    const LessonEntry& s = lesson_id.empty() ? (lessons.empty() ? require_lesson("") : *lessons.front())
                                             : require_lesson(lesson_id);
    const catalog::Lesson& l = *find_lesson_folder(s.id);
    if (!l.predict) throw UsageError("--answer: lesson " + s.id + " asks no question (allowed: a lesson that asks one)");
    const int n = static_cast<int>(l.predict->answers.size());
    int k = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, k);
    if (text.empty() || ptr != end || ec != std::errc() || k < 1 || k > n)
        throw UsageError("--answer: '" + text.substr(0, 40) + "' is not allowed (allowed: 1 .. " + std::to_string(n) +
                         ", the answers of " + s.id + "'s question)");
    return k - 1;
}

}  // namespace

CLI::App* add_gui_command(CLI::App& app, GuiArgs& args) {
    CLI::App* cmd = app.add_subcommand("gui", "Open the visual lab (window)");
    cmd->add_option("program", args.target,
                    "A Python program to open and run (FILE.py), or a lesson id (see `threadlab list`)");
    cmd->add_option("--file", args.file, "A Python program to open and run (FILE.py)");
    cmd->add_option("--granularity", args.granularity,
                    "Python file, deterministic mode: switch threads where CPython does (switch, the default), "
                    "before every line (line) or every bytecode (bytecode)");
    // --scenario: its old name, still accepted.
    cmd->add_option("--lesson,--scenario", args.scenario,
                    "Lesson to open, by id: a built-in lesson or a teacher's (with --lessons DIR) "
                    "(default: the first)")
        ->each([&args](const std::string&) { args.scenario_given = true; });
    cmd->add_option("--set", args.settings, "Set a parameter, NAME=VALUE (repeatable)")->allow_extra_args(false);
    cmd->add_option("--change", args.changes,
                    "Change a live parameter during the first run, NAME=VALUE@SECONDS of run time, as its slider "
                    "would (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--mode", args.mode, "free or deterministic (default free)");
    cmd->add_option("--seed", args.seed, "Seed (default 1)");
    cmd->add_option("--speed", args.speed,
                    "Program seconds per real second, 0.05 .. 20 (default 1): in free mode its sleeps and timeouts "
                    "take 1/speed of their time; in deterministic mode the pace of its virtual time");
    cmd->add_option("--lang", args.lang, "Interface language: en or zh (default en)");
    cmd->add_option("--scale", args.scale, "UI scale, 0.5 .. 4 (default 0: from the monitor)");
    cmd->add_option("--frames", args.frames, "Render this many frames, then exit (for scripts and screenshots)")
        ->each([&args](const std::string&) { args.frames_given = true; });
    cmd->add_option("--screenshot", args.screenshot, "With --frames: save the last frame to this PNG file")
        ->each([&args](const std::string&) { args.screenshot_given = true; });
    cmd->add_option("--tab", args.tabs,
                    "Open with this tab in front: lesson or parameters (left), futures, objects, pools (the "
                    "pool sweep's plot, once the run has two pools) or statistics (right); repeatable")
        ->allow_extra_args(false);
    cmd->add_option("--size", args.size, "Window size WIDTHxHEIGHT (default 1600x900)");
    cmd->add_option("--scrub-to", args.scrub_to,
                    "Once the run has ended, show every pane as it stood after its K-th event (the scrubber; "
                    "K from 1, past the last event: the end)")
        ->each([&args](const std::string&) { args.scrub_to_given = true; });
    cmd->add_option("--answer", args.answer,
                    "Answer the lesson's question before the first run (1 for a), 2 for b)...), so that it starts "
                    "at once, as a student's pick and Run would (for scripts and screenshots)")
        ->each([&args](const std::string&) { args.answer_given = true; });
    cmd->add_flag("--by-turn", args.by_turn,
                  "Deterministic mode: the timeline's axis counts turns (one per thread let run), not time (T toggles it)");
    cmd->add_flag("--presenter", args.presenter,
                  "Open in presenter mode: no lesson list or text, the timeline, objects and code fill the window "
                  "(F5 or P toggles it)");
    return cmd;
}

gui::GuiOptions to_gui_options(const GuiArgs& args) {
    gui::GuiOptions o;
    if (args.scenario_given) o.lesson = require_lesson(args.scenario).id;  // '' names no lesson
    o.file = python_file_of(args, o.lesson);
    if (!o.file.empty()) {
        if (!args.settings.empty())
            throw UsageError("--set: a Python file has no parameters (allowed: --set with a lesson id)");
    }
    if (!args.granularity.empty()) {
        if (o.file.empty()) throw UsageError("--granularity: only for a Python file (allowed: gui FILE.py --granularity G)");
        if (!py::parse_granularity(args.granularity))
            throw UsageError("--granularity: '" + args.granularity.substr(0, 40) +
                             "' is not allowed (allowed: switch, line, bytecode)");
        o.granularity = args.granularity;
    }
    if (!args.settings.empty() || !args.changes.empty()) {
        if (!o.file.empty() && !args.changes.empty())
            throw UsageError("--change: a Python file has no live parameters (allowed: --change with a lesson id)");
        // The lesson the window opens with (the first, as `list` shows
        // them, when none is named): its values are checked against its lesson.json.
        const std::vector<const LessonEntry*>& lessons = all_lessons();
        const LessonEntry& s = o.lesson.empty() ? (lessons.empty() ? require_lesson("") : *lessons.front())
                                               : require_lesson(o.lesson);
        const catalog::Lesson& l = *find_lesson_folder(s.id);
        catalog::Values values;
        try {
            values = catalog::parse_settings(l, args.settings);
        } catch (const std::invalid_argument& e) {
            throw UsageError(std::string("--set: ") + e.what());
        }
        try {
            catalog::parse_changes(l, values, args.changes);
        } catch (const std::invalid_argument& e) {
            throw UsageError(std::string("--change: ") + e.what());
        }
    }
    o.settings = args.settings;
    o.changes = args.changes;
    o.mode = std::string(to_string(parse_mode(args.mode)));
    o.seed = parse_seed(args.seed);
    o.speed = parse_speed(args.speed);
    o.lang = parse_lang(args.lang);
    o.ui_scale = parse_scale(args.scale);
    if (args.frames_given) o.frames = parse_frames(args.frames);
    if (args.screenshot_given) {
        if (!o.frames) throw UsageError("--screenshot: needs --frames N (allowed: --frames N --screenshot FILE.png)");
        check_writable(args.screenshot, "--screenshot");
    }
    o.screenshot = args.screenshot;
    for (const std::string& text : args.tabs) {
        const std::string tab = parse_tab(text);
        (tab == "lesson" || tab == "parameters" ? o.left_tab : o.right_tab) = tab;
    }
    std::tie(o.width, o.height) = parse_size(args.size);
    o.presenter = args.presenter;
    o.by_turn = args.by_turn;
    if (args.scrub_to_given) o.scrub_to = parse_scrub_to(args.scrub_to);
    if (args.answer_given) o.answer = parse_answer(args.answer, o.lesson, o.file);
    return o;
}

int run_gui_command(const GuiArgs& args, const GuiLauncher& launch) {
    if (!launch) throw UsageError("this build has no GUI (rebuild with -DTHREADLAB_GUI=ON; `run` works headless)");
    return launch(to_gui_options(args));
}

}  // namespace tl::cli
