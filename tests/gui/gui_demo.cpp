// Screenshots of the window in states no command-line flag reaches, for the
// docs and for the screenshot tests: a listing edited in the code pane and
// run, a SyntaxError in an edited listing, the Save dialog with an error.
// Each scene edits the program as a student would (one change to the file's
// text), then runs `threadlab gui FILE.py` for N frames and saves the last.
//   gui_demo SCENE FILE.py OUT.png [--frames N] [--lang en|zh] [--scale S] [--mode M] [--size WxH]
// SCENE: edited | syntax | save-error, or manual (FILE.py: a Python file): deterministic with the manual
// policy, a thread picked every few frames (in turn among those offered),
// to look at the choices and the turns so far;
// or compare (FILE.py: a lesson id): run with --set, keep that run (Compare),
// then run again with the --vs NAME=VALUE settings (repeatable), both drawn;
// or predict (FILE.py: a lesson id): the lesson's question answered with
// --answer N (0 for a), then its run, graded (--set NAME=VALUE for its
// parameters, repeatable; --answer -1: no prediction).
//   gui_demo predict producer-consumer OUT.png --answer 1 --set produce_s=0.02
// --tab futures|objects|pools|statistics: that tab of the side pane in front.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "gui/editor_view.hpp"
#include "gui/gui.hpp"
#include "gui/session.hpp"
#include "gui/ui_state.hpp"

namespace {

int usage(const char* why) {
    std::fprintf(stderr,
                 "gui_demo: %s\nusage: gui_demo edited|syntax|save-error FILE.py OUT.png [--frames N] [--lang en|zh] "
                 "[--scale S] [--mode free|deterministic] [--size WxH]\n"
                 "       gui_demo predict LESSON OUT.png [--answer N] [--set NAME=VALUE]...\n",
                 why);
    return 2;
}

// `text` with the first `from` replaced by `to`; exits when `from` is not in it.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const size_t at = text.find(from);
    if (at == std::string::npos) {
        std::fprintf(stderr, "gui_demo: the program has no '%s' to change\n", from.c_str());
        std::exit(2);
    }
    return text.replace(at, from.size(), to);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) return usage("SCENE, FILE.py and OUT.png are needed");
    const std::string scene = argv[1];
    tl::gui::GuiOptions o;
    o.file = argv[2];
    o.screenshot = argv[3];
    o.frames = 90;
    o.mode = "deterministic";
    int answer = 0;
    std::vector<std::string> vs;  // compare: the second run's NAME=VALUE settings
    for (int i = 4; i + 1 < argc; i += 2) {
        const std::string flag = argv[i], value = argv[i + 1];
        if (flag == "--frames") o.frames = std::atoi(value.c_str());
        else if (flag == "--lang") o.lang = value;
        else if (flag == "--scale") o.ui_scale = std::strtof(value.c_str(), nullptr);
        else if (flag == "--mode") o.mode = value;
        else if (flag == "--size") std::sscanf(value.c_str(), "%dx%d", &o.width, &o.height);
        else if (flag == "--answer") answer = std::atoi(value.c_str());
        else if (flag == "--tab") o.right_tab = value;
        else if (flag == "--vs") vs.push_back(value);
        else if (flag == "--presenter") o.presenter = value == "1";
        else if (flag == "--set") o.settings.push_back(value);
        else return usage(("unknown flag " + flag).c_str());
    }
    if (scene != "edited" && scene != "syntax" && scene != "save-error" && scene != "predict" && scene != "compare" &&
        scene != "manual")
        return usage("unknown scene");
    if (scene == "predict" || scene == "compare") {
        o.lesson = o.file;
        o.file.clear();
    }
    tl::gui::GuiScript script;
    script.setup = [&](tl::gui::Session& s) {
        s.set_child_program(THREADLAB_BINARY);
        if (scene == "manual") {
            s.config().mode = tl::Mode::Deterministic;
            s.config().policy = tl::Policy::Manual;
            return;
        }
        if (scene == "predict" || scene == "compare") {
            // As if the student picked it before pressing Run (the window runs a lesson that asks once answered).
            s.set_prediction(answer);
            if (answer < 0) s.start();
            return;
        }
        const std::string& text = s.original_text();
        if (scene == "edited") {
            // The experiment the lessons ask for: join() moved into the start loop.
            s.set_edited_text(replaced(text, "for t in threads:\n    t.start()\nfor t in threads:\n    t.join()\n",
                                       "for t in threads:\n    t.start()\n    t.join()  # moved: one at a time?\n"));
        } else if (scene == "syntax") {
            s.set_edited_text(replaced(text, "with lock:", "with lock"));
        } else {
            s.set_edited_text(replaced(text, "range(3)", "range(4)"));
        }
    };
    const std::string unwritable = "/nonexistent-folder/" + std::string("locked_counter.py");
    size_t picks = 0;
    bool second = false;
    script.before_frame = [&](tl::gui::Session& s, tl::gui::UiState& ui, int frame) {
        // Compare: once the first run is over, keep it, and run with the --vs settings.
        if (scene == "compare" && !second && s.can_keep()) {
            s.keep_run();
            for (const std::string& setting : vs) {
                const size_t eq = setting.find('=');
                s.set_lesson_value(setting.substr(0, eq), std::strtod(setting.c_str() + eq + 1, nullptr));
            }
            s.start();
            second = true;
        }
        if (scene == "manual" && frame % 6 == 5 && frame < *o.frames - 10) {
            const std::vector<uint32_t> offered = s.choices();
            if (!offered.empty()) s.pick(offered[picks++ % offered.size()]);
        }
        // The edit in view, as the student who made it would have it.
        if (frame == *o.frames - 5 && scene == "edited") ui.editor.scroll_to_line = 22;
        if (scene != "save-error") return;
        if (frame == *o.frames - 20) ui.editor.open_save = true;
        if (frame == *o.frames - 10) {
            // As if typed and Save pressed (the field, focused, still shows what it held).
            int code = 0;
            s.save_text(unwritable, &code);
            ui.editor.save_error = tl::gui::save_error_text(unwritable, code);
        }
    };
    return tl::gui::run_gui(o, script);
}
