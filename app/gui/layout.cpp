#include "gui/layout.hpp"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <filesystem>
#include <string>
#include <vector>

#include "gui/checks_view.hpp"
#include "gui/compare_view.hpp"
#include "gui/code_view.hpp"
#include "gui/colors.hpp"
#include "gui/controls_view.hpp"
#include "gui/deadlock_graph.hpp"
#include "gui/editor_view.hpp"
#include "gui/fonts.hpp"
#include "gui/futures_view.hpp"
#include "gui/i18n.hpp"
#include "gui/layout_sizes.hpp"
#include "gui/legend_view.hpp"
#include "gui/lesson_view.hpp"
#include "gui/objects_view.hpp"
#include "gui/output_view.hpp"
#include "gui/plot_view.hpp"
#include "gui/predict_view.hpp"
#include "gui/stats_view.hpp"
#include "gui/scrubber_view.hpp"
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

// The lesson tab's text: the lesson's, or what running your own program
// means. Cached per selection and language.
const std::string& lesson_text(const Session& session, UiState& ui) {
    const catalog::Lesson* l = session.lesson();
    const std::string key = (l ? "lesson:" + l->id : "file:" + session.file()) + "/" + language();
    if (ui.lesson_key != key) {
        ui.lesson_key = key;
        ui.lesson_text = l                  ? l->text.get(language())
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
    // The list in a pane of its own, at most 40% of the column (its own
    // scrollbar): 22 lessons and more would push the lesson's text, the
    // point of the column, below the window's edge.
    const float room = ImGui::GetContentRegionAvail().y;
    const float list_h = ui.lesson_list_h > 0 ? std::min(ui.lesson_list_h, room * 0.4f) : room * 0.4f;
    if (ImGui::BeginChild("##lesson_list", ImVec2(0, std::max(list_h, ImGui::GetFontSize() * 3)), false)) {
        draw_lesson_browser(session, ui);
        ui.lesson_list_h = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y;
    }
    ImGui::EndChild();
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
            if (session.python()) {
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
    // Looking back at a moment before the deadlock: there was none yet.
    if (session.scrubbing() && session.view_world().deadlock.empty()) return;
    const float font = ImGui::GetFontSize();
    const float w = ImGui::GetContentRegionAvail().x;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    // "DEADLOCK:  teller-1 waits for lock-2 held by teller-2; ...": the
    // description's own "deadlock cycle:" would say it twice. In the bold body
    // font, not the heading's: at a projector's 200% the lanes below must
    // still have room.
    // In the interface's language (the engine's own text is English).
    std::string cycle = deadlock_sentence(session.view_world(), session.view_index());
    if (const std::string prefix = tr(S::DeadlockCycle); cycle.rfind(prefix, 0) == 0) cycle.erase(0, prefix.size());
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

// The timeline pane narrower than this, in text heights (a projector's
// large text, where the legend takes three lines or more): its legend folds.
constexpr float kLegendFoldBelowEm = 40;

// The timeline's view buttons (follow, whole run, the axis, compare, the
// folded legend): on the title's line, one per row in the "View" menu, or
// only measured (their width on one line, nothing drawn).
enum class ButtonsAs { OneLine, MenuRows, Measure };

// The scrubber on the title's line keeps at least this many text heights.
constexpr float kScrubberLeastEm = 16;

float timeline_buttons(Session& session, UiState& ui, bool fold, bool gil, ButtonsAs as) {
    const float font = ImGui::GetFontSize();
    const ImGuiStyle& style = ImGui::GetStyle();
    float width = 0;
    bool first = true;
    // One button: drawn (returns whether pressed) or its width added.
    auto button = [&](const char* label, bool on, float gap) {
        if (as == ButtonsAs::Measure) {
            width += (first ? 0 : gap) + ImGui::CalcTextSize(label).x + style.FramePadding.x * 2;
            first = false;
            return false;
        }
        if (as == ButtonsAs::OneLine && !first) ImGui::SameLine(0, gap);
        first = false;
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        const bool pressed = ImGui::Button(label);
        if (on) ImGui::PopStyleColor();
        return pressed;
    };
    const bool drawn = as != ButtonsAs::Measure;
    if (button(tr(S::Follow), ui.timeline.follow == TimelineFollow::Live, style.ItemSpacing.x))
        ui.timeline.follow = TimelineFollow::Live;
    if (button(tr(S::FitAll), ui.timeline.follow == TimelineFollow::WholeRun, style.ItemSpacing.x))
        ui.timeline.follow = TimelineFollow::WholeRun;
    // Deterministic mode: the axis by time or by turn (step_log.hpp).
    if (session.config().mode == Mode::Deterministic || session.run_config().mode == Mode::Deterministic) {
        const bool steps = session.steps_wanted();
        if (button(steps ? tr(S::AxisSteps) : tr(S::AxisTime), steps, font * 0.6f)) session.set_steps_axis(!steps);
        if (drawn && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S::AxisHelp));
    }
    // Compare two runs: keep this one, run again with other parameters.
    if (session.kept()) {
        if (button(tr(S::StopComparing), true, font * 0.6f)) session.drop_kept();
    } else if (session.can_keep()) {
        if (button(tr(S::KeepRun), false, font * 0.6f)) session.keep_run();
        if (drawn && ImGui::IsItemHovered()) {
            ImGui::SetNextWindowSize(ImVec2(font * 24, 0));
            ImGui::SetTooltip("%s", tr(S::KeepRunHelp));
        }
    }
    if (fold) {
        if (button(tr(S::Legend), ui.legend_pinned, font * 0.6f))
            ui.legend_pinned = !ui.legend_pinned;
        if (drawn && ImGui::IsItemHovered() && !ui.legend_pinned) {
            ImGui::SetNextWindowSize(ImVec2(ImGui::GetMainViewport()->WorkSize.x * 0.8f, 0));
            ImGui::BeginTooltip();
            draw_legend(gil);
            ImGui::EndTooltip();
        }
    }
    return width;
}

void timeline_pane(Session& session, UiState& ui) {
    // Before the lesson's first run, its question where every eye is: the
    // empty timeline, all of it (no lanes yet, so no title, buttons or
    // legend; the lesson pane keeps the question, with the grade, afterwards).
    if (!session.has_run() && session.question()) {
        const float font = ImGui::GetFontSize();
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        const float w = std::min(avail.x - font, font * 34);
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail.x - w) * 0.5f);
        ImGui::BeginChild("##predict_first", ImVec2(w + 4, avail.y), false);
        // Smaller text, and the spacing with it (a radio button's padding is most of its row).
        const float k = ui.question_scale;
        ImGui::SetWindowFontScale(k);
        const ImGuiStyle& style = ImGui::GetStyle();
        ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(style.FramePadding.x * k, style.FramePadding.y * k));
        ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(style.ItemSpacing.x * k, style.ItemSpacing.y * k));
        const float top = ImGui::GetCursorPosY();
        // (Beside the scrollbar, not under it, when even the smallest text needs one.)
        draw_prediction(session, w - style.ScrollbarSize);  // its last line says: pick an answer, then press Run
        const float used = ImGui::GetCursorPosY() - top;
        ImGui::PopStyleVar(2);
        ImGui::EndChild();
        ui.question_scale = question_scale_next(ui.question_scale, used, avail.y, font);
        return;
    }
    pane_title(tr(S::Timeline));
    const bool gil = !session.index().gil_handoffs().empty();
    // In presenter mode, or when large text makes the legend three lines or
    // more, it folds into a button (hover shows it, a click pins it open):
    // those lines are lanes the class cannot see.
    const bool fold = ui.presenter || ImGui::GetContentRegionAvail().x < ImGui::GetFontSize() * kLegendFoldBelowEm;
    // The view's buttons on the title's line; where they would squeeze the
    // scrubber sharing that line (a projector's 300%), in a "View" menu.
    const bool scrub_here = ui.scrubber_in_title && session.can_scrub();
    const float font = ImGui::GetFontSize();
    ImGui::SameLine(0, font);
    const float buttons_w = timeline_buttons(session, ui, fold, gil, ButtonsAs::Measure);
    const bool menu = scrub_here && ImGui::GetContentRegionAvail().x - font - buttons_w < font * kScrubberLeastEm;
    if (menu) {
        if (ImGui::Button(tr(S::ViewMenu))) ImGui::OpenPopup("##view");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S::ViewMenuHelp));
        if (ImGui::BeginPopup("##view")) {
            timeline_buttons(session, ui, fold, gil, ButtonsAs::MenuRows);
            ImGui::EndPopup();
        }
    } else {
        timeline_buttons(session, ui, fold, gil, ButtonsAs::OneLine);
    }
    const float zoom_w = ImGui::CalcTextSize(tr(S::Zoom)).x;
    ImGui::SameLine(0, ImGui::GetFontSize());
    // The mouse hint only where it fits on the title's line (or, on a window
    // with no row to spare, the scrubber there).
    if (scrub_here) {
        draw_scrubber(session, ImVec2(ImGui::GetContentRegionAvail().x, 0), true);
    } else if (ImGui::GetContentRegionAvail().x >= zoom_w) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%s", tr(S::Zoom));
    } else {
        ImGui::NewLine();
    }
    if (!fold || ui.legend_pinned) draw_legend(gil);
    ImGui::Spacing();

    // No lanes to draw: a hint instead (press Run; or the Python program
    // never ran, and why, which the output pane details).
    const bool never_ran = session.python() && session.timeline().lanes().empty() &&
                           (!session.start_error().empty() || session.status() == RunStatus::Finished);
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
    in.steps = session.steps_axis();
    in.lanes = in.steps ? &session.steps_timeline().lanes() : &session.timeline().lanes();
    in.index = in.steps ? &session.steps_index() : &session.index();
    in.python = &session.python_lines();
    update_labels(ui.editor.code, session.index(), session.run_number());
    in.labels = &ui.editor.code.labels;
    in.end_time = in.steps ? session.steps_timeline().end_time() : session.now();
    apply_scrub_request(session, ui);
    // Going back in time: a cursor at the moment the panes show, which the
    // whole run keeps in view (following the live end means nothing then),
    // and the scrubber along the pane's bottom.
    in.cursor = in.steps ? session.steps_cursor() : session.view_cursor();
    if (in.cursor && ui.timeline.follow == TimelineFollow::Live) ui.timeline.follow = TimelineFollow::WholeRun;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    in.phase_strip = ui.phase_strip;
    const float scrub_h = ui.scrubber_in_title ? 0.0f : scrubber_height(session, avail);
    // The lanes: this run's, or the kept run's above it (compare_view.hpp).
    auto lanes = [&] { draw_compared_timelines(session, in, ui.timeline, ImGui::GetContentRegionAvail()); };
    if (scrub_h <= 0) return lanes();
    ImGui::BeginChild("##lanes_above_scrubber", ImVec2(0, -scrub_h), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    lanes();
    ImGui::EndChild();
    draw_scrubber(session, avail);
}

bool has_futures(const World& world) {
    return std::any_of(world.objects.begin(), world.objects.end(),
                       [](const ObjectView& o) { return o.kind == ObjKind::Future && !o.internal; });
}

// Objects, futures (when the run has some) and the statistics share the
// pane as tabs; the tab bar is the title.
// The side pane's tabs, in the tab bar being drawn: the futures board (when
// the run has futures), the objects, the pool sweep (two pools or more) and
// the statistics. `auto_bring`: the board comes to the front once per run
// when the first future appears (not where the code would go behind it).
// `asked` ("futures" or "objects", `gui --tab`): that tab to the front as
// soon as it is there, then the request is done with.
void side_tabs(Session& session, UiState& ui, bool with_futures, unsigned bar, bool auto_bring,
               std::string* asked = nullptr) {
    bool charts = false;  // a chart's tab is the one in front
    ImGui::PushFont(tab_font());
    const bool bring = with_futures && !ui.futures_tab_shown && auto_bring;
    if (with_futures) ui.futures_tab_shown = true;
    bool bring_futures = bring && !ui.prefer_objects_tab && !ui.prefer_stats_tab;
    bool bring_objects = bring && ui.prefer_objects_tab;
    if (asked && *asked == "futures" && with_futures) bring_futures = true, asked->clear();
    if (asked && *asked == "objects") bring_objects = true, asked->clear();
    const bool futures = with_futures && ImGui::BeginTabItem(tr(S::Futures), nullptr,
                                                             bring_futures ? ImGuiTabItemFlags_SetSelected : 0);
    ImGui::PopFont();
    if (futures) {
        ImGui::BeginChild("##futures", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollbar);
        draw_futures(session.view_world(), session.view_index());
        ImGui::EndChild();
        ImGui::EndTabItem();
    }
    ImGui::PushFont(tab_font());
    const bool objects =
        ImGui::BeginTabItem(tr(S::Objects), nullptr, bring_objects ? ImGuiTabItemFlags_SetSelected : 0);
    ImGui::PopFont();
    if (objects) {
        ImGui::BeginChild("##body", ImVec2(0, 0), false);
        draw_objects(session.view_world(), session.view_index(), session.view_cpu());
        ImGui::EndChild();
        ImGui::EndTabItem();
    }
    // Two pools or more: throughput against workers, as a plot.
    if (has_pool_sweep(session)) {
        ImGui::PushFont(tab_font());
        const bool bring = ui.bring_pools_tab || (asked && *asked == "pools");
        if (bring) ui.bring_pools_tab = false;
        if (asked && *asked == "pools") asked->clear();
        const bool sweep = ImGui::BeginTabItem(tr(S::PoolSweepTab), nullptr, bring ? ImGuiTabItemFlags_SetSelected : 0);
        ImGui::PopFont();
        charts = charts || sweep;
        if (sweep) {
            ImGui::BeginChild("##pool_sweep", ImVec2(0, 0), false);
            draw_pool_sweep(session);
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
    }
    if (ui.open_bottom_tab == "statistics") ui.prefer_stats_tab = true;
    if (stats_tab(session, ui.prefer_stats_tab && ui.stats_tab_bar != bar)) {
        ui.stats_tab_bar = bar;
        charts = true;
    }
    ui.charts_in_front = charts;
}

void objects_and_futures(Session& session, UiState& ui, ImVec2 size, bool with_futures = true) {
    if (ImGui::BeginChild("##objects", size, true, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
        if (ImGui::BeginTabBar("##side_tabs")) {
            side_tabs(session, ui, with_futures, ImGui::GetID("##side_tabs"), true);
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
    if (session.scrubbing()) p.outcome = nullptr;  // looking back, the program has not ended yet
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
             [&] { draw_output(session.view_output(), session.view_index(), ui, program_status(session)); });
        return;
    }
    const bool ready = checks.state == CheckList::State::Done;
    const bool bring_checks = ready && !ui.checks_tab_brought;
    const bool bring_output = !ready && ui.checks_tab_brought;
    ui.checks_tab_brought = ready;
    if (ImGui::BeginChild("##output", size, true, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
        if (ImGui::BeginTabBar("##output_tabs")) {
            ImGui::PushFont(tab_font());
            const bool output =
                ImGui::BeginTabItem(tr(S::Output), nullptr, bring_output ? ImGuiTabItemFlags_SetSelected : 0);
            ImGui::PopFont();
            if (output) {
                ImGui::BeginChild("##body", ImVec2(0, 0), false);
                draw_output(session.view_output(), session.view_index(), ui, program_status(session));
                ImGui::EndChild();
                ImGui::EndTabItem();
            }
            // The verdicts in the tab's title, so they are seen from the Output tab too.
            const std::string title = checks_title(checks) + "###checks";
            ImGui::PushFont(tab_font());
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

// The board's four headers whole ("CANCELLED" and a two-digit count), for
// layout_sizes: in the bold and heading fonts futures_view draws them in.
float futures_min_width() {
    const float font = ImGui::GetFontSize();
    ImFont* bold = font_or_current(fonts().bold);
    ImFont* head = font_or_current(fonts().heading);
    float title = 0;
    for (S s : {S::FuturePending, S::FutureRunning, S::FutureFinished, S::FutureCancelled}) {
        std::string t = tr(s);
        if (const size_t sp = t.find(' '); sp != std::string::npos) t.resize(sp);  // the gloss may go
        title = std::max(title, bold->CalcTextSizeA(bold->FontSize, FLT_MAX, 0, t.c_str()).x);
    }
    const float count = head->CalcTextSizeA(head->FontSize, FLT_MAX, 0, "00").x;
    const ImGuiStyle& style = ImGui::GetStyle();
    return 4 * (title + count + font * 0.9f) + 3 * font * 0.4f + 2 * (style.WindowPadding.x + style.ChildBorderSize) +
           style.ScrollbarSize;
}

void code_pane(Session& session, UiState& ui, ImVec2 size, bool compact, bool tabbed = false) {
    ui.editor.compact = compact;
    ui.editor.tabbed = tabbed;
    CodeError error;
    if (const runner::PythonOutcome* o = session.outcome(); o && session.error_line() > 0)
        error = CodeError{session.error_line(), o->program.error};
    draw_code_pane(session, ui.editor, size, error);
}

void objects_pane(Session& session, UiState& ui, bool futures, ImVec2 size) {
    objects_and_futures(session, ui, size, futures);
}

// The width a row of tabs with these labels takes in `font`, none shrunk.
float tab_row_width(const std::vector<std::string>& labels, ImFont* font) {
    const ImGuiStyle& style = ImGui::GetStyle();
    float width = 0;
    for (const std::string& l : labels)
        width += font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, l.c_str()).x + style.FramePadding.x * 2 +
                 style.ItemInnerSpacing.x;
    return width;
}

// Too narrow for the code beside the objects (a projector's large text):
// the panes under the timeline as tabs of one, each the full width.
void bottom_tabs(Session& session, UiState& ui, bool futures, ImVec2 size) {
    if (ImGui::BeginChild("##bottom_tabs", size, false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
        const std::string out = session.checks().state == CheckList::State::Done
                                    ? std::string(tr(S::Output)) + " / " + checks_title(session.checks())
                                    : std::string(tr(S::Output));
        // The labels whole in the heading font, or all in the bold one: the
        // tabs of this bar, as drawn below (the side pane's among them).
        std::vector<std::string> labels = {tr(S::Code), tr(S::Objects), tr(S::StatsTab), out};
        if (futures) labels.push_back(tr(S::Futures));
        if (has_pool_sweep(session)) labels.push_back(tr(S::PoolSweepTab));
        set_tabs_condensed(tab_row_width(labels, font_or_current(fonts().heading)) > ImGui::GetContentRegionAvail().x);
        if (ImGui::BeginTabBar("##bottom")) {
            // (Kept until the panes are tabs: a run's futures may make them
            // so; then until the tab asked for is there.)
            if (ui.open_bottom_tab == "statistics") ui.prefer_stats_tab = true;
            if (!ui.open_bottom_tab.empty()) ui.side_tab_asked = ui.open_bottom_tab;
            ui.open_bottom_tab.clear();
            auto tab = [&](const char* label, auto body, bool bring = false) {
                ImGui::PushFont(tab_font());
                const bool open = ImGui::BeginTabItem(label, nullptr, bring ? ImGuiTabItemFlags_SetSelected : 0);
                ImGui::PopFont();
                if (!open) return;
                body(ImGui::GetContentRegionAvail());
                ImGui::EndTabItem();
            };
            tab(tr(S::Code), [&](ImVec2 avail) { code_pane(session, ui, avail, true, true); });
            // The side pane's tabs are tabs of this bar (one row of tabs, not
            // a bar inside a tab): brought to the front only when asked for.
            side_tabs(session, ui, futures, ImGui::GetID("##bottom"), false, &ui.side_tab_asked);
            tab((out + "###out").c_str(), [&](ImVec2 avail) { output_and_checks(session, ui, avail); });
            ImGui::EndTabBar();
        }
        set_tabs_condensed(false);
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
                                   ImGuiWindowFlags_NoBringToFrontOnFocus |
                                   // The frame is cleared to this window's colour (gui.cpp): its
                                   // own background would fill the screen a second time, a third of
                                   // every frame's pixels under a software renderer (llvmpipe).
                                   ImGuiWindowFlags_NoBackground;
    ImGui::Begin("##threadlab", nullptr, flags);
    handle_shortcuts(session, ui);
    draw_toolbar(session, ui);
    ImGui::Separator();
    draw_choices(session);

    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float font = ImGui::GetFontSize();
    // A run with futures needs room for the board's four columns.
    const bool futures = has_futures(session.shown_world());
    if (!futures) ui.futures_tab_shown = false;
    LayoutInput in;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    in.width = avail.x;
    in.height = avail.y;
    in.font = font;
    in.mono = fonts().mono ? fonts().mono->FontSize : font;
    in.gap = gap;
    // Two runs compared share the pane: room for the lanes of both.
    in.lanes = session.timeline().lanes().size() + (session.kept() ? session.kept()->timeline.lanes().size() : 0);
    in.comparing = session.kept() != nullptr;
    in.presenter = ui.presenter;
    in.futures = futures;
    in.futures_min_w = futures ? futures_min_width() : 0;
    in.checks_in_front = ui.checks_in_front && session.checks().state == CheckList::State::Done;
    in.charts_in_front = ui.charts_in_front;
    in.asking = !session.has_run() && session.question() != nullptr;
    in.gil = !session.index().gil_handoffs().empty();
    in.scrubber = session.can_scrub();
    in.phases = !session.index().phases().empty();
    // The deadlock banner takes its height from the right column first.
    PaneSizes sizes = layout_sizes(in);
    ui.scrubber_in_title = sizes.scrubber_in_title;
    ui.phase_strip = sizes.phase_strip;

    if (sizes.left_w > 0) {
        if (ImGui::BeginChild("##left", ImVec2(sizes.left_w, avail.y), true)) left_column(session, ui);
        ImGui::EndChild();
        ImGui::SameLine(0, gap);
    }

    // Right (all of it in presenter mode): the timeline across the top; below
    // it the code (tall: listings are long) beside the objects and the output.
    ImGui::BeginGroup();
    const float before_banner = ImGui::GetCursorPosY();
    deadlock_banner(session);
    if (const float banner = ImGui::GetCursorPosY() - before_banner; banner > 0) {
        in.height -= banner;
        sizes = layout_sizes(in);
    }
    if (ImGui::BeginChild("##timeline", ImVec2(sizes.right_w, sizes.timeline_h), true,
                          ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse))
        timeline_pane(session, ui);
    ImGui::EndChild();

    const float bottom_h = ImGui::GetContentRegionAvail().y;
    if (sizes.tabbed) {
        bottom_tabs(session, ui, futures, ImVec2(sizes.right_w, bottom_h));
    } else {
        code_pane(session, ui, ImVec2(sizes.code_w, bottom_h), ui.presenter);
        ImGui::SameLine(0, gap);
        ImGui::BeginGroup();
        if (sizes.objects_h > 0) objects_pane(session, ui, futures, ImVec2(sizes.side_w, sizes.objects_h));
        output_and_checks(session, ui, ImVec2(sizes.side_w, ImGui::GetContentRegionAvail().y));
        ImGui::EndGroup();
    }
    ImGui::EndGroup();
    ImGui::End();
}

}  // namespace tl::gui
