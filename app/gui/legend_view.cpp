#include "gui/legend_view.hpp"

#include <imgui.h>

#include "gui/colors.hpp"
#include "gui/i18n.hpp"
#include "gui/widgets.hpp"

namespace tl::gui {

void draw_legend() {
    static constexpr ThreadState kShown[] = {ThreadState::Running, ThreadState::Ready,   ThreadState::Blocked,
                                             ThreadState::Waiting, ThreadState::Sleeping, ThreadState::IO,
                                             ThreadState::Done,    ThreadState::Killed,   ThreadState::Failed};
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    bool first = true;
    for (ThreadState s : kShown) {
        if (!first) ImGui::SameLine(0, 4);
        first = false;
        if (ImGui::GetCursorScreenPos().x + chip_size(state_name(s)).x > right) ImGui::NewLine();
        ImVec2 pos = ImGui::GetCursorScreenPos();
        ImVec2 size = draw_chip(ImGui::GetWindowDrawList(), pos, state_name(s), s);
        ImGui::Dummy(size);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", state_help(s));
    }
    // The contention mark, drawn as on the timeline.
    ImGui::SameLine(0, ImGui::GetFontSize());
    const float h = ImGui::GetFontSize();
    ImVec2 p = ImGui::GetCursorScreenPos();
    if (p.x + h * 8 > right) {
        ImGui::NewLine();
        p = ImGui::GetCursorScreenPos();
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddTriangleFilled(ImVec2(p.x, p.y + 3), ImVec2(p.x + h * 0.8f, p.y + 3), ImVec2(p.x + h * 0.4f, p.y + h),
                          palette::kAlert);
    ImGui::Dummy(ImVec2(h * 0.9f, h));
    ImGui::SameLine(0, 4);
    ImGui::TextUnformatted(tr(S::WaitedHere));
}

}  // namespace tl::gui
