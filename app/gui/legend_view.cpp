#include "gui/legend_view.hpp"

#include <imgui.h>

#include "gui/colors.hpp"
#include "gui/i18n.hpp"
#include "gui/widgets.hpp"

namespace tl::gui {

void draw_legend(bool gil) {
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
    if (!gil) return;

    // A hand-over connector, as the timeline draws it between two lanes.
    auto next_item = [&](const char* label) {
        ImGui::SameLine(0, ImGui::GetFontSize());
        ImVec2 q = ImGui::GetCursorScreenPos();
        if (q.x + h * 1.2f + ImGui::CalcTextSize(label).x > right) {
            ImGui::NewLine();
            q = ImGui::GetCursorScreenPos();
        }
        return q;
    };
    ImVec2 q = next_item(tr(S::GilHandover));
    const float cx = q.x + h * 0.4f;
    dl->AddRectFilled(ImVec2(cx - 1.2f, q.y + 2), ImVec2(cx + 1.2f, q.y + h - 2), palette::kHandoff);
    dl->AddCircleFilled(ImVec2(cx, q.y + 3), h * 0.14f, palette::kHandoff, 8);
    dl->AddTriangleFilled(ImVec2(cx - h * 0.25f, q.y + h * 0.55f), ImVec2(cx + h * 0.25f, q.y + h * 0.55f),
                          ImVec2(cx, q.y + h - 1), palette::kHandoff);
    ImGui::Dummy(ImVec2(h * 0.8f, h));
    ImGui::SameLine(0, 4);
    ImGui::TextUnformatted(tr(S::GilHandover));

    q = next_item(tr(S::DropRequestMark));
    const ImVec2 c(q.x + h * 0.4f, q.y + h * 0.5f);
    const float r = h * 0.3f;
    const ImVec2 pts[4] = {ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y), ImVec2(c.x, c.y + r), ImVec2(c.x - r, c.y)};
    dl->AddConvexPolyFilled(pts, 4, palette::kDropRequest);
    ImGui::Dummy(ImVec2(h * 0.8f, h));
    ImGui::SameLine(0, 4);
    ImGui::TextUnformatted(tr(S::DropRequestMark));
}

}  // namespace tl::gui
