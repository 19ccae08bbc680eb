// Entry point of the GUI, called by app/main.cpp for `threadlab gui`.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tl::gui {

struct GuiOptions {
    std::string lesson;                   // start with this lesson selected (empty: the first)
    std::string file;                     // or a Python program (FILE.py), run in a process of its own
    std::string granularity = "switch";   // the program's switch points: "switch" | "line" | "bytecode"
    std::vector<std::string> settings;    // NAME=VALUE parameter settings, as for `run --set`
    std::vector<std::string> changes;     // NAME=VALUE@SECONDS, as for `run --change`: the first run's
    std::string mode = "free";            // "free" | "deterministic"
    uint64_t seed = 1;
    double speed = 1.0;
    std::string lang = "en";              // "en" | "zh"
    float ui_scale = 0;                   // 0: choose from the monitor
    std::optional<int> frames;            // render this many frames then exit
    std::string screenshot;               // with frames: save the last frame here (PNG)
    int width = 1600, height = 900;
    std::string left_tab;                 // "lesson" | "parameters" | "" (lesson)
    std::string right_tab;                // "futures" | "objects" | "pools" | "statistics" | "" (futures, once a run has any)
    bool presenter = false;               // open in presenter mode (F5 / P toggle it)
    bool by_turn = false;                 // the timeline's axis in turns (deterministic mode; T toggles it)
    std::optional<size_t> scrub_to;       // once the first run has ended: the panes as of its K-th event
    std::optional<int> answer;            // the lesson's question answered (0 for a)), so the first run starts
};

class Session;
struct UiState;

// Code that drives the window before each frame (frame 0 is the first), for
// tests and screenshots of states no flag reaches (an edited listing, an
// open dialog). The window itself never needs one.
struct GuiScript {
    // Once, after the window has selected what the options say and before
    // the first run starts.
    std::function<void(Session&)> setup;
    std::function<void(Session&, UiState&, int frame)> before_frame;
};

// Every character the UI may draw beyond Latin, so the font atlas holds
// those glyphs: the labels, the lessons' texts, both languages of every
// lesson (its text, its checks' names, its question and answers) and
// `program_text` (a Python file's).
std::string text_for_fonts(const std::string& program_text);

// Returns the process exit code. Errors (no display, bad options) are
// printed as one line on stderr with code 2.
int run_gui(const GuiOptions& opts, const GuiScript& script = {});

}  // namespace tl::gui
