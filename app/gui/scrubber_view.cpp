#include "gui/scrubber_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <climits>
#include <cstdio>
#include <string>

#include "gui/event_line.hpp"
#include "gui/fonts.hpp"
#include "gui/i18n.hpp"
#include "gui/widgets.hpp"

namespace tl::gui {
namespace {

// Narrower than this (in text heights), the label goes under the slider:
// the slider keeps room to be dragged at a projector's 300%.
constexpr float kOneRowEm = 48;
// Under two rows, the lanes above must keep this much (the axis and two
// lanes, in text heights), else the label goes into the slider itself.
constexpr float kLanesEm = 5;

enum class Shape {
    Wide,     // one row: the buttons, the slider, the label beside it
    Tall,     // the buttons and the slider, the label on a row under them
    Compact,  // one row, the label written in the slider (large text in a short pane)
};

Shape shape_for(ImVec2 avail) {
    const float font = ImGui::GetFontSize();
    if (avail.x >= font * kOneRowEm) return Shape::Wide;
    const float two_rows = 2 * ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    return avail.y - two_rows >= font * kLanesEm ? Shape::Tall : Shape::Compact;
}

// "event 12 of 340 (live), t = 3.250 ms, Thread-1: lock.acquire()"; where
// that is too wide for `width`, without its head (the slider shows 12 / 340),
// and then cut at the end.
std::string label(const Session& session, float width) {
    char head[128];
    std::snprintf(head, sizeof head, tr(S::ScrubEvent), session.view_events(), session.log_events());
    std::string text = head;
    if (!session.scrubbing()) text += std::string(" (") + tr(S::ScrubLive) + ")";
    const LogEvent* e = session.view_event();
    if (!e) return fit_end(text, width);
    char t[64];
    // (Milliseconds under a second, seconds past it: "t = 3.703 s", not "3702.714 ms".)
    if (e->t < 1'000'000'000) std::snprintf(t, sizeof t, tr(S::ScrubTime), static_cast<double>(e->t) / 1e6);
    else std::snprintf(t, sizeof t, tr(S::ScrubTimeSeconds), static_cast<double>(e->t) / 1e9);
    std::string what = event_line(*session.log(), *e, session.view_index());
    std::replace(what.begin(), what.end(), '\n', ' ');  // a printed line may hold several
    const std::string tail = std::string(t) + ",  " + what;
    const std::string whole = text + ",  " + tail;
    return fit_end(ImGui::CalcTextSize(whole.c_str()).x <= width ? whole : tail, width);
}

bool button(const char* text, const char* help, bool enabled) {
    ImGui::BeginDisabled(!enabled);
    const bool pressed = ImGui::Button(text);
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", help);
    ImGui::EndDisabled();
    return pressed;
}

}  // namespace

void press(Session& session, ScrubKey key) {
    switch (key) {
    case ScrubKey::Back: session.scrub_by(-1); break;
    case ScrubKey::On:
        if (session.scrubbing()) session.scrub_by(1);
        else session.step();
        break;
    case ScrubKey::First: session.scrub_to(1); break;
    case ScrubKey::Live: session.scrub_live(); break;
    }
}

void apply_scrub_request(Session& session, UiState& ui) {
    if (!ui.scrub_to || session.status() != RunStatus::Finished) return;
    session.scrub_to(*ui.scrub_to);
    ui.scrub_to.reset();
}

float scrubber_height(const Session& session, ImVec2 avail) {
    if (!session.can_scrub()) return 0;
    const float rows = shape_for(avail) == Shape::Tall ? 2.0f : 1.0f;
    return rows * ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
}

void draw_scrubber(Session& session, ImVec2 avail, bool on_this_line) {
    if (!session.can_scrub()) return;
    const Shape shape = on_this_line ? (shape_for(avail) == Shape::Wide ? Shape::Wide : Shape::Compact) : shape_for(avail);
    const float width = ImGui::GetContentRegionAvail().x;
    const float right = ImGui::GetCursorPosX() + width;  // (the row's right edge: on the title's line the cursor is not at 0)
    const float font = ImGui::GetFontSize();
    const ImGuiStyle& style = ImGui::GetStyle();
    const size_t n = session.log_events();
    const size_t k = session.view_events();
    if (!on_this_line) ImGui::Spacing();
    ImGui::PushID("##scrubber");
    if (shape != Shape::Compact) {  // (compact: Home does it)
        if (button("|<", tr(S::ScrubStart), k > 1)) session.scrub_to(1);
        ImGui::SameLine();
    }
    if (button("<", tr(S::ScrubBack), k > 1)) session.scrub_by(-1);
    ImGui::SameLine();
    // The slider: what is left of the row beside the buttons after it (and,
    // wide, the label).
    const float after = ImGui::CalcTextSize(">").x + ImGui::CalcTextSize(tr(S::ScrubLive)).x +
                        4 * style.FramePadding.x + 2 * style.ItemSpacing.x;
    const float slider_w = shape == Shape::Wide ? std::max(font * 10, width * 0.45f - ImGui::GetCursorPosX())
                                                : right - ImGui::GetCursorPosX() - after;
    ImGui::SetNextItemWidth(std::max(font * 4, slider_w));
    int at = static_cast<int>(std::min<size_t>(k, INT_MAX));
    const int last = static_cast<int>(std::min<size_t>(n, INT_MAX));
    // "12 / 340" in the slider, or compact the whole label (its % doubled:
    // the slider's text is a printf format).
    std::string format = "%d / " + std::to_string(last);
    if (shape == Shape::Compact) {
        std::string text = label(session, std::max(font * 4, slider_w) - 2 * style.FramePadding.x);
        format.clear();
        for (char c : text) format += c == '%' ? std::string("%%") : std::string(1, c);
    }
    if (ImGui::SliderInt("##at", &at, 1, std::max(last, 1), format.c_str(), ImGuiSliderFlags_AlwaysClamp))
        session.scrub_to(static_cast<size_t>(at));
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s\n%s", label(session, FLT_MAX).c_str(), tr(S::ScrubHelp));
    ImGui::SameLine();
    // One on; live over a paused run that can step, the run's Step (as the Right key).
    const bool steps = session.status() == RunStatus::Paused && session.can_pause();
    if (button(">", tr(S::ScrubForward), session.scrubbing() || steps)) press(session, ScrubKey::On);
    ImGui::SameLine();
    if (button(tr(S::ScrubLive), tr(S::ScrubToLive), session.scrubbing())) session.scrub_live();
    if (shape != Shape::Compact) {
        if (shape == Shape::Wide) ImGui::SameLine(0, font);
        // The label, cut at the end to the room it has (the event's own text may be long).
        ImGui::AlignTextToFramePadding();
        ImGui::PushFont(font_or_current(fonts().bold));
        const std::string text = label(session, ImGui::GetContentRegionAvail().x);
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopFont();
    }
    ImGui::PopID();
}

}  // namespace tl::gui
