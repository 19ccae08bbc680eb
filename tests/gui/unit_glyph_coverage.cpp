// Any Chinese character a student types, prints or names a variable with
// reaches the font atlas: noted once, then built into every font.
#include <catch2/catch.hpp>

#include "gui/fonts.hpp"
#include "gui/glyph_coverage.hpp"
#include "headless.hpp"

using namespace tl;
using namespace tl::gui;

TEST_CASE("glyph coverage: a character not in the build text is noted once, Latin never") {
    GlyphCoverage c("生产者 consumer");
    CHECK_FALSE(c.note("生产者 says hello, café"));
    CHECK_FALSE(c.changed());
    CHECK(c.note("龘 and 生"));
    CHECK(c.changed());
    CHECK(c.take_text() == "生产者 consumer龘");
    CHECK_FALSE(c.changed());
    CHECK_FALSE(c.note("龘龘"));
    CHECK_FALSE(c.note("\xFF\xFE broken \xE9\xBE"));  // bytes that start no character are skipped
}

TEST_CASE("glyph coverage: a run's names and printed lines, read once per run") {
    GlyphCoverage c("");
    EventLog log;
    log.add_thread({"消费者-1", kNone, false, 0});
    log.intern("结果: 9");
    CHECK(c.note_log(log, 1));
    CHECK_FALSE(c.note_log(log, 1));
    log.add_object({"队列", ObjKind::Queue, 3, kNone, false});
    CHECK(c.note_log(log, 1));
    EventLog next;  // a new run starts from its first name again
    next.add_thread({"消费者-1", kNone, false, 0});
    CHECK_FALSE(c.note_log(next, 2));
    CHECK(c.take_text() == "消费者结果队列");  // Latin-1 is always there
}

TEST_CASE("glyph coverage: the fonts built with the noted text draw the character") {
    testing::Headless h;
    // The atlas goes with this test's context: no later test may draw with it.
    struct Forget {
        ~Forget() { forget_fonts(); }
    } forget;
    const char32_t rare = 0x9F98;  // 龘: not among the common characters
    build_fonts(20, "");
    // The common characters are in the body font (fonts-wqy-microhei, installed by the set-up script) ...
    REQUIRE(fonts().body->FindGlyphNoFallback(0x4E2D) != nullptr);  // 中
    // ... but a rare one in no font, and the editor's font has only what it was built for.
    CHECK(fonts().body->FindGlyphNoFallback(static_cast<ImWchar>(rare)) == nullptr);
    CHECK(fonts().mono->FindGlyphNoFallback(static_cast<ImWchar>(rare)) == nullptr);
    GlyphCoverage c("");
    REQUIRE(c.note("print('龘')"));
    build_fonts(20, c.take_text());
    CHECK(fonts().mono->FindGlyphNoFallback(static_cast<ImWchar>(rare)) != nullptr);
    CHECK(fonts().body->FindGlyphNoFallback(static_cast<ImWchar>(rare)) != nullptr);
}
