#include "gui/output_view.hpp"

#include <imgui.h>

#include "gui/fonts.hpp"
#include "gui/i18n.hpp"

namespace tl::gui {

void draw_output(const World& world, const TraceIndex& index, UiState& ui) {
    if (world.output.empty() && world.exceptions.empty()) {
        ImGui::TextDisabled("%s", tr(S::NoOutput));
        ui.output_lines_seen = 0;
        return;
    }
    ImGui::PushFont(fonts().mono);
    for (const auto& [tid, text] : world.output) {
        ImGui::TextColored(ImVec4(0.35f, 0.37f, 0.45f, 1), "%s:", index.thread_name(tid).c_str());
        ImGui::SameLine();
        ImGui::TextWrapped("%s", text.c_str());
    }
    for (const auto& [tid, text] : world.exceptions) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.78f, 0.05f, 0.1f, 1));
        ImGui::TextWrapped("Exception in thread %s: %s", index.thread_name(tid).c_str(), text.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::PopFont();
    const size_t lines = world.output.size() + world.exceptions.size();
    if (lines != ui.output_lines_seen) {
        ImGui::SetScrollHereY(1.0f);  // keep the newest line in view
        ui.output_lines_seen = lines;
    }
}

}  // namespace tl::gui
