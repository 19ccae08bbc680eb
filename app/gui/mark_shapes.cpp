#include "gui/mark_shapes.hpp"

#include <algorithm>

#include "gui/colors.hpp"

namespace tl::gui {
namespace {
constexpr ImU32 kWhite = IM_COL32(255, 255, 255, 255);

// A disc with "!" inside: an exception.
void exclamation_disc(ImDrawList* dl, ImVec2 c, float r, ImU32 fill, bool ring) {
    dl->AddCircleFilled(c, r + 1.5f, ring ? palette::kText : kWhite, 16);
    dl->AddCircleFilled(c, r, fill, 16);
    const float w = std::max(1.0f, r * 0.18f);
    dl->AddRectFilled(ImVec2(c.x - w, c.y - r * 0.62f), ImVec2(c.x + w, c.y + r * 0.18f), kWhite);
    dl->AddRectFilled(ImVec2(c.x - w, c.y + r * 0.36f), ImVec2(c.x + w, c.y + r * 0.36f + 2 * w), kWhite);
}
}  // namespace

void draw_lane_mark(ImDrawList* dl, LaneMark mark, float x, float top, float bottom) {
    const float h = bottom - top, mid = (top + bottom) * 0.5f;
    switch (mark) {
    case LaneMark::Tick: dl->AddRectFilled(ImVec2(x - 1.0f, top), ImVec2(x + 1.0f, bottom), palette::kText); break;
    case LaneMark::ReturnedFalse: {
        // A tick with an open ring on it: the call came back empty-handed.
        const float r = std::max(2.5f, h * 0.22f);
        const ImU32 col = state_color(ThreadState::Failed);
        dl->AddRectFilled(ImVec2(x - 1.0f, top + 2 * r), ImVec2(x + 1.0f, bottom), col);
        dl->AddCircle(ImVec2(x, top + r), r, col, 12, 2.0f);
        break;
    }
    case LaneMark::Raised:
    case LaneMark::Uncaught:
        exclamation_disc(dl, ImVec2(x, mid), std::max(4.5f, h * (mark == LaneMark::Uncaught ? 0.62f : 0.5f)),
                         state_color(ThreadState::Failed), mark == LaneMark::Uncaught);
        break;
    case LaneMark::BarrierTripped: {
        // An upward arrowhead: the gate opens, everyone goes.
        const float r = std::max(4.5f, h * 0.55f);
        dl->AddTriangleFilled(ImVec2(x - r - 1.5f, bottom + 1.5f), ImVec2(x + r + 1.5f, bottom + 1.5f),
                              ImVec2(x, top - 2.5f), kWhite);
        dl->AddTriangleFilled(ImVec2(x - r, bottom), ImVec2(x + r, bottom), ImVec2(x, top), palette::kBarrierTrip);
        break;
    }
    case LaneMark::MainReturned: {
        // A flag on a pole: main's program is over, shutdown begins here.
        const float r = std::clamp(h * 0.3f, 5.0f, 12.0f);
        dl->AddRectFilled(ImVec2(x - 2.5f, top - 1.5f), ImVec2(x + 2.5f, bottom + 1.5f), kWhite);
        dl->AddTriangleFilled(ImVec2(x, top - 1.5f), ImVec2(x + 2 * r + 2.5f, top + r * 0.7f),
                              ImVec2(x, top + 1.4f * r + 2.0f), kWhite);
        dl->AddRectFilled(ImVec2(x - 1.0f, top), ImVec2(x + 1.0f, bottom), palette::kText);
        dl->AddTriangleFilled(ImVec2(x, top), ImVec2(x + 2 * r, top + r * 0.7f), ImVec2(x, top + 1.4f * r),
                              palette::kText);
        break;
    }
    case LaneMark::BarrierBroken: {
        // A zigzag: the barrier snapped (as tall as the band it is given).
        const float r = std::clamp(h * 0.5f, 4.0f, 9.0f);
        const ImVec2 pts[4] = {ImVec2(x + r * 0.6f, top), ImVec2(x - r * 0.5f, mid + h * 0.06f),
                               ImVec2(x + r * 0.5f, mid - h * 0.06f), ImVec2(x - r * 0.6f, bottom)};
        dl->AddPolyline(pts, 4, kWhite, 0, 6.0f);
        dl->AddPolyline(pts, 4, palette::kAlert, 0, 3.0f);
        break;
    }
    }
}

void draw_wait_mark(ImDrawList* dl, float x, float top, float tip, float half) {
    // On a white one a little larger: its outline, cheaper than a stroked path.
    const float o = 1.5f;
    dl->AddTriangleFilled(ImVec2(x - half - o * 1.8f, top - 1), ImVec2(x + half + o * 1.8f, top - 1),
                          ImVec2(x, tip + o * 2.2f), kWhite);
    dl->AddTriangleFilled(ImVec2(x - half, top), ImVec2(x + half, top), ImVec2(x, tip), palette::kAlert);
}

void draw_end_shape(ImDrawList* dl, ThreadState s, float x, float y0, float y1) {
    const float cy = (y0 + y1) * 0.5f;
    if (s == ThreadState::Done) {
        // An end bar: the lane stops here, all is well.
        const float w = std::max(1.5f, (y1 - y0) * 0.08f);
        dl->AddRectFilled(ImVec2(x - w - 1, y0 - 1), ImVec2(x + w + 1, y1 + 1), kWhite);
        dl->AddRectFilled(ImVec2(x - w, y0), ImVec2(x + w, y1), state_color(ThreadState::Done));
        return;
    }
    if (s != ThreadState::Killed && s != ThreadState::Failed) return;
    const float r = (y1 - y0) * 0.45f;
    const ImU32 col = state_color(s);
    dl->AddLine(ImVec2(x - r, cy - r), ImVec2(x + r, cy + r), kWhite, 6.0f);
    dl->AddLine(ImVec2(x - r, cy + r), ImVec2(x + r, cy - r), kWhite, 6.0f);
    dl->AddLine(ImVec2(x - r, cy - r), ImVec2(x + r, cy + r), col, 3.5f);
    dl->AddLine(ImVec2(x - r, cy + r), ImVec2(x + r, cy - r), col, 3.5f);
}

}  // namespace tl::gui
