#include "gui/glyph_coverage.hpp"

namespace tl::gui {

namespace {

// Decodes one UTF-8 character at `i` (moving `i` past it); 0 for a byte
// that starts none (skipped: ImGui draws those as its fallback anyway).
char32_t next_char(std::string_view s, size_t& i) {
    const auto b = static_cast<unsigned char>(s[i++]);
    int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
    if (b < 0x80) return b;
    if (extra == 0) return 0;
    char32_t c = b & (0x3F >> extra);
    for (; extra > 0 && i < s.size(); --extra) {
        const auto n = static_cast<unsigned char>(s[i]);
        if ((n & 0xC0) != 0x80) return 0;
        c = (c << 6) | (n & 0x3F);
        ++i;
    }
    return extra == 0 ? c : 0;
}

// Latin-1 is in every font, and ImGui 1.86 draws only the basic plane.
bool always_there(char32_t c) { return c < 0x100 || c > 0xFFFF; }

}  // namespace

GlyphCoverage::GlyphCoverage(std::string built_with) : text_(std::move(built_with)) {
    for (size_t i = 0; i < text_.size();)
        if (const char32_t c = next_char(text_, i); !always_there(c)) known_.insert(c);
}

bool GlyphCoverage::note(std::string_view utf8) {
    bool added = false;
    for (size_t i = 0; i < utf8.size();) {
        const size_t start = i;
        const char32_t c = next_char(utf8, i);
        if (c == 0 || always_there(c) || !known_.insert(c).second) continue;
        text_.append(utf8.substr(start, i - start));
        added = true;
    }
    changed_ |= added;
    return added;
}

bool GlyphCoverage::note_log(const EventLog& log, uint64_t run) {
    if (!any_run_ || run != run_) {
        any_run_ = true;
        run_ = run;
        threads_ = objects_ = strings_ = 0;
    }
    bool added = false;
    for (const size_t n = log.thread_count(); threads_ < n; ++threads_)
        added |= note(log.thread(static_cast<uint32_t>(threads_)).name);
    for (const size_t n = log.object_count(); objects_ < n; ++objects_)
        added |= note(log.object(static_cast<uint32_t>(objects_)).name);
    for (const size_t n = log.string_count(); strings_ < n; ++strings_)
        added |= note(log.str(static_cast<uint32_t>(strings_)));
    return added;
}

}  // namespace tl::gui
