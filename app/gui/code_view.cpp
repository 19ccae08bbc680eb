#include "gui/code_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "gui/colors.hpp"
#include "gui/fonts.hpp"
#include "gui/widgets.hpp"

namespace tl::gui {
namespace {

// Threads worth a marker: started and not finished (a finished thread is on no line).
bool on_a_line(const ThreadView& t) { return t.started && !is_final(t.state) && t.line > 0; }

ImU32 stuck_or_line_bg(const std::vector<const ThreadView*>& here) {
    const bool stuck = std::any_of(here.begin(), here.end(),
                                   [](const ThreadView* t) { return t->state == ThreadState::Blocked; });
    return stuck ? palette::kAlertBg : palette::kCodeLine;
}

}  // namespace

void draw_code(const std::vector<std::string>& lines, const World& world, const TraceIndex& index, bool follow,
               const CodeError& error) {
    std::vector<std::vector<const ThreadView*>> at_line(lines.size() + 1);
    // Lines to keep in view: the worker threads'; MainThread's only when it is alone.
    size_t first_marked = 0, last_marked = 0;
    bool workers = false;
    for (const ThreadView& t : world.threads) {
        if (!on_a_line(t) || t.line > lines.size()) continue;
        at_line[t.line].push_back(&t);
        const bool worker = t.tid != 0;
        if (worker && !workers) first_marked = last_marked = 0;  // workers take over
        if (!worker && workers) continue;
        workers = workers || worker;
        if (!first_marked || t.line < first_marked) first_marked = t.line;
        last_marked = std::max<size_t>(last_marked, t.line);
    }

    ImGui::PushFont(fonts().mono);
    const float row_h = ImGui::GetFontSize() * 1.3f;
    const float char_w = ImGui::CalcTextSize("M").x;
    const float mono_size = ImGui::GetFontSize();
    ImGui::PopFont();
    size_t longest = 0;
    for (const std::string& l : lines) longest = std::max(longest, l.size());
    const float gutter = char_w * 4.0f;
    const float code_w = char_w * static_cast<float>(longest + 2);

    // Keep the threads' lines in view while the run goes: only when none of
    // them is visible (scrolling whenever one is hidden would make the pane
    // jump back and forth between threads far apart).
    const float view_h = ImGui::GetWindowHeight();
    if (follow && first_marked && !ImGui::IsWindowHovered()) {
        const float top = ImGui::GetScrollY();
        bool any_visible = false;
        for (size_t l = first_marked; l <= last_marked && !any_visible; ++l) {
            const float y = row_h * static_cast<float>(l - 1);
            const bool wanted = std::any_of(at_line[l].begin(), at_line[l].end(),
                                            [&](const ThreadView* t) { return (t->tid != 0) == workers; });
            any_visible = wanted && y >= top && y + row_h <= top + view_h;
        }
        if (!any_visible) ImGui::SetScrollY(std::max(0.0f, row_h * static_cast<float>(first_marked - 1) - row_h * 2));
    }

    // The error's line, once: in view when it first appears, then the user scrolls freely.
    const ImGuiID error_id = ImGui::GetID(("error" + std::to_string(error.line) + error.text).c_str());
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const bool has_error = error.line > 0 && static_cast<size_t>(error.line) <= lines.size();
    if (has_error && !storage->GetBool(error_id)) {
        storage->SetBool(error_id, true);
        const float y = row_h * static_cast<float>(error.line - 1);
        if (y < ImGui::GetScrollY() || y + row_h > ImGui::GetScrollY() + view_h)
            ImGui::SetScrollY(std::max(0.0f, y - view_h * 0.4f));
    }

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float visible_right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const float width = std::max(visible_right - origin.x, gutter + code_w);
    const float clip_top = ImGui::GetWindowPos().y, clip_bottom = clip_top + view_h;

    for (size_t i = 0; i < lines.size(); ++i) {
        const float y = origin.y + row_h * static_cast<float>(i);
        if (y + row_h < clip_top || y > clip_bottom) continue;
        const auto& here = at_line[i + 1];
        if (!here.empty()) {
            // The line background shows where something happens; red if a thread is stuck on it.
            dl->AddRectFilled(ImVec2(origin.x, y), ImVec2(origin.x + width, y + row_h), stuck_or_line_bg(here));
        }
        const bool error_here = has_error && i + 1 == static_cast<size_t>(error.line);
        if (error_here) dl->AddRectFilled(ImVec2(origin.x, y), ImVec2(origin.x + width, y + row_h), palette::kAlertBg);
        char num[24];
        std::snprintf(num, sizeof num, "%3zu", i + 1);
        const float ty = y + (row_h - mono_size) * 0.5f;
        dl->AddText(fonts().mono, mono_size, ImVec2(origin.x, ty), error_here ? palette::kAlert : palette::kTextDim, num);
        dl->AddText(fonts().mono, mono_size, ImVec2(origin.x + gutter, ty), palette::kText, lines[i].c_str());
        if (error_here && here.empty()) {
            // The error itself after the line, in a red tag (its end clipped by the pane).
            const float x = origin.x + gutter + char_w * static_cast<float>(lines[i].size() + 2);
            const float pad = mono_size * 0.35f;
            const std::string text = fit_end(error.text, std::max(visible_right - x - 2 * pad, char_w * 8));
            const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
            dl->AddRectFilled(ImVec2(x, y + 1), ImVec2(x + ts.x + 2 * pad, y + row_h - 1), palette::kAlert, 4.0f);
            dl->AddText(ImVec2(x + pad, y + (row_h - ts.y) * 0.5f), IM_COL32(255, 255, 255, 255), text.c_str());
        }

        if (here.empty()) continue;
        // Chips in one column after the longest line when it fits, else
        // against the pane's right edge, over the end of long comments.
        float chips_w = 0;
        for (const ThreadView* t : here) chips_w += chip_size(index.thread_name(t->tid)).x + 4;
        float x = std::max(origin.x + gutter, std::min(origin.x + gutter + code_w, visible_right - chips_w));
        dl->AddRectFilled(ImVec2(x - 6, y), ImVec2(x + chips_w, y + row_h), stuck_or_line_bg(here));
        for (const ThreadView* t : here) {
            const std::string& name = index.thread_name(t->tid);
            const ImVec2 cs = chip_size(name);
            const ImVec2 pos(x, y + (row_h - cs.y) * 0.5f);
            draw_chip(dl, pos, name, t->state);
            x += cs.x + 4;
        }
    }
    ImGui::Dummy(ImVec2(gutter + code_w, row_h * static_cast<float>(lines.size())));
}

}  // namespace tl::gui
