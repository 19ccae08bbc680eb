#include "gui/controls_view.hpp"

#include "gui/step_history.hpp"
#include "gui/thread_labels.hpp"

#include "gui/key_queue.hpp"

#include <imgui.h>

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <cstdio>
#include <iterator>
#include <optional>

#include "gui/colors.hpp"
#include "gui/fonts.hpp"
#include "gui/i18n.hpp"
#include "gui/lesson_view.hpp"
#include "gui/scrubber_view.hpp"
#include "gui/widgets.hpp"
#include "lesson_list/lesson_list.hpp"

namespace tl::gui {
namespace {

// A Python program in free mode cannot pause: while it runs, the main button
// stops it (`stops`). In deterministic mode it pauses.
const char* run_label(RunStatus st, bool stops) {
    switch (st) {
    case RunStatus::Idle: return tr(S::Run);
    case RunStatus::Running: return stops ? tr(S::Stop) : tr(S::Pause);
    case RunStatus::Paused: return tr(S::Resume);
    case RunStatus::Finished: return tr(S::RunAgain);
    }
    return tr(S::Run);
}

void status_text(const Session& session) {
    RunStatus st = session.status();
    ImVec4 col(0.3f, 0.3f, 0.35f, 1);
    const char* text = tr(S::StatusIdle);
    switch (st) {
    case RunStatus::Idle: break;
    case RunStatus::Running: col = ImVec4(0.08f, 0.55f, 0.2f, 1); text = tr(S::StatusRunning); break;
    case RunStatus::Paused: col = ImVec4(0.85f, 0.45f, 0.0f, 1); text = tr(S::StatusPaused); break;
    case RunStatus::Finished:
        text = session.world().stopped ? tr(S::StatusStopped) : tr(S::StatusFinished);
        break;
    }
    if (const runner::PythonOutcome* o = session.outcome();
        o && !o->stopped && (o->program.main_raised || !o->program.compiled || !o->process_error.empty())) {
        col = ImVec4(0.82f, 0.08f, 0.12f, 1);
        text = tr(S::StatusError);
    }
    if (!session.deadlock_text().empty()) {
        col = ImVec4(0.82f, 0.08f, 0.12f, 1);
        text = tr(S::Deadlock);
    }
    ImGui::AlignTextToFramePadding();
    ImGui::PushFont(fonts().bold);
    ImGui::TextColored(col, "%s", text);
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::Text("t = %.2f s", static_cast<double>(session.now()) / 1e9);
}

bool toggle_button(const char* label, bool on) {
    if (on) {
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.25f, 0.45f, 0.85f, 1));
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    }
    bool pressed = ImGui::Button(label);
    if (on) ImGui::PopStyleColor(2);
    return pressed;
}

// The next group of toolbar widgets `width` wide: after the previous one
// (`gap` apart) if it fits in the window, else at the start of a new line.
void next_group(float width, float gap) {
    ImGui::SameLine(0, gap);
    if (ImGui::GetCursorPosX() + width > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
}

void set_scale(UiState& ui, float s) {
    ui.wanted_scale = std::clamp(std::round(s * 10.0f) / 10.0f, kMinScale, kMaxScale);
}

}  // namespace

namespace {

// Run / Pause / Step / Reset. `condensed`: the main button only as wide as its label.
void run_buttons(Session& session, bool condensed) {
    const RunStatus st = session.status();
    const ImVec2 big(condensed ? 0 : ImGui::GetFontSize() * 6.5f, 0);

    // The main button's colour says what pressing it does: green starts,
    // orange pauses, red stops (a Python program in free mode, which cannot pause).
    const bool python = session.python();
    const bool stops = python && !session.can_pause();
    const bool running = st == RunStatus::Running;
    const ImVec4 colour = !running ? ImVec4(0.45f, 0.82f, 0.5f, 1)
                          : stops  ? ImVec4(1.0f, 0.58f, 0.52f, 1)
                                   : ImVec4(1.0f, 0.75f, 0.35f, 1);
    ImGui::PushStyleColor(ImGuiCol_Button, colour);
    ImGui::PushFont(fonts().bold);
    if (ImGui::Button(run_label(st, stops), big)) session.toggle_run();
    ImGui::PopFont();
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", stops && running ? tr(S::StopHelp) : "Space");
    ImGui::SameLine();
    // Pause and step: greyed out for a Python program, and the tooltip says
    // why (condensed, a Python program's are left out: the room is for what works).
    if (!condensed || !python || session.can_pause()) {
        ImGui::BeginDisabled(!session.can_pause());
        // (A free-mode program's Pause, off: the main button is Stop then.)
        if (stops && !condensed) {
            ImGui::Button(tr(S::Pause));
            if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr(S::NotForPython));
            ImGui::SameLine();
        }
        if (ImGui::Button(tr(S::Step))) session.step();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("%s", stops ? tr(S::NotForPython) : "\xE2\x86\x92");
        ImGui::EndDisabled();
        ImGui::SameLine();
    }
    if (ImGui::Button(tr(S::Reset))) session.reset();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", python ? tr(S::ResetPython) : "R");
}

// Speed: it changes a deterministic run at once (the pace at which its
// virtual time unfolds); in free mode it applies at the next Run (its sleeps
// and timeouts take 1/speed of their time; a running child cannot change it).
void speed_control(Session& session) {
    const bool python = session.python();
    const bool python_det = python && session.config().mode == Mode::Deterministic;
    const bool pending = python && !python_det && session.has_run() &&
                         session.run_config().speed != session.config().speed;
    ImGui::AlignTextToFramePadding();
    if (pending) ImGui::TextColored(ImVec4(0.8f, 0.4f, 0.0f, 1), "%s", tr(S::Speed));
    else ImGui::TextUnformatted(tr(S::Speed));
    ImGui::SameLine();
    float speed = static_cast<float>(session.config().speed);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    if (ImGui::SliderFloat("##speed", &speed, static_cast<float>(kMinSpeed), static_cast<float>(kMaxSpeed),
                           "%.2fx", ImGuiSliderFlags_Logarithmic))
        session.set_speed(speed);
    if (python && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24);
        ImGui::TextUnformatted(tr(python_det ? S::SpeedPythonDeterministic : S::SpeedPythonFree));
        if (pending) {
            char line[120];
            std::snprintf(line, sizeof line, tr(S::SpeedPending), session.run_config().speed, session.config().speed);
            ImGui::TextColored(ImVec4(0.8f, 0.4f, 0.0f, 1), "%s", line);
        }
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

// The mode combo's width: the longer mode's name ("deterministic",
// "确定性") whole, with the arrow and the frame's padding on both sides.
float mode_combo_width() {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float text = std::max(ImGui::CalcTextSize(tr(S::ModeFree)).x, ImGui::CalcTextSize(tr(S::ModeDeterministic)).x);
    return text + ImGui::GetFrameHeight() + style.FramePadding.x * 4 + ImGui::GetFontSize() * 0.3f;
}

void mode_control(Session& session, float mode_w) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(S::Mode));
    ImGui::SameLine();
    const char* modes[] = {tr(S::ModeFree), tr(S::ModeDeterministic)};
    int mode = session.config().mode == Mode::Deterministic ? 1 : 0;
    ImGui::SetNextItemWidth(mode_w);
    if (ImGui::Combo("##mode", &mode, modes, 2)) session.config().mode = mode ? Mode::Deterministic : Mode::Free;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s%s%s", tr(S::AppliesOnReset), session.python() ? "\n" : "",
                          session.python() ? tr(S::SpeedPython) : "");
}

float policy_combo_width() {
    float w = 0;
    for (S s : {S::PolicyRandom, S::PolicyRoundRobin, S::PolicyManual}) w = std::max(w, ImGui::CalcTextSize(tr(s)).x);
    return std::max(ImGui::GetFontSize() * 7.0f,
                    w + ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.x * 4);
}

void policy_control(Session& session) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(S::Policy));
    ImGui::SameLine();
    const char* policies[] = {tr(S::PolicyRandom), tr(S::PolicyRoundRobin), tr(S::PolicyManual)};
    const int policy = static_cast<int>(session.config().policy);
    ImGui::SetNextItemWidth(policy_combo_width());
    if (ImGui::BeginCombo("##policy", policies[policy])) {
        for (int i = 0; i < 3; ++i) {
            if (ImGui::Selectable(policies[i], i == policy)) {
                session.config().policy = static_cast<Policy>(i);
                // Driving the interleaving by hand only exists in deterministic mode.
                if (session.config().policy == Policy::Manual) session.config().mode = Mode::Deterministic;
            }
        }
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S::PolicyHelp));
}

float seed_field_width(bool condensed = false) { return ImGui::GetFontSize() * (condensed ? 3.2f : 3.6f); }

void seed_control(Session& session, bool condensed = false) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(S::Seed));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(seed_field_width(condensed));
    int seed = static_cast<int>(std::min<uint64_t>(session.config().seed, 1u << 30));
    if (ImGui::InputInt("##seed", &seed, 0, 0) && seed >= 0) session.config().seed = static_cast<uint64_t>(seed);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S::AppliesOnReset));
}

// EN / 中文 and A- 100% A+.
void language_and_scale(UiState& ui) {
    if (toggle_button("EN", !chinese())) set_language("en");
    ImGui::SameLine(0, 2);
    if (toggle_button("\xE4\xB8\xAD\xE6\x96\x87", chinese())) set_language("zh");  // 中文
    ImGui::SameLine(0, ImGui::GetFontSize());
    if (ImGui::Button("A-")) set_scale(ui, ui.scale - 0.1f);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (-)", tr(S::UiScale));
    ImGui::SameLine(0, 2);
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%d%%", static_cast<int>(std::lround(ui.scale * 100)));
    ImGui::SameLine(0, 2);
    if (ImGui::Button("A+")) set_scale(ui, ui.scale + 0.1f);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (+)", tr(S::UiScale));
}

float language_and_scale_width() {
    const ImGuiStyle& style = ImGui::GetStyle();
    return ImGui::CalcTextSize("EN").x + ImGui::CalcTextSize("\xE4\xB8\xAD\xE6\x96\x87").x +
           ImGui::CalcTextSize("A-A+100%").x + style.FramePadding.x * 8 + ImGui::GetFontSize() + 12;
}

bool presenter_button(UiState& ui) {
    const bool pressed = toggle_button(tr(S::Presenter), ui.presenter);
    if (pressed) ui.presenter = !ui.presenter;
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24);
        ImGui::TextUnformatted(tr(S::PresenterHelp));
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
    return pressed;
}

float status_width() {
    float w = 0;
    for (S s : {S::StatusIdle, S::StatusRunning, S::StatusPaused, S::StatusFinished, S::StatusStopped, S::StatusError,
                S::Deadlock})
        w = std::max(w, ImGui::CalcTextSize(tr(s)).x);
    return w + ImGui::CalcTextSize("t = 00.00 s").x + ImGui::GetStyle().ItemSpacing.x;
}

// Presenter mode, or a window too narrow for every control on one or two
// lines (a projector's large text): what a class must see stays (run, step,
// reset, the status and t =, and the seed where it fits); speed, mode,
// policy, language and text size go into a "More" menu.
void condensed_toolbar(Session& session, UiState& ui) {
    const float font = ImGui::GetFontSize(), spacing = ImGui::GetStyle().ItemSpacing.x;
    const float pad = ImGui::GetStyle().FramePadding.x * 2;
    run_buttons(session, true);
    next_group(status_width(), font * 0.6f);
    status_text(session);
    // The seed and "More" on this line if both fit, else the seed goes into
    // the menu (300% on 1920x1080): a second toolbar line is lanes lost.
    const float more_w = ImGui::CalcTextSize(tr(S::ToolbarMore)).x + pad;
    const float seed_w = ImGui::CalcTextSize(tr(S::Seed)).x + spacing + seed_field_width(true);
    ImGui::SameLine(0, font * 0.6f);
    const bool seed_fits = ImGui::GetCursorPosX() + seed_w + font * 0.6f + more_w <= ImGui::GetWindowContentRegionMax().x;
    if (seed_fits) seed_control(session, true);
    next_group(more_w, font * 0.6f);
    if (ImGui::Button(tr(S::ToolbarMore))) ImGui::OpenPopup("##more");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S::ToolbarMoreHelp));
    // The presenter button where it fits on the line, else in the menu
    // (F5 and P work either way): a second toolbar line is lanes lost.
    ImGui::SameLine();
    const bool presenter_fits =
        ImGui::GetCursorPosX() + ImGui::CalcTextSize(tr(S::Presenter)).x + pad <= ImGui::GetWindowContentRegionMax().x;
    if (presenter_fits) presenter_button(ui);
    else ImGui::NewLine();
    if (ImGui::BeginPopup("##more")) {
        if (!presenter_fits && presenter_button(ui)) ImGui::CloseCurrentPopup();
        if (!seed_fits) seed_control(session, true);
        speed_control(session);
        mode_control(session, mode_combo_width());
        policy_control(session);
        if (session.python() && !session.can_pause()) {
            // Step is left out of the condensed toolbar when it cannot be used: say why here.
            ImGui::TextDisabled("%s: %s", tr(S::Step), tr(S::NotForPython));
        }
        language_and_scale(ui);
        ImGui::EndPopup();
    }
}

}  // namespace

bool toolbar_condensed(const UiState& ui, float width_px, float font_px) {
    return width_px < font_px * (ui.presenter ? kFullToolbarOneLineEm : kFullToolbarEm);
}

void draw_toolbar(Session& session, UiState& ui) {
    if (toolbar_condensed(ui, ImGui::GetContentRegionAvail().x, ImGui::GetFontSize()))
        return condensed_toolbar(session, ui);
    run_buttons(session, false);
    ImGui::SameLine(0, ImGui::GetFontSize() * 0.9f);
    speed_control(session);

    const float font = ImGui::GetFontSize(), spacing = ImGui::GetStyle().ItemSpacing.x;
    const float mode_w = mode_combo_width();
    next_group(ImGui::CalcTextSize(tr(S::Mode)).x + spacing + mode_w, font * 0.9f);
    mode_control(session, mode_w);
    next_group(ImGui::CalcTextSize(tr(S::Policy)).x + spacing + policy_combo_width(), spacing);
    policy_control(session);
    next_group(ImGui::CalcTextSize(tr(S::Seed)).x + spacing + seed_field_width(), spacing);
    seed_control(session);

    // The status goes on a new line rather than off the window's edge (a
    // projector at 200%): an error or a deadlock must be seen.
    next_group(status_width(), font * 0.9f);
    status_text(session);

    // Right side: presenter mode, language and text size; on a line of their
    // own when the window is narrow.
    const float presenter_w = ImGui::CalcTextSize(tr(S::Presenter)).x + ImGui::GetStyle().FramePadding.x * 2 + font;
    const float right_w = language_and_scale_width() + presenter_w;
    ImGui::SameLine();
    const float right_edge = ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetCursorPosX() + right_w > right_edge) ImGui::NewLine();
    else ImGui::SameLine(right_edge - right_w);
    presenter_button(ui);
    ImGui::SameLine(0, font);
    language_and_scale(ui);
}

// A line of source as a button can show it: without its indentation, and
// cut after 40 bytes (at a character's start: comments may be Chinese).
static std::string next_statement(const std::string& source) {
    const size_t from = source.find_first_not_of(" \t");
    std::string s = from == std::string::npos ? std::string() : source.substr(from);
    if (s.size() <= 40) return s;
    size_t cut = 39;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    return s.substr(0, cut) + "\xE2\x80\xA6";
}

void draw_choices(Session& session) {
    const RunConfig& cfg = session.run_config();
    if (!session.has_run() || cfg.mode != Mode::Deterministic || cfg.policy != Policy::Manual) return;
    if (session.status() == RunStatus::Finished) return;
    const std::vector<uint32_t> choices = session.choices();
    const float font = ImGui::GetFontSize();
    ImGui::AlignTextToFramePadding();
    ImGui::PushFont(fonts().heading);
    ImGui::TextColored(ImVec4(0.1f, 0.3f, 0.75f, 1), "%s", tr(S::WhoRunsNext));
    ImGui::PopFont();
    ImGui::SameLine(0, font);
    if (choices.empty()) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("\xE2\x80\xA6");  // the scheduler is not waiting for a choice right now
    }
    const World& world = session.world();
    for (size_t i = 0; i < choices.size(); ++i) {
        const uint32_t tid = choices[i];
        std::string label = (i < 9 ? std::to_string(i + 1) + "  " : std::string()) + session.index().thread_name(tid);
        // A Python thread's next statement: the source of the line it stands at.
        const uint16_t line = tid < world.threads.size() ? world.threads[tid].line : 0;
        if (session.python() && line > 0 && line <= session.python_lines().size())
            label += ":  " + std::to_string(line) + "  " + next_statement(session.python_lines()[line - 1]);
        const ThreadState s = tid < world.threads.size() ? world.threads[tid].state : ThreadState::Ready;
        ImGui::PushID(static_cast<int>(tid));
        const ImU32 fill = state_color(s);
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(fill));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.45f, 0.62f, 0.95f, 1));
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(state_text_color(s)));
        ImGui::PushFont(fonts().bold);
        // On the next line rather than off the window's edge (a projector's large text).
        if (i > 0) next_group(ImGui::CalcTextSize(label.c_str()).x + ImGui::GetStyle().FramePadding.x * 2,
                              ImGui::GetStyle().ItemSpacing.x);
        if (ImGui::Button(label.c_str())) session.pick(tid);
        ImGui::PopFont();
        ImGui::PopStyleColor(3);
        ImGui::PopID();
    }
    next_group(ImGui::CalcTextSize(tr(S::WhoRunsNextHelp)).x + font, ImGui::GetStyle().ItemSpacing.x);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("(%s)", tr(S::WhoRunsNextHelp));
    // The turns so far, the latest last: the interleaving the picks made.
    if (const EventLog* log = session.log()) {
        const std::vector<Turn> all = turns(*log);
        if (!all.empty()) {
            auto label = [&](uint32_t tid) { return preferred_label(session.index().thread_name(tid)); };
            const std::string text = std::string(tr(S::TurnsSoFar)) + "  " + turns_text(all, 8, label);
            next_group(ImGui::CalcTextSize(text.c_str()).x + font, ImGui::GetStyle().ItemSpacing.x);
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(text.c_str());
            if (ImGui::IsItemHovered()) {
                auto full = [&](uint32_t tid) { return session.index().thread_name(tid); };
                ImGui::SetTooltip("%s", turns_text(all, 40, full).c_str());
            }
        }
    }
    ImGui::Separator();
}

void draw_program_entry(Session& session, UiState& ui) {
    const bool selected = session.python() && !session.lesson();
    const std::string name = std::filesystem::path(session.file()).filename().string();
    const float w = ImGui::GetContentRegionAvail().x;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImFont* font = fonts().mono;
    const float h = font->FontSize * 1.3f;
    if (ImGui::Selectable("##program", selected, 0, ImVec2(w, h)) && !selected) {
        session.open_file(session.file());  // waits for Run, as a lesson picked here does
        ui.timeline = TimelineViewState{};
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", session.file().c_str());
    ImGui::GetWindowDrawList()->AddText(font, font->FontSize, ImVec2(pos.x, pos.y + (h - font->FontSize) * 0.5f),
                                        palette::kText, elide_middle(name, w).c_str());
}

void draw_lesson_browser(Session& session, UiState& ui) {
    const ImU32 summary_col = IM_COL32(55, 60, 75, 255);
    // The lessons both front ends list.
    for (const LessonEntry* s : all_lessons()) {
        const catalog::Lesson* folder = find_lesson_folder(s->id);
        const bool selected = session.lesson() == folder;
        ImGui::PushID(s->id.c_str());
        // A selectable as tall as the wrapped title, so long titles stay whole.
        ImFont* font = font_or_current(selected ? fonts().bold : fonts().body);
        const std::string& title = s->title.get(language());
        // Wrapped as the lesson text is (between words and between Chinese
        // characters, never inside "BoundedSemaphore"), over the selectable:
        // the title on the draw list's channel 1, the selectable under it on 0.
        // (A title on one line keeps a line's height: the list stays short.)
        const float w = ImGui::GetContentRegionAvail().x;
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->ChannelsSplit(2);
        dl->ChannelsSetCurrent(1);
        float title_h = font->FontSize;
        if (font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, title.c_str()).x <= w) {
            dl->AddText(font, font->FontSize, pos, palette::kText, title.c_str());
        } else {
            ImGui::PushFont(font);
            draw_wrapped_to(title, palette::kText, pos.x + w);
            ImGui::PopFont();
            title_h = ImGui::GetItemRectMax().y - pos.y;
        }
        dl->ChannelsSetCurrent(0);
        ImGui::SetCursorScreenPos(pos);
        const bool picked = ImGui::Selectable("##pick", selected, 0, ImVec2(w, title_h));
        dl->ChannelsMerge();
        if (picked && !selected) {
            session.select_lesson(*folder);
            ui.timeline = TimelineViewState{};
        }
        // The lesson opened (`gui ID`, or picked) brought into view once.
        if (selected && ui.lesson_list_shown != s->id) {
            ui.lesson_list_shown = s->id;
            ImGui::SetScrollHereY(0.3f);
        }
        if (ImGui::IsItemHovered() && !selected) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24);
            ImGui::TextUnformatted(s->summary.get(language()).c_str());
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
        if (selected) {
            ImGui::Indent();
            draw_wrapped(s->summary.get(language()), summary_col);
            ImGui::Unindent();
        }
        ImGui::PopID();
    }
    draw_lesson_errors(lesson_folders().errors);
}

void draw_lesson_errors(const std::vector<std::string>& errors) {
    if (errors.empty()) return;
    // A teacher's lesson with a mistake is never silently missing: one line
    // each, naming the file and the field.
    ImGui::Spacing();
    ImGui::PushFont(font_or_current(fonts().bold));
    draw_wrapped(tr(S::LessonsBroken), palette::kAlert);
    ImGui::PopFont();
    for (const std::string& e : errors) draw_wrapped(e, palette::kAlert);
}

namespace {

// A Python program's one setting: where deterministic mode may switch threads.
// `file`: a student's own file, whose settings are its code (no sliders).
void draw_python_params(Session& session, bool file) {
    ImGui::AlignTextToFramePadding();
    ImGui::PushFont(fonts().bold);
    ImGui::TextUnformatted(tr(S::SwitchPoints));
    ImGui::PopFont();
    const py::Granularity kinds[] = {py::Granularity::Switch, py::Granularity::Line, py::Granularity::Bytecode};
    const S labels[] = {S::GranularitySwitch, S::GranularityLine, S::GranularityBytecode};
    float name_w = 0;
    for (py::Granularity g : kinds) name_w = std::max(name_w, ImGui::CalcTextSize(std::string(py::to_string(g)).c_str()).x);
    const float radio_w = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x;
    for (size_t i = 0; i < std::size(kinds); ++i) {
        // The flag's word, then what it means (wrapped beside it).
        const std::string name(py::to_string(kinds[i]));
        const float x0 = ImGui::GetCursorPosX();
        if (ImGui::RadioButton(name.c_str(), session.granularity() == kinds[i])) session.granularity() = kinds[i];
        ImGui::SameLine(x0 + radio_w + name_w + ImGui::GetFontSize() * 0.8f);
        draw_wrapped(tr(labels[i]), IM_COL32(70, 75, 90, 255));
    }
    const bool pending = session.has_run() && session.granularity() != session.run_granularity();
    draw_wrapped(std::string(tr(S::SwitchPointsHelp)) + "  \xE2\x80\x94 " + tr(S::AppliesOnReset),
                 pending ? IM_COL32(200, 100, 0, 255) : IM_COL32(70, 75, 90, 255));
    if (!file) return;
    ImGui::Spacing();
    draw_wrapped(tr(S::NoParamsPython), IM_COL32(110, 115, 130, 255));
}

// A lesson folder's parameters: each a slider that rewrites its constant
// in the listing (the student sees `CONSUMERS = 4` change) and applies at
// the next Run or Reset, since a running Python program cannot be changed.
void draw_lesson_params(Session& session) {
    const catalog::Lesson& l = *session.lesson();
    const float label_w = ImGui::GetFontSize() * 7;
    if (!l.params.empty()) {
        draw_wrapped(tr(S::AppliesOnRun), IM_COL32(70, 75, 90, 255));
        ImGui::Spacing();
    }
    for (const catalog::LessonParam& spec : l.params) {
        ImGui::PushID(spec.name.c_str());
        ImGui::AlignTextToFramePadding();
        ImGui::PushFont(fonts().mono);
        ImGui::TextUnformatted(spec.name.c_str());
        ImGui::PopFont();
        ImGui::SameLine(label_w);
        ImGui::SetNextItemWidth(-1);
        const double v = session.lesson_values().count(spec.name) ? session.lesson_values().at(spec.name) : spec.def;
        std::optional<double> changed;
        switch (spec.kind) {
        case catalog::ParamKind::Int: {
            int iv = static_cast<int>(std::lround(v));
            if (ImGui::SliderInt("##v", &iv, static_cast<int>(spec.min), static_cast<int>(spec.max))) changed = iv;
            break;
        }
        case catalog::ParamKind::Real: {
            float fv = static_cast<float>(v);
            const char* format = spec.max - spec.min < 1 || spec.min < 0.01 ? "%.3f" : "%.2f";
            if (ImGui::SliderFloat("##v", &fv, static_cast<float>(spec.min), static_cast<float>(spec.max), format))
                changed = std::clamp(std::round(static_cast<double>(fv) * 1000) / 1000, spec.min, spec.max);
            break;
        }
        case catalog::ParamKind::Bool: {
            bool bv = v != 0;
            if (ImGui::Checkbox("##v", &bv)) changed = bv ? 1 : 0;
            break;
        }
        }
        if (ImGui::IsItemHovered()) {
            char tip[600];
            std::snprintf(tip, sizeof tip, tr(spec.live.empty() ? S::LessonParamHelp : S::LessonParamLiveHelp),
                          spec.constant.c_str(), spec.live.c_str());
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24);
            ImGui::TextUnformatted(tip);
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
        if (changed) session.set_lesson_value(spec.name, *changed);
        // A live parameter reaches the running program when the slider is let
        // go (not at every frame of a drag: each change is a teacher thread).
        if (ImGui::IsItemDeactivatedAfterEdit() || (changed && spec.kind == catalog::ParamKind::Bool))
            session.apply_live(spec.name);
        const double now = session.lesson_values().at(spec.name);
        const auto ran = session.lesson_run_values().find(spec.name);
        const bool pending = session.has_run() && ran != session.lesson_run_values().end() && ran->second != now;
        const std::string& help = spec.help.get(language());
        draw_wrapped(spec.constant + " = " + catalog::format_value(spec, now) + (help.empty() ? "" : "  \xE2\x80\x94 ") + help,
                     pending ? IM_COL32(200, 100, 0, 255) : IM_COL32(70, 75, 90, 255));
        ImGui::PopID();
    }
    if (l.params.empty()) draw_wrapped(tr(S::NoParamsPython), IM_COL32(110, 115, 130, 255));
    if (session.has_run() && session.params_pending()) {
        ImGui::Spacing();
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.8f, 0.4f, 0.0f, 1));
        ImGui::TextWrapped("%s", tr(S::ParamChanged));
        ImGui::PopStyleColor();
        if (ImGui::Button(tr(S::Reset))) session.reset();
    }
    // Where deterministic mode may switch threads, as for any Python program.
    ImGui::Spacing();
    ImGui::Separator();
    draw_python_params(session, false);
}

}  // namespace

void draw_params(Session& session) {
    if (session.lesson()) return draw_lesson_params(session);
    if (session.python()) draw_python_params(session, true);
}

void handle_shortcuts(Session& session, UiState& ui) {
    ImGuiIO& io = ImGui::GetIO();
    const std::vector<int> keys = take_pressed_keys();  // every press since the last frame, taps included
    if (io.WantTextInput || io.KeyCtrl || io.KeyAlt) return;
    for (int key : keys) {
        if (key == GLFW_KEY_SPACE) session.toggle_run();
        // Going back in time (scrubber_view.hpp): Right is Step while the view is live.
        if (key == GLFW_KEY_LEFT) press(session, ScrubKey::Back);
        if (key == GLFW_KEY_RIGHT) press(session, ScrubKey::On);
        if (key == GLFW_KEY_HOME) press(session, ScrubKey::First);
        if (key == GLFW_KEY_END) press(session, ScrubKey::Live);
        if (key == GLFW_KEY_R) session.reset();
        if (key == GLFW_KEY_F) ui.timeline.follow = TimelineFollow::Live;
        if (key == GLFW_KEY_F5 || key == GLFW_KEY_P) ui.presenter = !ui.presenter;
        if (key == GLFW_KEY_T) session.set_steps_axis(!session.steps_wanted());  // the axis by turn (deterministic runs)
        int pick = key >= GLFW_KEY_1 && key <= GLFW_KEY_9         ? key - GLFW_KEY_1
                   : key >= GLFW_KEY_KP_1 && key <= GLFW_KEY_KP_9 ? key - GLFW_KEY_KP_1
                                                                  : -1;
        if (pick >= 0) {
            const std::vector<uint32_t> choices = session.choices();
            if (static_cast<size_t>(pick) < choices.size()) session.pick(choices[static_cast<size_t>(pick)]);
        }
        if (key == GLFW_KEY_EQUAL || key == GLFW_KEY_KP_ADD) set_scale(ui, ui.scale + 0.1f);
        if (key == GLFW_KEY_MINUS || key == GLFW_KEY_KP_SUBTRACT) set_scale(ui, ui.scale - 0.1f);
    }
}

}  // namespace tl::gui
