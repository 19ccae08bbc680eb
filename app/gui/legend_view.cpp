#include "gui/legend_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <functional>

#include "gui/colors.hpp"
#include "gui/i18n.hpp"
#include "gui/mark_shapes.hpp"
#include "gui/widgets.hpp"

namespace tl::gui {
namespace {

// One legend entry: an icon `icon_w` wide drawn by `icon` at its top left,
// then its label; wraps to a new line when it would cross the right edge.
class Row {
public:
    Row() : right_(ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x), h_(ImGui::GetFontSize()) {}

    void item(float icon_w, const std::function<void(ImDrawList*, ImVec2, float)>& icon, const char* label,
              const char* help) {
        const float w = icon_w + 4 + ImGui::CalcTextSize(label).x;
        if (!first_) ImGui::SameLine(0, h_ * 0.8f);
        if (!first_ && ImGui::GetCursorScreenPos().x + w > right_) ImGui::NewLine();
        first_ = false;
        ImGui::BeginGroup();
        const ImVec2 p = ImGui::GetCursorScreenPos();
        icon(ImGui::GetWindowDrawList(), p, h_);
        ImGui::Dummy(ImVec2(icon_w, h_));
        ImGui::SameLine(0, 4);
        ImGui::TextUnformatted(label);
        ImGui::EndGroup();
        if (help && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help);
    }

    void chip(ThreadState s) {
        const std::string name = state_name(s);
        if (!first_) ImGui::SameLine(0, 4);
        if (!first_ && ImGui::GetCursorScreenPos().x + chip_size(name).x > right_) ImGui::NewLine();
        first_ = false;
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 size = draw_chip(dl, pos, name, s);
        if (look_striped(look_of(s))) {  // as the lanes stripe it
            dl->PushClipRect(pos, ImVec2(pos.x + size.x, pos.y + size.y), true);
            for (float x = pos.x - size.y; x < pos.x + size.x; x += 7)
                dl->AddLine(ImVec2(x, pos.y + size.y), ImVec2(x + size.y, pos.y), IM_COL32(255, 255, 255, 110), 2.0f);
            dl->PopClipRect();
            dl->AddText(ImVec2(pos.x + ImGui::GetFontSize() * 0.4f, pos.y + ImGui::GetFontSize() * 0.12f),
                        state_text_color(s), name.c_str());
        }
        ImGui::Dummy(size);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", state_help(s));
    }

    float h() const { return h_; }

private:
    float right_, h_;
    bool first_ = true;
};

// A short stretch of bar in this look, as tall as the lanes draw it (a
// killed thread's dashed, as there).
void bar_sample(ImDrawList* dl, ImVec2 p, float h, Look look, float w) {
    const float half = h * 0.4f * look_height(look), mid = p.y + h * 0.5f;
    dl->AddRectFilled(ImVec2(p.x, mid - half), ImVec2(p.x + w, mid + half), look_color(look));
    if (look == Look::Killed)
        for (float x = p.x + h * 0.2f; x < p.x + w; x += h * 0.8f)
            dl->AddRectFilled(ImVec2(x, mid - half), ImVec2(std::min(x + h * 0.4f, p.x + w), mid + half),
                              IM_COL32(255, 255, 255, 255));
}

}  // namespace

void draw_legend(bool gil) {
    Row row;
    const float h = row.h();
    for (ThreadState s : {ThreadState::Running, ThreadState::Ready, ThreadState::Blocked, ThreadState::Waiting,
                          ThreadState::Sleeping, ThreadState::IO})
        row.chip(s);
    row.item(h * 1.6f, [](ImDrawList* dl, ImVec2 p, float hh) { bar_sample(dl, p, hh, Look::Joining, hh * 1.6f); },
             tr(S::LookJoining), tr(S::LookJoiningHelp));
    row.item(h * 1.6f, [](ImDrawList* dl, ImVec2 p, float hh) { bar_sample(dl, p, hh, Look::Idle, hh * 1.6f); }, tr(S::LookIdle),
             tr(S::LookIdleHelp));
    // How threads end: a thin bar after the end shape, as on the lanes.
    for (ThreadState s : {ThreadState::Done, ThreadState::Killed, ThreadState::Failed}) {
        row.item(h * 2.0f,
                 [s](ImDrawList* dl, ImVec2 p, float hh) {
                     bar_sample(dl, ImVec2(p.x + hh * 0.45f, p.y), hh, look_of(s), hh * 1.5f);
                     draw_end_shape(dl, s, p.x + hh * 0.45f, p.y + hh * 0.12f, p.y + hh * 0.88f);
                 },
                 state_name(s), state_help(s));
    }
    // The marks above the bars.
    auto mark = [&](LaneMark m, S label) {
        row.item(h * 0.9f, [m](ImDrawList* dl, ImVec2 p, float hh) { draw_lane_mark(dl, m, p.x + hh * 0.45f, p.y + 2, p.y + hh - 2); },
                 tr(label), nullptr);
    };
    mark(LaneMark::Tick, S::MarkOp);
    row.item(h * 0.9f,
             [](ImDrawList* dl, ImVec2 p, float hh) { draw_wait_mark(dl, p.x + hh * 0.45f, p.y + 2, p.y + hh - 1, hh * 0.35f); },
             tr(S::WaitedHere), nullptr);
    mark(LaneMark::ReturnedFalse, S::MarkOpFailed);
    mark(LaneMark::Raised, S::MarkRaised);
    mark(LaneMark::BarrierTripped, S::MarkBarrierTripped);
    mark(LaneMark::BarrierBroken, S::MarkBarrierBroken);
    mark(LaneMark::MainReturned, S::MarkMainReturned);
    row.item(h * 0.5f,
             [](ImDrawList* dl, ImVec2 p, float hh) {
                 dl->AddLine(ImVec2(p.x + hh * 0.25f, p.y), ImVec2(p.x + hh * 0.25f, p.y + hh), palette::kLiveEdge, 2.0f);
             },
             tr(S::MarkNow), tr(S::MarkNowHelp));
    if (!gil) return;

    // A hand-over connector, as the timeline draws it between two lanes.
    row.item(h * 0.8f,
             [](ImDrawList* dl, ImVec2 q, float hh) {
                 const float cx = q.x + hh * 0.4f;
                 dl->AddRectFilled(ImVec2(cx - 1.2f, q.y + 2), ImVec2(cx + 1.2f, q.y + hh - 2), palette::kHandoff);
                 dl->AddCircleFilled(ImVec2(cx, q.y + 3), hh * 0.14f, palette::kHandoff, 8);
                 dl->AddTriangleFilled(ImVec2(cx - hh * 0.25f, q.y + hh * 0.55f), ImVec2(cx + hh * 0.25f, q.y + hh * 0.55f),
                                       ImVec2(cx, q.y + hh - 1), palette::kHandoff);
             },
             tr(S::GilHandover), nullptr);
    row.item(h * 0.8f,
             [](ImDrawList* dl, ImVec2 q, float hh) {
                 const ImVec2 c(q.x + hh * 0.4f, q.y + hh * 0.5f);
                 const float r = hh * 0.3f;
                 const ImVec2 pts[4] = {ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y), ImVec2(c.x, c.y + r),
                                        ImVec2(c.x - r, c.y)};
                 dl->AddConvexPolyFilled(pts, 4, palette::kDropRequest);
             },
             tr(S::DropRequestMark), nullptr);
}

}  // namespace tl::gui
