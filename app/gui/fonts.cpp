#include "gui/fonts.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <vector>

#ifndef THREADLAB_FONT_DIRS
#define THREADLAB_FONT_DIRS "/usr/share/fonts/truetype/wqy"
#endif

namespace tl::gui {
namespace {

FontSet g_fonts;

// Glyph ranges must outlive the atlas build, so they live here.
ImVector<ImWchar> g_cjk_ranges;    // common Chinese + extra text
ImVector<ImWchar> g_extra_ranges;  // extra text only (for the secondary fonts)

std::vector<std::string> font_dirs() {
    std::vector<std::string> dirs;
    std::stringstream ss(THREADLAB_FONT_DIRS);
    std::string dir;
    while (std::getline(ss, dir, ':'))
        if (!dir.empty()) dirs.push_back(dir);
    dirs.push_back("/usr/share/fonts/truetype/dejavu");
    return dirs;
}

std::string find_font(const char* file) {
    for (const std::string& dir : font_dirs()) {
        std::filesystem::path p = std::filesystem::path(dir) / file;
        std::error_code ec;
        if (std::filesystem::is_regular_file(p, ec)) return p.string();
    }
    return {};
}

// Adds a Latin font at `px` (or the CJK face alone when the Latin file is
// missing) and merges the CJK face into it.
ImFont* add_font(ImFontAtlas& atlas, const std::string& latin, const std::string& cjk, int cjk_index,
                 float px, const ImWchar* cjk_ranges) {
    ImFont* font = nullptr;
    if (!latin.empty()) {
        ImFontConfig cfg;
        cfg.OversampleH = 2;
        // Latin, and the checks' marks from the Latin face too (the CJK face,
        // merged below, draws its own for the rest: its check looks like a root sign).
        static const ImWchar kLatin[] = {0x0020, 0x00FF, 0x2713, 0x2713, 0x2717, 0x2717, 0};
        font = atlas.AddFontFromFileTTF(latin.c_str(), px, &cfg, kLatin);
    }
    if (!cjk.empty()) {
        ImFontConfig cfg;
        cfg.MergeMode = font != nullptr;
        cfg.FontNo = cjk_index;
        cfg.OversampleH = 1;
        cfg.PixelSnapH = true;
        ImFont* merged = atlas.AddFontFromFileTTF(cjk.c_str(), px, &cfg, cjk_ranges);
        if (!font) font = merged;
    }
    if (!font) {
        ImFontConfig cfg;
        cfg.SizePixels = px;
        font = atlas.AddFontDefault(&cfg);
    }
    return font;
}

// The CJK face has no bold: its glyphs in the bold fonts are made heavier
// in the atlas, each row's ink spread `k` pixels to the right (what
// FreeType's embolden does), so a Chinese heading stands out from its text
// as an English one does. Only inside each glyph's own rectangle.
void embolden_cjk(ImFontAtlas& atlas, const ImFont* font) {
    unsigned char* pixels = nullptr;
    int tex_w = 0, tex_h = 0;
    atlas.GetTexDataAsAlpha8(&pixels, &tex_w, &tex_h);
    if (!pixels || !font) return;
    const int k = std::max(1, static_cast<int>(font->FontSize / 22.0f + 0.5f));
    for (const ImFontGlyph& g : font->Glyphs) {
        if (g.Codepoint < 0x2E80 || !g.Visible) continue;  // CJK radicals, punctuation, ideographs, full-width forms
        const int x0 = static_cast<int>(g.U0 * tex_w + 0.5f), x1 = static_cast<int>(g.U1 * tex_w + 0.5f);
        const int y0 = static_cast<int>(g.V0 * tex_h + 0.5f), y1 = static_cast<int>(g.V1 * tex_h + 0.5f);
        for (int y = y0; y < y1 && y < tex_h; ++y) {
            unsigned char* row = pixels + static_cast<size_t>(y) * tex_w;
            for (int x = std::min(x1, tex_w) - 1; x > x0; --x)
                for (int d = 1; d <= k && x - d >= x0; ++d) row[x] = std::max(row[x], row[x - d]);
        }
    }
}

}  // namespace

const FontSet& fonts() { return g_fonts; }

namespace {
bool g_tabs_condensed = false;  // the GUI's one thread draws every tab bar
}  // namespace

ImFont* tab_font() { return g_tabs_condensed ? g_fonts.bold : g_fonts.heading; }
void set_tabs_condensed(bool condensed) { g_tabs_condensed = condensed; }

void forget_fonts() { g_fonts = FontSet{}; }

void build_fonts(float body_px, const std::string& extra_text) {
    ImGuiIO& io = ImGui::GetIO();
    ImFontAtlas& atlas = *io.Fonts;
    atlas.Clear();

    {
        ImFontGlyphRangesBuilder b;
        b.AddRanges(atlas.GetGlyphRangesDefault());
        b.AddRanges(atlas.GetGlyphRangesChineseSimplifiedCommon());
        b.AddText(extra_text.c_str());
        g_cjk_ranges.clear();
        b.BuildRanges(&g_cjk_ranges);
    }
    {
        ImFontGlyphRangesBuilder b;
        b.AddRanges(atlas.GetGlyphRangesDefault());
        b.AddText(extra_text.c_str());
        g_extra_ranges.clear();
        b.BuildRanges(&g_extra_ranges);
    }

    const std::string cjk = find_font("wqy-microhei.ttc");
    const std::string sans = find_font("DejaVuSans.ttf");
    const std::string sans_bold = find_font("DejaVuSans-Bold.ttf");
    const std::string mono = find_font("DejaVuSansMono.ttf");
    const int kCjkRegular = 0, kCjkMono = 1;  // faces inside wqy-microhei.ttc

    g_fonts.size = body_px;
    g_fonts.body = add_font(atlas, sans, cjk, kCjkRegular, body_px, g_cjk_ranges.Data);
    g_fonts.bold = add_font(atlas, sans_bold, cjk, kCjkRegular, body_px, g_extra_ranges.Data);
    g_fonts.heading = add_font(atlas, sans_bold, cjk, kCjkRegular, body_px * 1.3f, g_extra_ranges.Data);
    g_fonts.mono = add_font(atlas, mono, cjk, mono.empty() ? kCjkMono : kCjkRegular, body_px * 0.95f,
                            g_extra_ranges.Data);
    atlas.Build();
    embolden_cjk(atlas, g_fonts.bold);
    embolden_cjk(atlas, g_fonts.heading);
    io.FontDefault = g_fonts.body;
}

}  // namespace tl::gui
