#include "gui/output_view.hpp"

#include <imgui.h>

#include <cstdio>

#include "gui/fonts.hpp"
#include "gui/i18n.hpp"

namespace tl::gui {
namespace {

const ImVec4 kErrorInk(0.78f, 0.05f, 0.1f, 1);

// The last lines for a Python program: how it ended, as a student would say it.
void draw_program_end(const ProgramStatus& p) {
    auto headline = [](const char* text, bool error) {
        ImGui::PushFont(fonts().bold);
        if (error) ImGui::PushStyleColor(ImGuiCol_Text, kErrorInk);
        ImGui::TextWrapped("%s", text);
        if (error) ImGui::PopStyleColor();
        ImGui::PopFont();
    };
    auto detail = [](const std::string& text) {
        ImGui::PushFont(fonts().mono);
        ImGui::PushStyleColor(ImGuiCol_Text, kErrorInk);
        ImGui::TextWrapped("%s", text.c_str());
        ImGui::PopStyleColor();
        ImGui::PopFont();
    };
    auto at_line = [](const std::string& text, int line) { return line > 0 ? line_label(line) + ":  " + text : text; };
    if (!p.start_error.empty()) {
        headline(tr(S::ProgramCannotStart), true);
        detail(p.start_error);
        return;
    }
    if (!p.outcome) return;
    const runner::PythonOutcome& o = *p.outcome;
    ImGui::Spacing();
    if (o.completed && !o.program.compiled) {
        headline(tr(S::ProgramDidNotRun), true);
        detail(at_line(o.program.error, o.program.error_line));
    } else if (!o.blocked_outside.empty()) {
        headline(tr(S::ProgramBlockedOutside), true);
        detail(o.blocked_outside);
    } else if (p.deadlocked) {
        headline(tr(S::ProgramDeadlocked), true);
    } else if (o.stopped && !o.completed) {
        headline(tr(S::ProgramStopped), false);
    } else if (!o.process_error.empty()) {
        headline(tr(S::ProgramEndedEarly), true);
        detail(o.process_error);
    } else if (o.program.main_raised) {
        headline(tr(S::ProgramRaised), true);
        detail(at_line(o.program.error, o.program.error_line));
    } else {
        char text[160];
        std::snprintf(text, sizeof text, tr(S::ProgramFinished), o.exit_status);
        headline(text, o.exit_status != 0);
    }
}

}  // namespace

std::string line_label(int line) {
    char text[64];
    std::snprintf(text, sizeof text, tr(S::LineN), line);
    return text;
}

void draw_output(const World& world, const TraceIndex& index, UiState& ui, const ProgramStatus& program) {
    const bool ended = !program.start_error.empty() || program.outcome;
    if (world.output.empty() && world.exceptions.empty() && !ended) {
        ImGui::TextDisabled("%s", tr(S::NoOutput));
        ui.output_lines_seen = 0;
        return;
    }
    ImGui::PushFont(fonts().mono);
    for (size_t i = 0; i < world.output.size(); ++i) {
        const auto& [tid, text] = world.output[i];
        const bool err = index.printed_to_stderr(i);  // a traceback
        // A traceback reads as one block: its thread's name on its first line only.
        const bool continues = err && i > 0 && index.printed_to_stderr(i - 1) && world.output[i - 1].first == tid;
        ImGui::TextColored(continues ? ImVec4(0, 0, 0, 0) : ImVec4(0.35f, 0.37f, 0.45f, 1), "%s:",
                           index.thread_name(tid).c_str());
        ImGui::SameLine();
        if (err) ImGui::PushStyleColor(ImGuiCol_Text, kErrorInk);
        ImGui::TextWrapped("%s", text.c_str());
        if (err) ImGui::PopStyleColor();
    }
    // A Python program's tracebacks are in its output already (on stderr).
    if (!program.python) {
        for (const auto& [tid, text] : world.exceptions) {
            ImGui::PushStyleColor(ImGuiCol_Text, kErrorInk);
            ImGui::TextWrapped("Exception in thread %s: %s", index.thread_name(tid).c_str(), text.c_str());
            ImGui::PopStyleColor();
        }
    }
    ImGui::PopFont();
    if (program.python) draw_program_end(program);
    const size_t lines = world.output.size() + world.exceptions.size() + (ended ? 1 : 0);
    if (lines != ui.output_lines_seen) {
        ImGui::SetScrollHereY(1.0f);  // keep the newest line in view
        ui.output_lines_seen = lines;
    }
}

}  // namespace tl::gui
