#include "gui/checks_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "gui/colors.hpp"
#include "gui/fonts.hpp"
#include "gui/i18n.hpp"

namespace tl::gui {

int CheckList::passed() const {
    return static_cast<int>(std::count_if(rows.begin(), rows.end(), [](const CheckRow& r) { return r.passed; }));
}
int CheckList::failed() const {
    return static_cast<int>(
        std::count_if(rows.begin(), rows.end(), [](const CheckRow& r) { return !r.passed && !r.not_shown; }));
}
int CheckList::not_shown() const {
    return static_cast<int>(
        std::count_if(rows.begin(), rows.end(), [](const CheckRow& r) { return !r.passed && r.not_shown; }));
}

CheckRow check_row(const CheckResult& c) {
    CheckRow r;
    r.name_en = c.name;
    r.name_zh = c.name_zh;
    r.passed = c.passed;
    r.not_shown = !c.passed && c.not_shown;
    r.detail = c.detail;
    r.detail_zh = c.detail_zh;
    return r;
}

std::string checks_title(const CheckList& checks) {
    std::string title = tr(S::Checks);
    if (checks.state == CheckList::State::Done && !checks.rows.empty()) {
        char n[48];
        std::snprintf(n, sizeof n, "  %d/%d", checks.passed(), static_cast<int>(checks.rows.size()));
        title += n;
    }
    return title;
}

namespace {

constexpr ImU32 kNotShown = IM_COL32(92, 100, 120, 255);  // neither good nor bad: a slate grey

struct Verdict {
    const char* label;
    ImU32 colour;
};

Verdict verdict(const CheckRow& r) {
    if (r.passed) return {tr(S::CheckPass), palette::kGood};
    if (r.not_shown) return {tr(S::CheckNotShown), kNotShown};
    return {tr(S::CheckFail), palette::kAlert};
}

// The verdict as a filled tag `width` wide, white bold text on its colour.
void verdict_tag(const Verdict& v, float width) {
    ImGui::PushFont(font_or_current(fonts().bold));
    const ImVec2 ts = ImGui::CalcTextSize(v.label);
    const float pad_y = ImGui::GetFontSize() * 0.2f;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 size(width, ts.y + 2 * pad_y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), v.colour, size.y * 0.25f);
    dl->AddText(ImVec2(p.x + (size.x - ts.x) * 0.5f, p.y + pad_y), IM_COL32(255, 255, 255, 255), v.label);
    ImGui::PopFont();
    ImGui::Dummy(size);
}

void summary_line(const CheckList& checks) {
    const int total = static_cast<int>(checks.rows.size());
    char text[160];
    std::snprintf(text, sizeof text, tr(S::ChecksSummary), checks.passed(), total);
    const ImVec4 colour = ImGui::ColorConvertU32ToFloat4(checks.failed() > 0  ? palette::kAlert
                                                         : checks.passed() == total ? palette::kGood
                                                                                    : kNotShown);
    ImGui::PushFont(font_or_current(fonts().bold));
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
    ImGui::PopFont();
    if (const int n = checks.not_shown(); n > 0) {
        std::snprintf(text, sizeof text, tr(S::ChecksNotShownCount), n);
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kNotShown));
        ImGui::TextWrapped("%s", text);
        ImGui::PopStyleColor();
    }
}

}  // namespace

void draw_checks(const CheckList& checks) {
    switch (checks.state) {
    case CheckList::State::None: return;
    case CheckList::State::Waiting: ImGui::TextWrapped("%s", tr(S::ChecksWaiting)); return;
    case CheckList::State::Checking: ImGui::TextDisabled("%s", tr(S::ChecksChecking)); return;
    case CheckList::State::Stopped: ImGui::TextWrapped("%s", tr(S::ChecksStopped)); return;
    case CheckList::State::NotRun: ImGui::TextWrapped("%s", tr(S::ChecksNotRun)); return;
    case CheckList::State::Done: break;
    }
    if (checks.rows.empty()) {
        ImGui::TextDisabled("%s", tr(S::ChecksNone));
        return;
    }
    summary_line(checks);
    ImGui::Spacing();
    // One column of tags as wide as the widest verdict, names and details beside it.
    ImGui::PushFont(font_or_current(fonts().bold));
    float tag_w = 0;
    for (S s : {S::CheckPass, S::CheckFail, S::CheckNotShown}) tag_w = std::max(tag_w, ImGui::CalcTextSize(tr(s)).x);
    tag_w += ImGui::GetFontSize() * 0.9f;
    ImGui::PopFont();
    const float gap = ImGui::GetFontSize() * 0.6f;
    const bool zh = chinese();
    // Narrow (a projector's large text): the tag over the text, which then
    // has the pane's whole width, instead of a column of tags beside it.
    const float avail = ImGui::GetContentRegionAvail().x;
    const bool stacked = avail < tag_w * 3.2f;
    // Failures first, then what this run could not show, then the passes:
    // in a small pane the top rows are the ones seen.
    std::vector<size_t> order(checks.rows.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto rank = [&](size_t i) { return checks.rows[i].passed ? 2 : checks.rows[i].not_shown ? 1 : 0; };
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rank(a) < rank(b); });
    for (size_t i = 0; i < order.size(); ++i) {
        const CheckRow& r = checks.rows[order[i]];
        ImGui::PushID(static_cast<int>(i));
        if (i > 0) ImGui::Separator();
        const Verdict v = verdict(r);
        float own_w = tag_w;
        if (stacked) {
            ImGui::PushFont(font_or_current(fonts().bold));
            own_w = ImGui::CalcTextSize(v.label).x + ImGui::GetFontSize() * 0.9f;
            ImGui::PopFont();
        }
        verdict_tag(v, own_w);
        ImGui::PushFont(font_or_current(fonts().bold));
        const std::string& name = r.name(zh);
        // Stacked, a name that fits stays beside its tag.
        if (!stacked || ImGui::CalcTextSize(name.c_str()).x <= avail - own_w - gap) ImGui::SameLine(0, gap);
        ImGui::BeginGroup();
        ImGui::TextWrapped("%s", name.c_str());
        ImGui::PopFont();
        if (const std::string& detail = r.detail_in(zh); !detail.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette::kTextDim));
            ImGui::TextWrapped("%s", detail.c_str());
            ImGui::PopStyleColor();
        }
        ImGui::EndGroup();
        ImGui::PopID();
    }
}

}  // namespace tl::gui
