#include <catch2/catch.hpp>

#include "gui/markdown.hpp"

using namespace tl::gui;

TEST_CASE("markdown: headings, paragraphs, lists and fenced code become blocks") {
    const auto blocks = md::parse("# Title\n\nSome `lock` text.\n\n- one\n- two\n\n1. first\n\n```python\nx = 1\ny = 2\n```\n");
    REQUIRE(blocks.size() == 6);
    CHECK(blocks[0].kind == md::BlockKind::Heading);
    CHECK(blocks[0].level == 1);
    CHECK(blocks[0].runs.at(0).text == "Title");
    CHECK(blocks[1].kind == md::BlockKind::Paragraph);
    REQUIRE(blocks[1].runs.size() == 3);
    CHECK(blocks[1].runs[1].text == "lock");
    CHECK(blocks[1].runs[1].style == md::kCode);
    CHECK(blocks[2].kind == md::BlockKind::Item);
    CHECK(blocks[3].runs.at(0).text == "two");
    CHECK(blocks[4].bullet == "1.");
    CHECK(blocks[5].kind == md::BlockKind::Code);
    CHECK(blocks[5].code == "x = 1\ny = 2");
}

TEST_CASE("markdown: Chinese text and strong spans survive parsing") {
    const auto blocks = md::parse("**锁** 保护共享数据。\n");
    REQUIRE(blocks.size() == 1);
    REQUIRE(blocks[0].runs.size() == 2);
    CHECK(blocks[0].runs[0].text == "锁");
    CHECK(blocks[0].runs[0].style == md::kStrong);
    CHECK(blocks[0].runs[1].text == " 保护共享数据。");
}
