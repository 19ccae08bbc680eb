#include "gui/deadlock_graph_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "gui/colors.hpp"
#include "gui/deadlock_graph.hpp"
#include "gui/fonts.hpp"
#include "gui/i18n.hpp"
#include "gui/widgets.hpp"

namespace tl::gui {
namespace {

constexpr ImU32 kWhite = IM_COL32(255, 255, 255, 255);
constexpr ImU32 kAbandonedFill = IM_COL32(226, 227, 232, 255);

ImVec2 operator+(ImVec2 a, ImVec2 b) { return ImVec2(a.x + b.x, a.y + b.y); }
ImVec2 operator-(ImVec2 a, ImVec2 b) { return ImVec2(a.x - b.x, a.y - b.y); }
ImVec2 operator*(ImVec2 a, float k) { return ImVec2(a.x * k, a.y * k); }
float length(ImVec2 a) { return std::sqrt(a.x * a.x + a.y * a.y); }

std::string node_label(const WaitNode& n, const TraceIndex& index) {
    return n.kind == WaitNodeKind::Thread ? index.thread_name(n.id) : index.object_name(n.id);
}

// A padlock, drawn (no font here has the glyph): a shackle and a body.
void padlock(ImDrawList* dl, ImVec2 p, float s, ImU32 col) {
    const ImVec2 body_a(p.x, p.y + s * 0.45f), body_b(p.x + s * 0.8f, p.y + s);
    dl->PathArcTo(ImVec2(p.x + s * 0.4f, p.y + s * 0.45f), s * 0.26f, 3.14159f, 2 * 3.14159f, 10);
    dl->PathStroke(col, 0, std::max(1.5f, s * 0.12f));
    dl->AddRectFilled(body_a, body_b, col, s * 0.1f);
}

float padlock_size() { return ImGui::GetFontSize() * 0.9f; }

// Where the line from `from` towards the centre of node `n` enters its box.
ImVec2 border_point(const WaitNode& n, ImVec2 origin, ImVec2 from, float margin) {
    const ImVec2 c(origin.x + n.x, origin.y + n.y);
    const ImVec2 d = from - c;
    const float hw = n.w * 0.5f + margin, hh = n.h * 0.5f + margin;
    const float sx = d.x != 0 ? hw / std::fabs(d.x) : 1e9f, sy = d.y != 0 ? hh / std::fabs(d.y) : 1e9f;
    const float k = std::min({sx, sy, 1.0f});
    return c + d * k;
}

ImVec2 bezier(ImVec2 a, ImVec2 c, ImVec2 b, float t) {
    const float u = 1 - t;
    return a * (u * u) + c * (2 * u * t) + b * (t * t);
}

const char* arrow_words(WaitArrowKind k) {
    switch (k) {
    case WaitArrowKind::WaitsFor: return tr(S::ArrowWaitsFor);
    case WaitArrowKind::HeldBy: return tr(S::ArrowHeldBy);
    case WaitArrowKind::AbandonedBy: return tr(S::ArrowAbandonedBy);
    case WaitArrowKind::Joins: return tr(S::ArrowJoins);
    }
    return "";
}

void draw_arrow(ImDrawList* dl, const WaitGraph& g, const WaitArrow& a, ImVec2 origin) {
    const float font = ImGui::GetFontSize();
    const WaitNode &from = g.nodes[a.from], &to = g.nodes[a.to];
    const ImVec2 c0(origin.x + from.x, origin.y + from.y), c1(origin.x + to.x, origin.y + to.y);
    const ImVec2 d = c1 - c0;
    const float len = std::max(1.0f, length(d));
    // Two arrows between the same nodes bend apart (each to its own left);
    // a lone one is straight.
    const ImVec2 normal(d.y / len, -d.x / len);
    // (The curve's peak is half the bend: within the room the layout keeps.)
    const float bend = a.reverse_exists ? std::clamp(len * 0.22f, font * 0.9f, font * 1.6f) : 0.0f;
    const ImVec2 ctrl = (c0 + c1) * 0.5f + normal * bend;
    const ImVec2 p0 = border_point(from, origin, ctrl, 3.0f);
    const ImVec2 p1 = border_point(to, origin, ctrl, 4.0f);

    const bool abandoned = a.kind == WaitArrowKind::AbandonedBy;
    const ImU32 col = a.in_cycle && !abandoned ? palette::kAlert : abandoned ? palette::kAbandoned : palette::kTextDim;
    const float thick = a.in_cycle && !abandoned ? std::max(3.0f, font * 0.2f) : std::max(1.5f, font * 0.09f);
    const float head = std::max(7.0f, font * 0.5f) + thick;
    // Stop the line where the head begins.
    const ImVec2 tangent = p1 - bezier(p0, ctrl, p1, 0.9f);
    const ImVec2 dir = tangent * (1.0f / std::max(0.001f, length(tangent)));
    const ImVec2 line_end = p1 - dir * (head * 0.8f);
    constexpr int kSteps = 24;
    ImVec2 pts[kSteps + 1];
    for (int i = 0; i <= kSteps; ++i) pts[i] = bezier(p0, ctrl, line_end, static_cast<float>(i) / kSteps);
    if (abandoned) {
        // Dashed: nobody holds it any more, it is only still locked.
        for (int i = 0; i < kSteps; i += 2) dl->AddLine(pts[i], pts[i + 1], col, thick);
    } else {
        if (a.in_cycle) dl->AddPolyline(pts, kSteps + 1, kWhite, 0, thick + 3.0f);
        dl->AddPolyline(pts, kSteps + 1, col, 0, thick);
    }
    const ImVec2 side(-dir.y, dir.x);
    const ImVec2 back = p1 - dir * head;
    dl->AddTriangleFilled(p1, back + side * (head * 0.5f), back - side * (head * 0.5f), col);

    // Its words at the middle of the curve, on a white label.
    const char* words = arrow_words(a.kind);
    const ImVec2 ts = ImGui::CalcTextSize(words);
    // An arrow from off the cycle (a joiner below it) crosses the ring: its
    // words stay near where it starts, out of the cycle's.
    ImVec2 mid = bezier(p0, ctrl, p1, a.in_cycle ? 0.5f : 0.2f);
    // An arrow going down or up (a racetrack's ends) is short: its words go
    // beside it, inside the ring, where there is room.
    if (a.in_cycle && std::fabs(d.y) > std::fabs(d.x) * 1.5f && !a.reverse_exists)
        mid = mid - normal * (ts.x * 0.5f + 6.0f);
    const ImVec2 la(mid.x - ts.x * 0.5f - 3, mid.y - ts.y * 0.5f - 1), lb(mid.x + ts.x * 0.5f + 3, mid.y + ts.y * 0.5f + 1);
    dl->AddRectFilled(la, lb, IM_COL32(255, 255, 255, 235), 3.0f);
    dl->AddRect(la, lb, col, 3.0f, 0, a.in_cycle ? 2.0f : 1.0f);
    dl->AddText(ImVec2(la.x + 3, la.y + 1), a.in_cycle && !abandoned ? palette::kAlert : palette::kText, words);
}

void draw_node(ImDrawList* dl, const WaitNode& n, const TraceIndex& index, ImVec2 origin) {
    const ImVec2 a(origin.x + n.x - n.w * 0.5f, origin.y + n.y - n.h * 0.5f);
    const ImVec2 b(a.x + n.w, a.y + n.h);
    const std::string label = node_label(n, index);
    const float font = ImGui::GetFontSize();
    if (n.in_cycle) dl->AddRect(a - ImVec2(4, 4), b + ImVec2(4, 4), palette::kAlert, 8.0f, 0, 3.0f);
    if (n.kind == WaitNodeKind::Thread) {
        // A thread: a chip in its state colour, as everywhere else.
        dl->AddRectFilled(a, b, state_color(n.state), n.h * 0.3f);
        dl->AddRect(a, b, IM_COL32(0, 0, 0, 160), n.h * 0.3f, 0, 1.5f);
        const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
        dl->AddText(ImVec2(a.x + (n.w - ts.x) * 0.5f, a.y + (n.h - ts.y) * 0.5f), state_text_color(n.state),
                    label.c_str());
        return;
    }
    // An object: a square-cornered box with a padlock (threads are round).
    dl->AddRectFilled(a, b, n.abandoned ? kAbandonedFill : palette::kSlotEmpty, 2.0f);
    dl->AddRect(a, b, palette::kSlotBorder, 2.0f, 0, 2.0f);
    const float s = padlock_size();
    padlock(dl, ImVec2(a.x + font * 0.4f, a.y + (n.h - s) * 0.5f), s, n.abandoned ? palette::kAbandoned : palette::kText);
    const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    dl->AddText(ImVec2(a.x + font * 0.4f + s + font * 0.35f, a.y + (n.h - ts.y) * 0.5f), palette::kText, label.c_str());
    if (n.abandoned) {
        // Struck through, lightly: locked, but by nobody alive.
        dl->AddLine(ImVec2(a.x + 2, b.y - 3), ImVec2(b.x - 2, a.y + 3), IM_COL32(120, 124, 134, 140), 1.5f);
    }
}

}  // namespace

bool draw_deadlock_graph(const World& world, const TraceIndex& index) {
    WaitGraph g = build_wait_graph(world, index);
    if (g.empty()) return false;
    const float font = ImGui::GetFontSize();
    const float pad = font * 0.4f;
    bool abandoned = false;
    for (WaitNode& n : g.nodes) {
        const std::string label = node_label(n, index);
        const float text_w = ImGui::CalcTextSize(label.c_str()).x;
        n.w = n.kind == WaitNodeKind::Thread ? text_w + 2 * pad + font * 0.4f : text_w + padlock_size() + font * 1.2f;
        n.w = std::max(n.w, font * 4.0f);
        n.h = font * 1.55f;
        abandoned = abandoned || n.abandoned;
    }

    ImGui::PushFont(fonts().bold);
    ImGui::TextColored(ImVec4(0.78f, 0.06f, 0.10f, 1), "%s", tr(S::WaitForGraph));
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr(S::WaitForGraphHelp));

    const float width = std::max(ImGui::GetContentRegionAvail().x - 8.0f, font * 10);
    // As tall as the pane allows (its title above, its sentence below), so
    // the whole cycle is in sight without scrolling when it can be.
    const float want = std::clamp(ImGui::GetContentRegionAvail().y - font * 5.0f, font * 4.0f, font * 14.0f);
    const ImVec2 origin = ImGui::GetCursorScreenPos() + ImVec2(4, font * 0.35f);
    const float used = layout_wait_graph(g, width, want, font * 1.0f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (const WaitArrow& a : g.arrows)
        if (!a.in_cycle) draw_arrow(dl, g, a, origin);
    for (const WaitArrow& a : g.arrows)  // the cycle on top
        if (a.in_cycle) draw_arrow(dl, g, a, origin);
    for (const WaitNode& n : g.nodes) draw_node(dl, n, index, origin);
    ImGui::Dummy(ImVec2(width, used + font * 0.8f));
    // Hovering a node names it in full with what it is doing.
    if (ImGui::IsItemHovered()) {
        const ImVec2 mouse = ImGui::GetIO().MousePos;
        for (const WaitNode& n : g.nodes) {
            if (std::fabs(mouse.x - origin.x - n.x) > n.w * 0.5f || std::fabs(mouse.y - origin.y - n.y) > n.h * 0.5f)
                continue;
            const std::string label = node_label(n, index);
            if (n.kind == WaitNodeKind::Thread)
                ImGui::SetTooltip("%s: %s\n%s", label.c_str(), state_name(n.state), state_help(n.state));
            else
                ImGui::SetTooltip("%s (%s)%s%s", label.c_str(), std::string(to_string(index.object_kind(n.id))).c_str(),
                                  n.abandoned ? "\n" : "", n.abandoned ? tr(S::Abandoned) : "");
            break;
        }
    }

    // The cycle in words, wrapped to the pane.
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(deadlock_sentence(world, index).c_str());
    if (abandoned) ImGui::TextDisabled("%s", tr(S::Abandoned));
    ImGui::PopTextWrapPos();
    return true;
}

}  // namespace tl::gui
