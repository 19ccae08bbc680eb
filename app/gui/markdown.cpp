#include "gui/markdown.hpp"

#include <md4c.h>

#include <cstdint>
#include <string_view>

namespace tl::gui::md {
namespace {

struct ListState {
    bool ordered = false;
    unsigned next = 1;
};

struct Parser {
    std::vector<Block> blocks;
    std::vector<ListState> lists;
    int quote = 0;
    unsigned style = kNormal;
    size_t open_index = SIZE_MAX;         // block receiving text (an index: the vector grows)
    std::vector<Run>* cell = nullptr;     // table cell receiving text, if any

    Block* current_block() { return open_index < blocks.size() ? &blocks[open_index] : nullptr; }
    void close() { open_index = SIZE_MAX; }

    Block& open(BlockKind kind) {
        blocks.push_back(Block{});
        Block& b = blocks.back();
        b.kind = kind;
        b.level = static_cast<int>(lists.size());
        b.quote = quote > 0;
        open_index = blocks.size() - 1;
        return b;
    }

    void add_text(std::string_view text) {
        Block* current = current_block();
        if (!current) current = &open(BlockKind::Paragraph);
        if (current->kind == BlockKind::Code) {
            current->code.append(text);
            return;
        }
        std::vector<Run>& runs = cell ? *cell : current->runs;
        if (!runs.empty() && runs.back().style == style) runs.back().text.append(text);
        else runs.push_back(Run{std::string(text), style});
    }

    int enter_block(MD_BLOCKTYPE type, void* detail) {
        Block* current = current_block();
        switch (type) {
        case MD_BLOCK_QUOTE: ++quote; break;
        case MD_BLOCK_UL: lists.push_back(ListState{false, 1}); break;
        case MD_BLOCK_OL: lists.push_back(ListState{true, static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start}); break;
        case MD_BLOCK_LI: {
            ListState& l = lists.back();
            Block& b = open(BlockKind::Item);
            b.bullet = l.ordered ? std::to_string(l.next++) + "." : "\xE2\x80\xA2";  // U+2022 bullet
            break;
        }
        case MD_BLOCK_HR: open(BlockKind::Rule); close(); break;
        case MD_BLOCK_H: open(BlockKind::Heading).level = static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level); break;
        case MD_BLOCK_CODE: open(BlockKind::Code); break;
        case MD_BLOCK_P:
            // The first paragraph of a loose list item belongs to the item's line.
            if (!(current && current->kind == BlockKind::Item && current->runs.empty())) open(BlockKind::Paragraph);
            break;
        case MD_BLOCK_TR: open(BlockKind::TableRow); break;
        case MD_BLOCK_TH:
        case MD_BLOCK_TD:
            if (current && current->kind == BlockKind::TableRow) {
                current->header = type == MD_BLOCK_TH;
                current->cells.emplace_back();
                cell = &current->cells.back();
            }
            break;
        default: break;
        }
        return 0;
    }

    int leave_block(MD_BLOCKTYPE type) {
        Block* current = current_block();
        switch (type) {
        case MD_BLOCK_QUOTE: --quote; break;
        case MD_BLOCK_UL:
        case MD_BLOCK_OL: lists.pop_back(); close(); break;
        case MD_BLOCK_TH:
        case MD_BLOCK_TD: cell = nullptr; break;
        case MD_BLOCK_CODE:
            if (current && !current->code.empty() && current->code.back() == '\n') current->code.pop_back();
            close();
            break;
        case MD_BLOCK_LI:
        case MD_BLOCK_H:
        case MD_BLOCK_P:
        case MD_BLOCK_TR: close(); break;
        default: break;
        }
        return 0;
    }

    static unsigned span_bit(MD_SPANTYPE type) {
        switch (type) {
        case MD_SPAN_EM: return kEmph;
        case MD_SPAN_STRONG: return kStrong;
        case MD_SPAN_A: return kLink;
        case MD_SPAN_CODE: return kCode;
        default: return 0;
        }
    }

    int text(MD_TEXTTYPE type, std::string_view t) {
        switch (type) {
        case MD_TEXT_SOFTBR: add_text(" "); break;
        case MD_TEXT_BR: add_text("\n"); break;
        case MD_TEXT_NULLCHAR: break;
        case MD_TEXT_ENTITY:
            if (t == "&amp;") add_text("&");
            else if (t == "&lt;") add_text("<");
            else if (t == "&gt;") add_text(">");
            else if (t == "&quot;") add_text("\"");
            else if (t == "&nbsp;") add_text(" ");
            else add_text(t);
            break;
        default: add_text(t); break;
        }
        return 0;
    }
};

Parser& self(void* user) { return *static_cast<Parser*>(user); }

}  // namespace

std::vector<Block> parse(const std::string& markdown) {
    Parser p;
    MD_PARSER parser{};
    parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_NOHTML;
    parser.enter_block = [](MD_BLOCKTYPE t, void* d, void* u) { return self(u).enter_block(t, d); };
    parser.leave_block = [](MD_BLOCKTYPE t, void*, void* u) { return self(u).leave_block(t); };
    parser.enter_span = [](MD_SPANTYPE t, void*, void* u) {
        self(u).style |= Parser::span_bit(t);
        return 0;
    };
    parser.leave_span = [](MD_SPANTYPE t, void*, void* u) {
        self(u).style &= ~Parser::span_bit(t);
        return 0;
    };
    parser.text = [](MD_TEXTTYPE t, const MD_CHAR* s, MD_SIZE n, void* u) {
        return self(u).text(t, std::string_view(s, n));
    };
    md_parse(markdown.data(), static_cast<MD_SIZE>(markdown.size()), &parser, &p);
    return std::move(p.blocks);
}

}  // namespace tl::gui::md
