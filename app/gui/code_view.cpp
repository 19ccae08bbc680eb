#include "gui/code_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "gui/colors.hpp"
#include "gui/fonts.hpp"
#include "gui/widgets.hpp"

namespace tl::gui {
namespace {

// Threads worth a marker: started and not finished (a finished thread is on no line).
bool on_a_line(const ThreadView& t) { return t.started && !is_final(t.state) && t.line > 0; }

}  // namespace

void draw_code(const std::vector<std::string>& lines, const World& world, const TraceIndex& index) {
    std::vector<std::vector<const ThreadView*>> at_line(lines.size() + 1);
    for (const ThreadView& t : world.threads)
        if (on_a_line(t) && t.line <= lines.size()) at_line[t.line].push_back(&t);

    ImGui::PushFont(fonts().mono);
    const float row_h = ImGui::GetFontSize() * 1.45f;
    const float char_w = ImGui::CalcTextSize("M").x;
    size_t longest = 0;
    for (const std::string& l : lines) longest = std::max(longest, l.size());
    const float gutter = char_w * 4.5f;
    const float code_w = char_w * static_cast<float>(longest + 2);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = std::max(ImGui::GetContentRegionAvail().x, gutter + code_w);
    const float clip_top = ImGui::GetWindowPos().y, clip_bottom = clip_top + ImGui::GetWindowHeight();
    float max_x = origin.x + gutter + code_w;
    ImGui::PopFont();

    for (size_t i = 0; i < lines.size(); ++i) {
        const float y = origin.y + row_h * static_cast<float>(i);
        if (y + row_h < clip_top || y > clip_bottom) continue;
        const auto& here = at_line[i + 1];
        if (!here.empty()) {
            // The line background shows where something happens; red if a thread is stuck on it.
            bool stuck = std::any_of(here.begin(), here.end(), [](const ThreadView* t) {
                return t->state == ThreadState::Blocked;
            });
            dl->AddRectFilled(ImVec2(origin.x, y), ImVec2(origin.x + width, y + row_h),
                              stuck ? palette::kAlertBg : palette::kCodeLine);
        }
        ImGui::PushFont(fonts().mono);
        char num[24];
        std::snprintf(num, sizeof num, "%3zu", i + 1);
        const float ty = y + (row_h - ImGui::GetFontSize()) * 0.5f;
        dl->AddText(ImVec2(origin.x + char_w * 0.5f, ty), palette::kTextDim, num);
        dl->AddText(ImVec2(origin.x + gutter, ty), palette::kText, lines[i].c_str());
        ImGui::PopFont();

        // Chips after the longest line, so they line up in one column.
        float x = origin.x + gutter + code_w;
        for (const ThreadView* t : here) {
            const std::string& name = index.thread_name(t->tid);
            ImVec2 cs = chip_size(name);
            ImVec2 pos(x, y + (row_h - cs.y) * 0.5f);
            draw_chip(dl, pos, name, t->state);
            if (ImGui::IsMouseHoveringRect(pos, ImVec2(pos.x + cs.x, pos.y + cs.y)))
                ImGui::SetTooltip("%s", name.c_str());
            x += cs.x + 4;
        }
        max_x = std::max(max_x, x);
    }
    ImGui::Dummy(ImVec2(max_x - origin.x, row_h * static_cast<float>(lines.size())));
}

}  // namespace tl::gui
