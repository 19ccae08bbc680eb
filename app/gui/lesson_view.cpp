#include "gui/lesson_view.hpp"

#include <imgui.h>

#include <algorithm>

#include "gui/colors.hpp"
#include "gui/fonts.hpp"
#include "gui/markdown.hpp"

namespace tl::gui {
namespace {

constexpr ImU32 kLinkColor = IM_COL32(20, 80, 200, 255);
constexpr ImU32 kEmphColor = IM_COL32(30, 60, 140, 255);
constexpr ImU32 kQuoteBar = IM_COL32(150, 170, 210, 255);

ImFont* font_for(unsigned style, ImFont* base) {
    if (style & md::kCode) return fonts().mono;
    if (style & md::kStrong) return fonts().bold;
    return base;
}

// Length in bytes of the UTF-8 sequence starting with `c`.
int utf8_len(unsigned char c) { return c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1; }

// Chinese and other wide scripts break between any two characters.
bool breaks_anywhere(const char* s, int len) { return len >= 3 && static_cast<unsigned char>(s[0]) >= 0xE2; }

// Punctuation no line may start with (，。？！）：；、」》”): it stays with
// the character before it.
bool closing_punct(const char* s, const char* end) {
    if (end - s < 3) return false;
    static const char* const kMarks[] = {"\xEF\xBC\x8C", "\xE3\x80\x82", "\xEF\xBC\x9F", "\xEF\xBC\x81",
                                         "\xEF\xBC\x89", "\xEF\xBC\x9A", "\xEF\xBC\x9B", "\xE3\x80\x81",
                                         "\xE3\x80\x8D", "\xE3\x80\x8B", "\xE2\x80\x9D"};
    for (const char* m : kMarks)
        if (s[0] == m[0] && s[1] == m[1] && s[2] == m[2]) return true;
    return false;
}

// The window's own text scale (SetWindowFontScale: the question card made
// smaller to fit), which text drawn by hand at a font's size must follow.
float window_scale() {
    const ImFont* f = ImGui::GetFont();
    return f && f->FontSize > 0 ? ImGui::GetFontSize() / f->FontSize : 1.0f;
}

// Lays out styled runs from the cursor, wrapping at `right`; `indent` is the
// left edge of continuation lines. Draws directly and advances the cursor.
void flow(const std::vector<md::Run>& runs, ImFont* base, ImU32 color, float indent_x, float right) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float size = base->FontSize * window_scale();
    const float line_h = size * 1.4f;
    const ImVec2 start = ImGui::GetCursorScreenPos();
    float x = start.x, y = start.y;
    const float left = indent_x;

    for (const md::Run& run : runs) {
        ImFont* font = font_for(run.style, base);
        const float fsize = (run.style & md::kCode) ? size * 0.95f : size;
        ImU32 col = (run.style & md::kLink) ? kLinkColor : (run.style & md::kEmph) ? kEmphColor : color;
        const char* p = run.text.c_str();
        const char* end = p + run.text.size();
        while (p < end) {
            if (*p == '\n') {
                x = left;
                y += line_h;
                ++p;
                continue;
            }
            // One token: a word with its trailing spaces, or a single wide character.
            const char* q = p;
            int len = utf8_len(static_cast<unsigned char>(*q));
            if (breaks_anywhere(q, len)) {
                q += len;
            } else {
                while (q < end && *q != ' ' && *q != '\n') {
                    int l = utf8_len(static_cast<unsigned char>(*q));
                    if (breaks_anywhere(q, l)) break;
                    q += l;
                }
                while (q < end && *q == ' ') ++q;
            }
            while (q < end && closing_punct(q, end)) q += 3;
            if (q == p) q = p + len;
            const char* word_end = q;
            while (word_end > p && word_end[-1] == ' ') --word_end;
            const float w = font->CalcTextSizeA(fsize, FLT_MAX, 0, p, word_end).x;
            const float w_all = font->CalcTextSizeA(fsize, FLT_MAX, 0, p, q).x;
            if (x + w > right && x > left) {
                x = left;
                y += line_h;
                if (*p == ' ') {
                    p = q;
                    continue;
                }
            }
            const float ty = y + (line_h - fsize) * 0.5f;
            if (run.style & md::kCode)
                dl->AddRectFilled(ImVec2(x - 2, ty - 1), ImVec2(x + w + 2, ty + fsize + 1), palette::kInlineCodeBg, 3.0f);
            dl->AddText(font, fsize, ImVec2(x, ty), col, p, word_end);
            if (run.style & md::kLink) dl->AddLine(ImVec2(x, ty + fsize), ImVec2(x + w, ty + fsize), col);
            x += w_all;
            p = q;
        }
    }
    ImGui::SetCursorScreenPos(start);
    ImGui::Dummy(ImVec2(std::max(1.0f, right - start.x), y + line_h - start.y));
}

void draw_code_block(const std::string& code, float left, float right) {
    ImFont* mono = fonts().mono;
    const float size = mono->FontSize * window_scale();
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float pad = size * 0.5f;
    const float line_h = size * 1.3f;
    int lines = 1;
    for (char c : code) lines += c == '\n';
    const float h = lines * line_h + 2 * pad;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(left, start.y), ImVec2(right, start.y + h), palette::kCodeBg, 4.0f);
    dl->AddRect(ImVec2(left, start.y), ImVec2(right, start.y + h), IM_COL32(200, 204, 214, 255), 4.0f);
    dl->PushClipRect(ImVec2(left, start.y), ImVec2(right, start.y + h), true);
    float y = start.y + pad;
    size_t b = 0;
    while (b <= code.size()) {
        size_t e = code.find('\n', b);
        if (e == std::string::npos) e = code.size();
        dl->AddText(mono, size, ImVec2(left + pad, y), palette::kText, code.data() + b, code.data() + e);
        y += line_h;
        b = e + 1;
    }
    dl->PopClipRect();
    ImGui::Dummy(ImVec2(right - left, h));
}

void draw_table_row(const md::Block& b, float left, float right) {
    const size_t n = std::max<size_t>(b.cells.size(), 1);
    const float col_w = (right - left) / static_cast<float>(n);
    const ImVec2 start = ImGui::GetCursorScreenPos();
    float bottom = start.y;
    for (size_t i = 0; i < b.cells.size(); ++i) {
        const float x0 = left + col_w * static_cast<float>(i);
        ImGui::SetCursorScreenPos(ImVec2(x0 + 4, start.y));
        flow(b.cells[i], b.header ? fonts().bold : fonts().body, palette::kText, x0 + 4, x0 + col_w - 6);
        bottom = std::max(bottom, ImGui::GetCursorScreenPos().y);
    }
    ImGui::GetWindowDrawList()->AddLine(ImVec2(left, bottom), ImVec2(right, bottom), palette::kGrid);
    ImGui::SetCursorScreenPos(ImVec2(start.x, bottom + 2));
}

struct Cache {
    std::string text;
    std::vector<md::Block> blocks;
};

}  // namespace

void draw_wrapped(const std::string& text, unsigned color) {
    const float left = ImGui::GetCursorScreenPos().x;
    draw_wrapped_to(text, color, left + ImGui::GetContentRegionAvail().x - 2);
}

void draw_wrapped_to(const std::string& text, unsigned color, float right) {
    const float left = ImGui::GetCursorScreenPos().x;
    flow({md::Run{text, md::kNormal}}, ImGui::GetFont(), color, left, std::max(right, left + 1));
}

void draw_lesson(const std::string& markdown) {
    static Cache cache;
    if (cache.text != markdown || (cache.blocks.empty() && !markdown.empty())) {
        cache.text = markdown;
        cache.blocks = md::parse(markdown);
    }
    const float font = ImGui::GetFontSize();
    const float left0 = ImGui::GetCursorScreenPos().x;
    const float right = left0 + ImGui::GetContentRegionAvail().x - 4;
    const float indent_step = font * 1.3f;

    for (const md::Block& b : cache.blocks) {
        float left = left0 + indent_step * static_cast<float>(std::max(0, b.level - (b.kind == md::BlockKind::Item ? 1 : 0)));
        if (b.kind == md::BlockKind::Paragraph && b.level > 0) left = left0 + indent_step * static_cast<float>(b.level);
        if (b.quote) left += indent_step * 0.8f;
        const float y_before = ImGui::GetCursorScreenPos().y;
        ImGui::SetCursorScreenPos(ImVec2(left, y_before));
        switch (b.kind) {
        case md::BlockKind::Heading: {
            ImFont* f = b.level <= 2 ? fonts().heading : fonts().bold;
            if (b.level <= 2 && &b != &cache.blocks.front()) ImGui::Dummy(ImVec2(1, font * 0.3f));
            flow(b.runs, f, b.level == 1 ? IM_COL32(15, 40, 110, 255) : palette::kText, left, right);
            break;
        }
        case md::BlockKind::Paragraph: flow(b.runs, fonts().body, palette::kText, left, right); break;
        case md::BlockKind::Item: {
            const float bullet_w = font * 1.3f;
            ImGui::GetWindowDrawList()->AddText(ImVec2(left, y_before + font * 0.2f), palette::kText, b.bullet.c_str());
            ImGui::SetCursorScreenPos(ImVec2(left + bullet_w, y_before));
            flow(b.runs, fonts().body, palette::kText, left + bullet_w, right);
            break;
        }
        case md::BlockKind::Code: draw_code_block(b.code, left, right); break;
        case md::BlockKind::Rule: {
            ImVec2 p = ImGui::GetCursorScreenPos();
            ImGui::GetWindowDrawList()->AddLine(ImVec2(left, p.y + font * 0.5f), ImVec2(right, p.y + font * 0.5f),
                                                palette::kGrid, 2.0f);
            ImGui::Dummy(ImVec2(right - left, font));
            break;
        }
        case md::BlockKind::TableRow: draw_table_row(b, left, right); break;
        }
        if (b.quote) {
            const float y_after = ImGui::GetCursorScreenPos().y;
            ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(left - indent_step * 0.6f, y_before),
                                                      ImVec2(left - indent_step * 0.6f + 4, y_after), kQuoteBar);
        }
        if (b.kind != md::BlockKind::TableRow && b.kind != md::BlockKind::Item) ImGui::Dummy(ImVec2(1, font * 0.25f));
        ImGui::SetCursorScreenPos(ImVec2(left0, ImGui::GetCursorScreenPos().y));
    }
}

}  // namespace tl::gui
