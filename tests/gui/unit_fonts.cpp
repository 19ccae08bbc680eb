// The CJK face has no bold of its own: the bold and heading fonts make its
// glyphs heavier in the atlas, so a Chinese heading stands out as an
// English one does, and the body font's glyphs stay as they were.
#include <catch2/catch.hpp>

#include "gui/fonts.hpp"
#include "headless.hpp"

using namespace tl::gui;

namespace {

// The ink of `c`'s glyph in `font`: the sum of its pixels in the atlas.
long ink(const ImFont* font, ImWchar c) {
    const ImFontGlyph* g = font->FindGlyphNoFallback(c);
    REQUIRE(g != nullptr);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    ImGui::GetIO().Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
    long sum = 0;
    for (int y = static_cast<int>(g->V0 * h + 0.5f); y < static_cast<int>(g->V1 * h + 0.5f); ++y)
        for (int x = static_cast<int>(g->U0 * w + 0.5f); x < static_cast<int>(g->U1 * w + 0.5f); ++x)
            sum += pixels[static_cast<size_t>(y) * w + x];
    return sum;
}

}  // namespace

TEST_CASE("fonts: Chinese in the bold font has more ink than in the body font at the same size") {
    testing::Headless h;
    struct Forget {
        ~Forget() { forget_fonts(); }
    } forget;
    build_fonts(24, "线程死锁");
    for (ImWchar c : {ImWchar(0x7EBF), ImWchar(0x7A0B), ImWchar(0x6B7B), ImWchar(0x9501)}) {  // 线 程 死 锁
        INFO("U+" << std::hex << int(c));
        const long body = ink(fonts().body, c), bold = ink(fonts().bold, c);
        CHECK(body > 0);
        CHECK(bold > body * 23 / 20);  // 15% more ink at least (without it: the same glyph, the same ink)
    }
    // Latin comes from DejaVu Sans Bold itself, untouched.
    CHECK(ink(fonts().bold, 'M') > ink(fonts().body, 'M'));
}
