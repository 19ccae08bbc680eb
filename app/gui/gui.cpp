// run_gui: validates the options, opens the window, and runs the frame loop
// (interactive, or N frames and a screenshot).
#include "gui/gui.hpp"
#include "gui/key_queue.hpp"

#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "gui/colors.hpp"
#include "gui/fonts.hpp"
#include "gui/glyph_coverage.hpp"
#include "gui/frame_cost.hpp"
#include "gui/frame_pacing.hpp"
#include "gui/gui_meter.hpp"
#include "gui/i18n.hpp"
#include "gui/input_watch.hpp"
#include "gui/layout.hpp"
#include "gui/screenshot.hpp"
#include "gui/session.hpp"
#include "gui/ui_state.hpp"
#include "lesson_list/lesson_list.hpp"

namespace tl::gui {
namespace {

std::string g_glfw_error;

int fail(const std::string& message) {
    std::fprintf(stderr, "threadlab gui: %s\n", message.c_str());
    return 2;
}

}  // namespace

std::string text_for_fonts(const std::string& program_text) {
    std::string all = all_chinese_labels() + program_text;
    all += "\xE2\x86\x92\xE2\x80\xA2\xE2\x80\xA6\xE2\x80\x94\xE2\x80\x9C\xE2\x80\x9D";  // → • … — “ ”
    all += "\xE2\x9C\x93\xE2\x9C\x97\xE2\x80\x93";  // ✓ ✗ – (the checks' verdicts)
    for (const LessonEntry* s : all_lessons()) {
        all += s->title.en + s->title.zh + s->summary.en + s->summary.zh + s->python;
        for (const ParamSpec& p : s->params) all += p.help.en + p.help.zh;
    }
    // A lesson folder's texts, and its checks.py, which names each check in both languages.
    for (const catalog::Lesson& l : lesson_folders().lessons) {
        all += l.text.en + l.text.zh + l.checks;
        // Its question and answers (predict, then run), in both languages.
        if (l.predict) {
            all += l.predict->question.en + l.predict->question.zh;
            for (const catalog::Bilingual& a : l.predict->answers) all += a.en + a.zh;
        }
    }
    for (const std::string& e : lesson_folders().errors) all += e;
    return all;
}

namespace {

struct Checked {
    const catalog::Lesson* lesson = nullptr;  // the lesson folder, with its values
    catalog::Values values;
    std::vector<catalog::LiveChange> changes;  // --change, for the first run
    RunConfig cfg;
    std::string program_text;  // the Python file's, when one was given
    py::Granularity granularity = py::Granularity::Switch;
};

// Returns an error message, or fills `out`.
std::string check_options(const GuiOptions& o, Checked& out) {
    const std::vector<const LessonEntry*>& lessons = all_lessons();
    if (lessons.empty()) return "no lessons are found (allowed: a lessons/ folder of lesson folders, or --lessons DIR)";
    if (!o.file.empty()) {
        if (!o.lesson.empty()) return "give a lesson or a Python file, not both";
        std::optional<std::string> text = read_text_file(o.file);
        if (!text) return "cannot read '" + o.file + "'";
        out.program_text = std::move(*text);
        auto g = py::parse_granularity(o.granularity);
        if (!g) return "--granularity must be 'switch', 'line' or 'bytecode', not '" + o.granularity + "'";
        out.granularity = *g;
    }
    // The lessons as `threadlab list` shows them.
    const LessonEntry* picked = o.lesson.empty() ? lessons.front() : find_lesson(o.lesson);
    if (!picked) {
        if (auto it = lesson_folders().broken.find(o.lesson); it != lesson_folders().broken.end())
            return "lesson '" + o.lesson + "' could not be loaded: " + it->second;
        std::string known;
        for (const LessonEntry* s : lessons) known += (known.empty() ? "" : ", ") + s->id;
        return "unknown lesson '" + o.lesson + "' (known: " + known + ")";
    }
    try {
        out.lesson = find_lesson_folder(picked->id);
        out.values = catalog::parse_settings(*out.lesson, o.settings);
    } catch (const std::invalid_argument& e) {
        return std::string("--set: ") + e.what();
    }
    try {
        if (!o.changes.empty() && !o.file.empty()) return "--change: a Python file has no live parameters";
        out.changes = catalog::parse_changes(*out.lesson, out.values, o.changes);
    } catch (const std::invalid_argument& e) {
        return std::string("--change: ") + e.what();
    }
    if (o.mode == "free") out.cfg.mode = Mode::Free;
    else if (o.mode == "deterministic") out.cfg.mode = Mode::Deterministic;
    else return "--mode must be 'free' or 'deterministic', not '" + o.mode + "'";
    if (o.lang != "en" && o.lang != "zh") return "--lang must be 'en' or 'zh', not '" + o.lang + "'";
    if (!(o.speed >= kMinSpeed && o.speed <= kMaxSpeed)) return "--speed must be between 0.05 and 20";
    if (o.ui_scale != 0 && !(o.ui_scale >= kMinScale && o.ui_scale <= kMaxScale))
        return "--scale must be 0 (automatic) or between 0.5 and 4";
    if (o.frames && *o.frames < 1) return "--frames must be at least 1";
    if (!o.screenshot.empty() && !o.frames) return "--screenshot needs --frames N";
    if (o.width < 320 || o.width > 16384 || o.height < 240 || o.height > 16384)
        return "--width/--height must be within 320x240 .. 16384x16384";
    out.cfg.seed = o.seed;
    out.cfg.speed = o.speed;
    if (!o.screenshot.empty()) return check_writable(o.screenshot);
    return {};
}

GLFWwindow* open_window(const GuiOptions& o, const char*& glsl) {
    // OpenGL 3.3 core first (large draw lists need glDrawElementsBaseVertex);
    // whatever the driver offers otherwise.
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glsl = "#version 150";
    if (GLFWwindow* w = glfwCreateWindow(o.width, o.height, "ThreadLab", nullptr, nullptr)) return w;
    glfwDefaultWindowHints();
    glsl = "#version 130";
    return glfwCreateWindow(o.width, o.height, "ThreadLab", nullptr, nullptr);
}

class FontScaler {
public:
    explicit FontScaler(std::string text) : text_(std::move(text)) { apply_theme(base_style_); }
    const std::string& text() const { return text_; }
    void set_text(std::string text) { text_ = std::move(text); }
    void apply(float scale, bool upload) {
        build_fonts(kBaseFontPx * scale, text_);
        ImGuiStyle& style = ImGui::GetStyle();
        style = base_style_;
        style.ScaleAllSizes(scale);
        if (upload) {
            ImGui_ImplOpenGL3_DestroyFontsTexture();
            ImGui_ImplOpenGL3_CreateFontsTexture();
        }
    }

private:
    std::string text_;
    ImGuiStyle base_style_;
};

// What the views show that can change without an input: a new event, the
// run's status, its checks and outcome. Two polls with the same signature
// and no input between them draw the same picture (bar a live run's edge,
// which frame pacing treats as an animation).
struct SessionSignature {
    size_t events = 0;
    RunStatus status = RunStatus::Idle;
    uint64_t run = 0;
    CheckList::State checks = CheckList::State::None;
    size_t check_rows = 0;
    PredictionGrade::State grade = PredictionGrade::State::None;
    bool outcome = false;
    size_t errors = 0;  // the start error's and the deadlock text's lengths
    bool operator==(const SessionSignature&) const = default;
};

SessionSignature signature_of(const Session& s) {
    SessionSignature sig;
    sig.events = s.log() ? s.log()->size() : 0;
    sig.status = s.status();
    sig.run = s.run_number();
    sig.checks = s.checks().state;
    sig.check_rows = s.checks().rows.size();
    sig.grade = s.grade().state;
    sig.outcome = s.outcome() != nullptr;
    sig.errors = s.start_error().size() + s.deadlock_text().size();
    return sig;
}

}  // namespace

int run_gui(const GuiOptions& opts, const GuiScript& script) {
    Checked checked;
    if (std::string err = check_options(opts, checked); !err.empty()) return fail(err);
    set_language(opts.lang);

    glfwSetErrorCallback([](int, const char* description) { g_glfw_error = description ? description : ""; });
    if (!glfwInit())
        return fail("cannot open a window: " + (g_glfw_error.empty() ? std::string("no display") : g_glfw_error) +
                    " (is DISPLAY set? try xvfb-run)");
    const char* glsl = nullptr;
    GLFWwindow* window = open_window(opts, glsl);
    if (!window) {
        glfwTerminate();
        return fail("cannot create a window: " + (g_glfw_error.empty() ? std::string("no OpenGL 3 support") : g_glfw_error));
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // the layout is fixed; do not litter the working directory
    install_input_watch(window);  // before ImGui's callbacks, which chain to it
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    install_key_queue(window);
    ImGui_ImplOpenGL3_Init(glsl);

    UiState ui;
    ui.open_left_tab = opts.left_tab;
    ui.prefer_objects_tab = opts.right_tab == "objects";
    ui.bring_pools_tab = opts.right_tab == "pools";
    ui.presenter = opts.presenter;
    ui.scrub_to = opts.scrub_to;
    ui.open_bottom_tab = opts.right_tab;
    float content_scale = 1.0f, unused = 1.0f;
    glfwGetWindowContentScale(window, &content_scale, &unused);
    ui.scale = ui.wanted_scale = opts.ui_scale > 0 ? opts.ui_scale : std::clamp(content_scale, 1.0f, kMaxScale);
    FontScaler scaler(text_for_fonts(checked.program_text));
    scaler.apply(ui.scale, false);  // the backend uploads the atlas on its first frame
    GlyphCoverage coverage(scaler.text());

    int exit_code = 0;
    {
        Session session;
        session.config() = checked.cfg;
        session.set_steps_axis(opts.by_turn);
        session.select_lesson(*checked.lesson, checked.values);
        session.script_changes(checked.changes);
        if (!opts.file.empty()) {
            session.granularity() = checked.granularity;
            session.open_file(opts.file);
        }
        if (opts.answer) session.set_prediction(*opts.answer);
        if (script.setup) script.setup(session);
        // Predict, then run: a lesson that asks a question waits for Run
        // until it has an answer (the lesson pane asks it); anything else runs at once.
        if (!session.question() || session.prediction() >= 0) session.start();
        std::string title;

        using Clock = std::chrono::steady_clock;
        const auto frame_budget = std::chrono::microseconds(16667);  // ~60 fps, even without vsync
        // --frames N draws N frames back to back at 60 fps, as scripts and
        // screenshots expect; an interactive window draws only when its
        // picture can change (gui/frame_pacing.hpp).
        GuiMeter meter;
        const bool paced = !opts.frames && !meter.always_draw();
        FrameCost cost(reinterpret_cast<const char*>(glGetString(GL_RENDERER)));
        auto last_frame = Clock::now() - std::chrono::hours(1);
        std::optional<SessionSignature> last_sig;
        bool pending_input = false, pending_change = false;
        // Frames still to draw after the last input (at the input's rate: a
        // click's effect shows a frame after it) or change.
        int input_settle = 0, settle = 0;
        int frame = 0, starting_frames = 0;
        constexpr int kMaxStartingFrames = 1800;
        while (!glfwWindowShouldClose(window) && !meter.expired()) {
            const auto frame_start = Clock::now();
            glfwPollEvents();
            if (paced) {
                session.poll();
                const SessionSignature sig = signature_of(session);
                pending_change |= sig != last_sig;
                last_sig = sig;
                pending_input |= take_input();
                PacingInput in;
                in.input = pending_input || input_settle > 0;
                in.new_events = pending_change;
                in.animating = settle > 0;
                in.run_live = sig.status == RunStatus::Running;
                in.blinking = ImGui::GetIO().WantTextInput;
                in.since_last_frame = std::chrono::duration<double>(frame_start - last_frame).count();
                in.frame_cpu_s = cost.per_frame();
                const PacingDecision d = decide_frame(in);
                if (!d.draw) {
                    glfwWaitEventsTimeout(d.wait_s);  // an input wakes it at once
                    continue;
                }
                input_settle = pending_input ? kSettleFrames : std::max(0, input_settle - 1);
                settle = pending_change ? kSettleFrames : std::max(0, settle - 1);
                pending_input = pending_change = false;
                last_frame = frame_start;
                cost.frame_started();
            }
            // Characters typed, printed or named since the fonts were built
            // join them (a rebuild, rare: each character once).
            coverage.note(session.edited_text());
            if (session.log()) coverage.note_log(*session.log(), session.run_number());
            if (coverage.changed()) {
                scaler.set_text(coverage.take_text());
                scaler.apply(ui.scale, true);
            }
            if (ui.wanted_scale != ui.scale) {
                ui.scale = ui.wanted_scale;
                scaler.apply(ui.scale, true);
            }
            if (script.before_frame) script.before_frame(session, ui, frame);
            if (!paced) session.poll();
            std::string want_title =
                "ThreadLab - " + (session.lesson()   ? session.lesson()->title.get(language())
                                  : session.python() ? std::filesystem::path(session.file()).filename().string()
                                                     : std::string());
            if (want_title != title) {
                title = want_title;
                glfwSetWindowTitle(window, title.c_str());
            }

            ImGui_ImplOpenGL3_NewFrame();
            ImGui_ImplGlfw_NewFrame();
            // Scripted frames (--frames) ignore wherever the pointer happens
            // to be, so no tooltip covers a screenshot.
            if (opts.frames) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
            ImGui::NewFrame();
            draw_frame(session, ui);
            ImGui::Render();
            int fb_w = 0, fb_h = 0;
            glfwGetFramebufferSize(window, &fb_w, &fb_h);
            glViewport(0, 0, fb_w, fb_h);
            // The main window draws no background of its own (layout.cpp): the clear is it.
            const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
            glClearColor(bg.x, bg.y, bg.z, 1.0f);
            glClear(GL_COLOR_BUFFER_BIT);
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

            // --frames counts the run's frames: those drawn while its process
            // is still starting (no event yet; seconds on a loaded machine)
            // do not count, up to 30 s of them, so a screenshot shows the
            // same moment of the run on a fast machine and a slow one.
            const bool run_starting = session.status() == RunStatus::Running && session.log_events() == 0;
            if (run_starting && starting_frames < kMaxStartingFrames) ++starting_frames;
            else ++frame;
            meter.frame_drawn();
            if (opts.frames && frame >= *opts.frames) {
                if (!opts.screenshot.empty()) {
                    if (std::string err = save_screenshot(opts.screenshot, fb_w, fb_h); !err.empty()) exit_code = fail(err);
                }
                break;
            }
            glfwSwapBuffers(window);
            if (!paced) std::this_thread::sleep_until(frame_start + frame_budget);
        }
        session.stop();
        meter.report();
    }

    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return exit_code;
}

}  // namespace tl::gui
