#include "gui/widgets.hpp"

#include <vector>

#include "gui/colors.hpp"
#include "gui/fonts.hpp"
#include "gui/i18n.hpp"

namespace tl::gui {

ImVec2 chip_size(const std::string& text) {
    const float pad = ImGui::GetFontSize() * 0.4f;
    ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    return ImVec2(ts.x + 2 * pad, ts.y + pad * 0.6f);
}

ImVec2 draw_chip(ImDrawList* dl, ImVec2 pos, const std::string& text, ThreadState state) {
    const float pad = ImGui::GetFontSize() * 0.4f;
    ImVec2 size = chip_size(text);
    ImVec2 end(pos.x + size.x, pos.y + size.y);
    dl->AddRectFilled(pos, end, state_color(state), size.y * 0.3f);
    dl->AddRect(pos, end, IM_COL32(0, 0, 0, 140), size.y * 0.3f);
    dl->AddText(ImVec2(pos.x + pad, pos.y + pad * 0.3f), state_text_color(state), text.c_str());
    return size;
}

void thread_chip(const std::string& name, ThreadState state) {
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImVec2 size = draw_chip(ImGui::GetWindowDrawList(), pos, name, state);
    ImGui::Dummy(size);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %s", name.c_str(), state_name(state));
}

void pane_title(const char* text) {
    ImGui::PushFont(fonts().heading);
    ImGui::TextUnformatted(text);
    ImGui::PopFont();
}

void bold_text(const char* text) {
    ImGui::PushFont(fonts().bold);
    ImGui::TextUnformatted(text);
    ImGui::PopFont();
}

namespace {
// Byte offsets where UTF-8 characters start, plus the end.
std::vector<size_t> char_starts(const std::string& s) {
    std::vector<size_t> out;
    for (size_t i = 0; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) out.push_back(i);
    out.push_back(s.size());
    return out;
}
}  // namespace

std::string elide_middle(const std::string& text, float max_width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= max_width) return text;
    const std::vector<size_t> at = char_starts(text);
    const size_t chars = at.size() - 1;
    for (size_t keep = chars; keep-- > 0;) {
        const size_t head = (keep + 1) / 2, tail = keep / 2;
        std::string out = text.substr(0, at[head]) + "..." + text.substr(at[chars - tail]);
        if (ImGui::CalcTextSize(out.c_str()).x <= max_width) return out;
    }
    return "...";
}

std::string fit_end(const std::string& text, float width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
    std::string s = text;
    while (!s.empty() && ImGui::CalcTextSize((s + "\xE2\x80\xA6").c_str()).x > width) {
        while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();  // continuation bytes
        if (!s.empty()) s.pop_back();  // and the character's first byte
    }
    return s + "\xE2\x80\xA6";
}

}  // namespace tl::gui
