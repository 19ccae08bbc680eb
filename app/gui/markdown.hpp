// Lesson Markdown parsed (with md4c) into a flat list of blocks the lesson
// pane can lay out: headings, paragraphs, list items, fenced code, rules and
// table rows, each paragraph a sequence of styled runs.
#pragma once
#include <string>
#include <vector>

namespace tl::gui::md {

enum Style : unsigned { kNormal = 0, kCode = 1, kStrong = 2, kEmph = 4, kLink = 8 };

struct Run {
    std::string text;
    unsigned style = kNormal;
};

enum class BlockKind { Heading, Paragraph, Item, Code, Rule, TableRow };

struct Block {
    BlockKind kind = BlockKind::Paragraph;
    int level = 0;           // heading level 1..6; list nesting depth for items and their paragraphs
    bool quote = false;      // inside a block quote
    std::string bullet;      // "•" or "3." for items
    std::vector<Run> runs;   // inline content
    std::string code;        // fenced code text
    std::vector<std::vector<Run>> cells;  // table rows
    bool header = false;     // table header row
};

std::vector<Block> parse(const std::string& markdown);

}  // namespace tl::gui::md
