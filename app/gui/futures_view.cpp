#include "gui/futures_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "gui/colors.hpp"
#include "gui/fonts.hpp"
#include "gui/i18n.hpp"
#include "gui/widgets.hpp"

namespace tl::gui {
namespace {

// A card fresher than this (scenario time) has just moved: it gets a heavy outline.
constexpr Nanos kFresh = 80'000'000;

struct CardLook {
    ImU32 fill;
    ImU32 ink;
};

CardLook look_of(CardColumn c, bool raised) {
    if (raised) return {state_color(ThreadState::Failed), IM_COL32(255, 255, 255, 255)};
    switch (c) {
    case CardColumn::Pending: return {state_color(ThreadState::Ready), IM_COL32(0, 0, 0, 255)};
    case CardColumn::Running: return {state_color(ThreadState::Running), IM_COL32(255, 255, 255, 255)};
    case CardColumn::Finished: return {palette::kFutureDone, IM_COL32(255, 255, 255, 255)};
    case CardColumn::Cancelled: return {state_color(ThreadState::Killed), IM_COL32(255, 255, 255, 255)};
    }
    return {palette::kSlotEmpty, palette::kText};
}

S title_of(CardColumn c) {
    switch (c) {
    case CardColumn::Pending: return S::FuturePending;
    case CardColumn::Running: return S::FutureRunning;
    case CardColumn::Finished: return S::FutureFinished;
    case CardColumn::Cancelled: return S::FutureCancelled;
    }
    return S::Unknown;
}

// A worker's name on a card: "ThreadPoolExecutor-0_1" reads as "worker 0_1",
// "ForkProcess-2" as "worker 2" (the part after the last dash; the full name
// is in the tooltip), so it fits a narrow column.
std::string short_worker(const std::string& name) {
    const size_t dash = name.rfind('-');
    return std::string(tr(S::Worker)) + " " + (dash == std::string::npos || dash + 1 == name.size() ? name : name.substr(dash + 1));
}

std::string result_text(const ObjectView& o, const TraceIndex& index) {
    if (!o.error.empty()) return o.error;
    return "= " + (o.values_are_text ? index.text(o.result) : std::to_string(o.result));
}

// Text clipped to `width` with an ellipsis.
std::string fit(const std::string& text, float width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
    std::string s = text;
    while (!s.empty() && ImGui::CalcTextSize((s + "\xE2\x80\xA6").c_str()).x > width) {
        s.pop_back();
        while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();  // whole UTF-8 chars
        if (!s.empty() && (static_cast<unsigned char>(s.back()) & 0x80)) s.pop_back();
    }
    return s + "\xE2\x80\xA6";
}

// A card's height; `compact`, without the lines of who awaits it (they are
// in its tooltip): a projector's 300% leaves a column room for little more.
float card_height(const ObjectView& o, bool compact = false) {
    const float font = ImGui::GetFontSize();
    return font * (o.waiters.empty() || compact ? 2.55f : 5.0f);
}

void card_tooltip(const World& world, const TraceIndex& index, const ObjectView& o, const FutureRow* row) {
    ImGui::BeginTooltip();
    ImGui::PushFont(fonts().bold);
    ImGui::TextUnformatted(index.object_name(o.id).c_str());
    ImGui::PopFont();
    if (row && row->executor != kNone) ImGui::Text("%s: %s", tr(S::SubmittedTo), index.object_name(row->executor).c_str());
    if (o.worker != kNone) ImGui::Text("%s: %s", tr(S::Worker), index.thread_name(o.worker).c_str());
    if (o.future_state == 4) ImGui::Text("%s", result_text(o, index).c_str());
    if (o.callbacks > 0) ImGui::Text("%s: %lld", tr(S::Callbacks), static_cast<long long>(o.callbacks));
    for (uint32_t tid : o.waiters) {
        const ThreadState s = tid < world.threads.size() ? world.threads[tid].state : ThreadState::Waiting;
        ImGui::Text("%s: %s (%s)", tr(S::AwaitedBy), index.thread_name(tid).c_str(), state_name(s));
    }
    ImGui::EndTooltip();
}

void draw_card(ImDrawList* dl, const World& world, const TraceIndex& index, const ObjectView& o, CardColumn col,
               ImVec2 p, float w, bool compact) {
    const float font = ImGui::GetFontSize();
    const float h = card_height(o, compact);
    const FutureRow* row = index.future(o.id);
    const bool raised = col == CardColumn::Finished && !o.error.empty();
    const CardLook look = look_of(col, raised);
    const ImVec2 b(p.x + w, p.y + h);
    const float pad = font * 0.35f;
    dl->AddRectFilled(p, b, look.fill, 6.0f);
    const bool fresh = row && world.time - row->changed < kFresh;
    dl->AddRect(p, b, fresh ? IM_COL32(0, 0, 0, 255) : IM_COL32(0, 0, 0, 110), 6.0f, 0, fresh ? 3.5f : 1.0f);

    // Line 1: the name, and the callbacks that fired.
    const std::string& name = index.object_name(o.id);
    ImFont* bold = font_or_current(fonts().bold);
    dl->AddText(bold, bold->FontSize, ImVec2(p.x + pad, p.y + pad * 0.6f), look.ink, name.c_str());
    const float name_w = bold->CalcTextSizeA(bold->FontSize, FLT_MAX, 0, name.c_str()).x;
    if (col == CardColumn::Cancelled) {  // struck through
        const float y = p.y + pad * 0.6f + font * 0.55f;
        dl->AddLine(ImVec2(p.x + pad - 2, y), ImVec2(p.x + pad + name_w + 2, y), look.ink, 2.0f);
    }
    if (o.callbacks > 0) {
        // "callbacks 2", or "cb 2" when the column is narrow.
        const float room = w - name_w - pad * 4;
        char cb[48];
        std::snprintf(cb, sizeof cb, "%s %lld", tr(S::CallbacksShort), static_cast<long long>(o.callbacks));
        if (ImGui::CalcTextSize(cb).x > room) std::snprintf(cb, sizeof cb, "cb %lld", static_cast<long long>(o.callbacks));
        const std::string text = fit(cb, room);
        const float tw = ImGui::CalcTextSize(text.c_str()).x;
        dl->AddText(ImVec2(b.x - pad - tw, p.y + pad * 0.6f), look.ink, text.c_str());
    }

    // Line 2: what the state says.
    const ImVec2 line2(p.x + pad, p.y + pad * 0.6f + font * 1.2f);
    const float inner = w - 2 * pad;
    switch (col) {
    case CardColumn::Pending:
        dl->AddText(line2, look.ink, fit(tr(S::InQueue), inner).c_str());
        break;
    case CardColumn::Running:
        if (o.worker != kNone) {
            const std::string text = fit(short_worker(index.thread_name(o.worker)), inner);
            dl->AddText(line2, look.ink, text.c_str());
        }
        break;
    case CardColumn::Finished:
        dl->AddText(bold, bold->FontSize, line2, look.ink, fit(result_text(o, index), inner).c_str());
        break;
    case CardColumn::Cancelled:
        dl->AddText(line2, look.ink, fit(tr(S::NeverRan), inner).c_str());
        break;
    }

    // Lines 3 and 4: who blocks in result() on it.
    if (!o.waiters.empty() && !compact) {
        ImVec2 q(p.x + pad, line2.y + font * 1.2f);
        dl->AddText(q, look.ink, fit(std::string(tr(S::AwaitedBy)) + ":", inner).c_str());
        q.y += font * 1.2f;
        dl->PushClipRect(p, b, true);
        for (uint32_t tid : o.waiters) {
            const ThreadState s = tid < world.threads.size() ? world.threads[tid].state : ThreadState::Waiting;
            q.x += draw_chip(dl, ImVec2(q.x, q.y - font * 0.1f), index.thread_name(tid), s).x + 4;
            if (q.x > b.x) break;
        }
        dl->PopClipRect();
    }
}

}  // namespace

CardColumn column_of(const ObjectView& f) {
    switch (f.future_state) {
    case 0: return CardColumn::Pending;
    case 1: return CardColumn::Running;
    case 2:
    case 3: return CardColumn::Cancelled;
    default: return CardColumn::Finished;
    }
}

FutureBoard build_future_board(const World& world, const TraceIndex& index) {
    FutureBoard board;
    for (const ObjectView& o : world.objects) {
        if (o.kind != ObjKind::Future || o.internal) continue;
        const FutureRow* row = index.future(o.id);
        FutureCard card;
        card.id = o.id;
        card.raised = o.future_state == 4 && !o.error.empty();
        card.changed = row ? row->changed : 0;
        card.order = row ? row->order : o.id;
        board.columns[static_cast<size_t>(column_of(o))].push_back(card);
        ++board.total;
    }
    auto& pending = board.columns[static_cast<size_t>(CardColumn::Pending)];
    std::sort(pending.begin(), pending.end(), [](const FutureCard& a, const FutureCard& b) { return a.order < b.order; });
    for (size_t c = 1; c < kCardColumns; ++c)
        std::sort(board.columns[c].begin(), board.columns[c].end(), [](const FutureCard& a, const FutureCard& b) {
            return a.changed != b.changed ? a.changed > b.changed : a.order > b.order;
        });
    return board;
}

void draw_futures(const World& world, const TraceIndex& index) {
    const FutureBoard board = build_future_board(world, index);
    if (board.total == 0) {
        ImGui::TextDisabled("%s", tr(S::NoFutures));
        return;
    }
    const float font = ImGui::GetFontSize();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = font * 0.4f;
    const float col_w = std::max(font * 3.0f, (avail.x - gap * (kCardColumns - 1)) / kCardColumns);
    const float header_h = font * 1.9f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float bottom = origin.y + avail.y;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool hovered = ImGui::IsWindowHovered();

    for (size_t c = 0; c < kCardColumns; ++c) {
        const auto col = static_cast<CardColumn>(c);
        const auto& cards = board.columns[c];
        const float x = origin.x + static_cast<float>(c) * (col_w + gap);
        // The column's lane, and its header in the column's colour with the count.
        dl->AddRectFilled(ImVec2(x, origin.y), ImVec2(x + col_w, bottom), palette::kLaneBg, 6.0f);
        const CardLook look = look_of(col, false);
        dl->AddRectFilled(ImVec2(x, origin.y), ImVec2(x + col_w, origin.y + header_h), look.fill, 6.0f);
        // The count is what a class reads from afar: large, right-aligned;
        // the state's name gets the rest of the header.
        ImFont* head = font_or_current(fonts().heading);
        ImFont* bold = font_or_current(fonts().bold);
        const std::string count = std::to_string(cards.size());
        const float count_w = head->CalcTextSizeA(head->FontSize, FLT_MAX, 0, count.c_str()).x;
        dl->AddText(head, head->FontSize,
                    ImVec2(x + col_w - font * 0.3f - count_w, origin.y + (header_h - head->FontSize) * 0.5f), look.ink,
                    count.c_str());
        ImGui::PushFont(bold);
        // "RUNNING 运行": when the gloss does not fit, keep the state's name
        // whole (what repr(future) prints) rather than cutting both.
        std::string title = tr(title_of(col));
        const float room = col_w - count_w - font * 0.9f;
        if (ImGui::CalcTextSize(title.c_str()).x > room && title.find(' ') != std::string::npos)
            title = title.substr(0, title.find(' '));
        // Still too wide (CANCELLED at a projector's 300%): a smaller size of
        // the same face, down to three quarters, before anything is cut.
        const float whole_w = ImGui::CalcTextSize(title.c_str()).x;
        const float size = whole_w > room ? std::max(bold->FontSize * 0.75f, bold->FontSize * room / whole_w)
                                          : bold->FontSize;
        std::string shown = title;
        if (bold->CalcTextSizeA(size, FLT_MAX, 0, title.c_str()).x > room) shown = fit(title, room);
        ImGui::PopFont();
        dl->AddText(bold, size, ImVec2(x + font * 0.3f, origin.y + (header_h - size) * 0.5f), look.ink, shown.c_str());

        float y = origin.y + header_h + gap;
        const float w = col_w - 2 * gap;
        const float more_h = font * 1.3f;
        size_t drawn = 0;
        for (const FutureCard& card : cards) {
            const ObjectView& o = world.objects[card.id];
            const bool last = drawn + 1 == cards.size();
            // Keep room for the "+N more" line unless this is the last card,
            // or the first (the header's count says how many there are).
            // Where the whole card does not fit, the compact one may.
            const float room = bottom - (last || drawn == 0 ? 0 : more_h);
            const bool compact = y + card_height(o) > room;
            const float h = card_height(o, compact);
            if (y + h > room) break;
            draw_card(dl, world, index, o, col, ImVec2(x + gap, y), w, compact);
            if (hovered && mouse.x >= x + gap && mouse.x < x + gap + w && mouse.y >= y && mouse.y < y + h)
                card_tooltip(world, index, o, index.future(o.id));
            y += h + gap;
            ++drawn;
        }
        // (A column with no room under its header says nothing more: its count says it.)
        // (Nor does one whose cards left it no line: its count says it.)
        if (drawn < cards.size() && y + more_h <= bottom + gap) {
            char more[48];
            std::snprintf(more, sizeof more, tr(S::MoreCount), cards.size() - drawn);
            dl->AddText(ImVec2(x + gap, y), palette::kTextDim, more);
        }
    }
    ImGui::Dummy(avail);
}

}  // namespace tl::gui
