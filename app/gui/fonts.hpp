// The fonts of the window. Text is rasterised at the final pixel size (the UI
// scale is baked in) so it stays crisp on a projector; Chinese glyphs come
// from WenQuanYi Micro Hei, merged into every font so a label may mix both.
#pragma once
#include <imgui.h>

#include <string>

namespace tl::gui {

struct FontSet {
    ImFont* body = nullptr;     // labels, lesson paragraphs
    ImFont* bold = nullptr;     // object names, strong text
    ImFont* heading = nullptr;  // lesson headings, pane titles
    ImFont* mono = nullptr;     // the Python listing, inline code
    float size = 0;             // pixel size of body
};

// The fonts built last (all nullptr before the first build).
const FontSet& fonts();

// The font of tab labels: the heading font, or the body-size bold one while
// a row of tabs is condensed (too narrow for the headings: a projector's
// large text on a small screen, where they would shrink to "Co…", "Out…").
ImFont* tab_font();
void set_tabs_condensed(bool condensed);

// `f`, or the current font when the fonts were never built (headless tests).
inline ImFont* font_or_current(ImFont* f) { return f ? f : ImGui::GetFont(); }

// Clears the ImGui font atlas and builds it again at `body_px`, covering
// Latin, the common simplified Chinese characters and every character of
// `extra_text` (lesson texts and titles...). Falls back to ImGui's
// built-in font when no font file is found. The caller re-uploads the texture.
void build_fonts(float body_px, const std::string& extra_text);
// Forgets the fonts built (their atlas is gone with its ImGui context): for
// tests that build fonts in a context of their own.
void forget_fonts();

}  // namespace tl::gui
