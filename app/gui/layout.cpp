#include "gui/layout.hpp"

#include <imgui.h>

#include <algorithm>
#include <filesystem>

#include "gui/checks_view.hpp"
#include "gui/code_view.hpp"
#include "gui/colors.hpp"
#include "gui/controls_view.hpp"
#include "gui/editor_view.hpp"
#include "gui/fonts.hpp"
#include "gui/futures_view.hpp"
#include "gui/i18n.hpp"
#include "gui/legend_view.hpp"
#include "gui/lesson_view.hpp"
#include "gui/objects_view.hpp"
#include "gui/output_view.hpp"
#include "gui/predict_view.hpp"
#include "gui/timeline_view.hpp"
#include "gui/widgets.hpp"

namespace tl::gui {
namespace {

// A bordered pane: its title stays put, the body below it scrolls.
template <class Body>
void pane(const char* id, const char* title, ImVec2 size, Body body, ImGuiWindowFlags body_flags = 0) {
    if (ImGui::BeginChild(id, size, true, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
        // A title too long for a narrow pane loses its middle ("Code — nam…its.py").
        ImGui::PushFont(fonts().heading);
        const std::string fitted = elide_middle(title, ImGui::GetContentRegionAvail().x);
        ImGui::PopFont();
        pane_title(fitted.c_str());
        ImGui::BeginChild("##body", ImVec2(0, 0), false, body_flags);
        body();
        ImGui::EndChild();
    }
    ImGui::EndChild();
}

// The lesson tab's text: the scenario's lesson, or what running your own
// program means. Cached per selection and language.
const std::string& lesson_text(const Session& session, UiState& ui) {
    const Scenario* s = session.scenario();
    const catalog::Lesson* l = session.lesson();
    const std::string key = (l ? "lesson:" + l->id : s ? s->id : "file:" + session.file()) + "/" + language();
    if (ui.lesson_key != key) {
        ui.lesson_key = key;
        ui.lesson_text = l   ? l->text.get(language())
                         : s ? lesson_markdown(s->id, language())
                         : session.python() ? tr(S::ProgramLesson)
                                            : "";
    }
    return ui.lesson_text;
}

void left_column(Session& session, UiState& ui) {
    if (!session.file().empty()) {
        pane_title(tr(S::YourProgram));
        draw_program_entry(session, ui);
        ImGui::Spacing();
    }
    pane_title(tr(S::Scenarios));
    draw_scenario_browser(session, ui);
    ImGui::Spacing();
    if (ImGui::BeginTabBar("##left_tabs")) {
        ImGui::PushFont(fonts().bold);
        const bool open_params = ui.open_left_tab == "parameters";
        ui.open_left_tab.clear();
        const bool lesson = ImGui::BeginTabItem(tr(S::Lesson));
        ImGui::PopFont();
        if (lesson) {
            ImGui::BeginChild("##lesson", ImVec2(0, 0), false);
            // Predict, then run: the lesson's question over its text.
            draw_prediction(session);
            if (session.scenario() || session.python()) {
                const std::string& text = lesson_text(session, ui);
                if (text.empty()) ImGui::TextDisabled("%s", tr(S::NoLesson));
                else draw_lesson(text);
            }
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
        ImGui::PushFont(fonts().bold);
        const bool params =
            ImGui::BeginTabItem(tr(S::Parameters), nullptr, open_params ? ImGuiTabItemFlags_SetSelected : 0);
        ImGui::PopFont();
        if (params) {
            ImGui::BeginChild("##params", ImVec2(0, 0), false);
            draw_params(session);
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
}

void deadlock_banner(const Session& session) {
    if (session.deadlock_text().empty()) return;
    const float font = ImGui::GetFontSize();
    const float w = ImGui::GetContentRegionAvail().x;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    // "DEADLOCK:  teller-1 waits for lock-2 held by teller-2; ...": the
    // description's own "deadlock cycle:" would say it twice. In the bold body
    // font, not the heading's: at a projector's 200% the lanes below must
    // still have room.
    std::string cycle = session.deadlock_text();
    if (const std::string prefix = "deadlock cycle: "; cycle.rfind(prefix, 0) == 0) cycle.erase(0, prefix.size());
    const std::string text = std::string(tr(S::Deadlock)) + ":  " + cycle;
    ImGui::PushFont(font_or_current(fonts().bold));
    const float h = ImGui::CalcTextSize(text.c_str(), nullptr, false, w - font).y + font * 0.8f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), palette::kAlert, 4.0f);
    ImGui::SetCursorScreenPos(ImVec2(p.x + font * 0.5f, p.y + font * 0.4f));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w - font);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h + ImGui::GetStyle().ItemSpacing.y));
}

void timeline_pane(Session& session, UiState& ui) {
    pane_title(tr(S::Timeline));
    ImGui::SameLine(0, ImGui::GetFontSize());
    auto mode_button = [&](const char* label, TimelineFollow f) {
        const bool on = ui.timeline.follow == f;
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(label)) ui.timeline.follow = f;
        if (on) ImGui::PopStyleColor();
    };
    mode_button(tr(S::Follow), TimelineFollow::Live);
    ImGui::SameLine();
    mode_button(tr(S::FitAll), TimelineFollow::WholeRun);
    ImGui::SameLine(0, ImGui::GetFontSize());
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", tr(S::Zoom));
    // (Before a lesson's first run its question takes the room: no lanes to explain yet.)
    const bool asking = !session.has_run() && session.question();
    if (!asking) draw_legend(!session.index().gil_handoffs().empty());
    ImGui::Spacing();

    // No lanes to draw: a hint instead (press Run; or the Python program
    // never ran, and why, which the output pane details).
    const bool never_ran = session.python() && session.timeline().lanes().empty() &&
                           (!session.start_error().empty() || session.status() == RunStatus::Finished);
    // Before the lesson's first run, its question where every eye is: the
    // empty timeline (the lesson pane keeps it, with the grade, afterwards).
    if (asking) {
        const float font = ImGui::GetFontSize();
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        const float w = std::min(avail.x - font, font * 34);
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail.x - w) * 0.5f);
        ImGui::BeginChild("##predict_first", ImVec2(w + 4, avail.y), false);
        draw_prediction(session, w);  // its last line says: pick an answer, then press Run
        ImGui::EndChild();
        return;
    }
    if (!session.has_run() || never_ran) {
        const char* hint = never_ran ? tr(S::ProgramDidNotRun) : tr(S::PressRun);
        ImGui::PushFont(fonts().heading);
        const ImVec2 ts = ImGui::CalcTextSize(hint);
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        ImGui::SetCursorPos(ImVec2(ImGui::GetCursorPosX() + (avail.x - ts.x) * 0.5f,
                                   ImGui::GetCursorPosY() + (avail.y - ts.y) * 0.4f));
        ImGui::TextColored(never_ran ? ImVec4(0.78f, 0.05f, 0.1f, 1) : ImVec4(0.2f, 0.35f, 0.7f, 1), "%s", hint);
        ImGui::PopFont();
        // Why, under it: the SyntaxError and its line (the code pane marks the line).
        const runner::PythonOutcome* o = session.outcome();
        std::string why = !session.start_error().empty() ? session.start_error()
                          : o && !o->program.error.empty()
                              ? (o->program.error_line > 0 ? line_label(o->program.error_line) + ":  " : std::string()) +
                                    o->program.error
                              : std::string();
        if (never_ran && !why.empty()) {
            ImGui::PushFont(fonts().mono);
            why = fit_end(why, avail.x);
            const ImVec2 ws = ImGui::CalcTextSize(why.c_str());
            ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (avail.x - ws.x) * 0.5f));
            ImGui::TextColored(ImVec4(0.78f, 0.05f, 0.1f, 1), "%s", why.c_str());
            ImGui::PopFont();
        }
        return;
    }
    if (session.status() != RunStatus::Finished) {
        ui.fitted_finished_run = false;
    } else if (session.python() && !ui.fitted_finished_run) {
        ui.fitted_finished_run = true;
        if (ui.timeline.follow == TimelineFollow::Live) ui.timeline.follow = TimelineFollow::WholeRun;
    }
    TimelineInput in;
    in.lanes = &session.timeline().lanes();
    in.index = &session.index();
    in.python = &session.python_lines();
    in.end_time = session.now();
    draw_timeline(in, ui.timeline);
}

bool has_futures(const World& world) {
    return std::any_of(world.objects.begin(), world.objects.end(),
                       [](const ObjectView& o) { return o.kind == ObjKind::Future && !o.internal; });
}

// Objects and futures share the pane as two tabs; the tab bar is the title.
void objects_and_futures(Session& session, UiState& ui, ImVec2 size) {
    if (ImGui::BeginChild("##objects", size, true, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
        if (ImGui::BeginTabBar("##side_tabs")) {
            ImGui::PushFont(fonts().heading);
            const bool bring = !ui.futures_tab_shown;
            ui.futures_tab_shown = true;
            const bool bring_futures = bring && !ui.prefer_objects_tab;
            const bool bring_objects = bring && ui.prefer_objects_tab;
            const bool futures =
                ImGui::BeginTabItem(tr(S::Futures), nullptr, bring_futures ? ImGuiTabItemFlags_SetSelected : 0);
            ImGui::PopFont();
            if (futures) {
                ImGui::BeginChild("##futures", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollbar);
                draw_futures(session.shown_world(), session.index());
                ImGui::EndChild();
                ImGui::EndTabItem();
            }
            ImGui::PushFont(fonts().heading);
            const bool objects =
                ImGui::BeginTabItem(tr(S::Objects), nullptr, bring_objects ? ImGuiTabItemFlags_SetSelected : 0);
            ImGui::PopFont();
            if (objects) {
                ImGui::BeginChild("##body", ImVec2(0, 0), false);
                draw_objects(session.shown_world(), session.index(), session.cpu());
                ImGui::EndChild();
                ImGui::EndTabItem();
            }
            ImGui::EndTabBar();
        }
    }
    ImGui::EndChild();
}

ProgramStatus program_status(const Session& session) {
    ProgramStatus p;
    p.python = session.python();
    p.outcome = session.outcome();
    p.start_error = session.start_error();
    p.deadlocked = !session.deadlock_text().empty();
    return p;
}

// The output, and beside it as a second tab the run's checks when the
// selection has any; the checks come to the front once they are ready.
void output_and_checks(Session& session, UiState& ui, ImVec2 size) {
    const CheckList& checks = session.checks();
    ui.checks_in_front = false;
    if (checks.state == CheckList::State::None) {
        ui.checks_tab_brought = false;
        pane("##output", tr(S::Output), size,
             [&] { draw_output(session.world(), session.index(), ui, program_status(session)); });
        return;
    }
    const bool ready = checks.state == CheckList::State::Done;
    const bool bring_checks = ready && !ui.checks_tab_brought;
    const bool bring_output = !ready && ui.checks_tab_brought;
    ui.checks_tab_brought = ready;
    if (ImGui::BeginChild("##output", size, true, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
        if (ImGui::BeginTabBar("##output_tabs")) {
            ImGui::PushFont(fonts().heading);
            const bool output =
                ImGui::BeginTabItem(tr(S::Output), nullptr, bring_output ? ImGuiTabItemFlags_SetSelected : 0);
            ImGui::PopFont();
            if (output) {
                ImGui::BeginChild("##body", ImVec2(0, 0), false);
                draw_output(session.world(), session.index(), ui, program_status(session));
                ImGui::EndChild();
                ImGui::EndTabItem();
            }
            // The verdicts in the tab's title, so they are seen from the Output tab too.
            const std::string title = checks_title(checks) + "###checks";
            ImGui::PushFont(fonts().heading);
            const bool shown = ImGui::BeginTabItem(title.c_str(), nullptr, bring_checks ? ImGuiTabItemFlags_SetSelected : 0);
            ImGui::PopFont();
            ui.checks_in_front = shown || bring_checks;
            if (shown) {
                ImGui::BeginChild("##checks", ImVec2(0, 0), false);
                // What this run showed of the lesson's question, over its checks.
                if (session.question()) {
                    draw_prediction_grade(session);
                    ImGui::Separator();
                }
                draw_checks(checks);
                ImGui::EndChild();
                ImGui::EndTabItem();
            }
            ImGui::EndTabBar();
        }
    }
    ImGui::EndChild();
}

}  // namespace

void draw_frame(Session& session, UiState& ui) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("##threadlab", nullptr, flags);
    handle_shortcuts(session, ui);
    draw_toolbar(session, ui);
    ImGui::Separator();
    draw_choices(session);

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float left_w = std::clamp(avail.x * 0.26f, ImGui::GetFontSize() * 14, avail.x * 0.4f);

    if (ImGui::BeginChild("##left", ImVec2(left_w, avail.y), true)) left_column(session, ui);
    ImGui::EndChild();
    ImGui::SameLine(0, gap);

    // Right: the timeline across the top; below it the code (tall: listings
    // are long) beside the objects and the output.
    ImGui::BeginGroup();
    const float right_w = avail.x - left_w - gap;
    deadlock_banner(session);
    const float rest_h = ImGui::GetContentRegionAvail().y;
    // Enough height for every lane when there are many (up to 60% of the
    // height), so a lesson with a dozen threads needs no scrolling.
    const float font = ImGui::GetFontSize();
    const float wanted_h = font * (6.2f + 1.75f * static_cast<float>(session.timeline().lanes().size()));
    float timeline_h = std::max(std::clamp(wanted_h, rest_h * 0.45f, rest_h * 0.6f), font * 8);
    // A lesson's question before its first run: room for it (the panes below are empty yet).
    if (!session.has_run() && session.question()) timeline_h = std::max(timeline_h, rest_h * 0.75f);
    if (ImGui::BeginChild("##timeline", ImVec2(right_w, timeline_h), true,
                          ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse))
        timeline_pane(session, ui);
    ImGui::EndChild();

    const float bottom_h = ImGui::GetContentRegionAvail().y;
    // A run with futures needs room for the board's four columns.
    const bool futures = has_futures(session.shown_world());
    if (!futures) ui.futures_tab_shown = false;
    // The checks in front (a finished run): they are what the class looks
    // at then, so they get more of the width and most of the column; with
    // a projector's large text and little height, all of it.
    const bool checks_in_front = ui.checks_in_front && session.checks().state == CheckList::State::Done;
    const bool checks_only = checks_in_front && bottom_h < font * 14;
    const float code_w = right_w * (futures ? 0.40f : checks_in_front ? 0.48f : 0.55f);
    CodeError error;
    if (const runner::PythonOutcome* o = session.outcome(); o && session.error_line() > 0)
        error = CodeError{session.error_line(), o->program.error};
    draw_code_pane(session, ui.editor, ImVec2(code_w, bottom_h), error);
    ImGui::SameLine(0, gap);
    ImGui::BeginGroup();
    const float side_w = right_w - code_w - gap;
    const float objects_share = checks_in_front ? 0.36f : futures ? 0.70f : session.index().gil_handoffs().empty() ? 0.62f : 0.72f;
    if (checks_only)
        ;  // the objects of a finished run give way
    else if (futures)
        objects_and_futures(session, ui, ImVec2(side_w, bottom_h * objects_share));
    else
        pane("##objects", tr(S::Objects), ImVec2(side_w, bottom_h * objects_share),
             [&] { draw_objects(session.shown_world(), session.index(), session.cpu()); });
    output_and_checks(session, ui, ImVec2(side_w, ImGui::GetContentRegionAvail().y));
    ImGui::EndGroup();
    ImGui::EndGroup();
    ImGui::End();
}

}  // namespace tl::gui
