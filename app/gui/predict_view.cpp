#include "gui/predict_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

#include "gui/colors.hpp"
#include "gui/fonts.hpp"
#include "gui/i18n.hpp"
#include "gui/lesson_view.hpp"

namespace tl::gui {
namespace {

// The grade's colours, each with white bold text on it (readable from the
// back row): green, a dark amber (white on it stays legible), slate grey,
// and blue when the student made no prediction.
constexpr ImU32 kMatched = palette::kGood;
constexpr ImU32 kMissed = IM_COL32(176, 96, 0, 255);
constexpr ImU32 kCannotTell = IM_COL32(92, 100, 120, 255);
constexpr ImU32 kUnpredicted = IM_COL32(25, 95, 190, 255);
constexpr ImU32 kBoxBg = IM_COL32(234, 240, 252, 255);
constexpr ImU32 kBoxBorder = IM_COL32(150, 170, 210, 255);

std::string format1(const char* fmt, const std::string& a) {
    std::vector<char> buf(std::strlen(fmt) + a.size() + 16);
    std::snprintf(buf.data(), buf.size(), fmt, a.c_str());
    return buf.data();
}

std::string format2(const char* fmt, const std::string& a, const std::string& b) {
    std::vector<char> buf(std::strlen(fmt) + a.size() + b.size() + 16);
    std::snprintf(buf.data(), buf.size(), fmt, a.c_str(), b.c_str());
    return buf.data();
}

std::string letter(int index) { return std::string(1, static_cast<char>('a' + index)) + ")"; }

ImU32 grade_colour(const PredictionGrade& g) {
    if (g.state == PredictionGrade::State::CannotTell) return kCannotTell;
    if (g.predicted < 0) return kUnpredicted;
    return g.matched() ? kMatched : kMissed;
}

// Backgrounds of a box drawn before its height is known: its content goes
// on the draw list's channel 1, these rectangles on channel 0 once it is done.
struct Backs {
    struct Rect {
        ImVec2 a, b;
        ImU32 colour;
        float rounding;
    };
    std::vector<Rect> rects;
    void add(ImVec2 a, ImVec2 b, ImU32 c, float r = 0) { rects.push_back({a, b, c, r}); }
    void draw(ImDrawList* dl) const {
        for (const Rect& r : rects) dl->AddRectFilled(r.a, r.b, r.colour, r.rounding);
    }
};

// Text from the cursor wrapped at `right` (screen x), between words and
// between any two Chinese characters (never inside "0.2 s", as ImGui's own
// wrapping would), in `font`.
void wrapped(const std::string& text, ImU32 colour, float right, ImFont* font = nullptr) {
    if (font) ImGui::PushFont(font);
    draw_wrapped_to(text, colour, right);
    if (font) ImGui::PopFont();
}

// `text` on a filled band from the cursor to `right`, white and bold.
void banner(Backs& backs, const std::string& text, ImU32 colour, float right) {
    const float font = ImGui::GetFontSize();
    const float pad = font * 0.45f;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::SetCursorScreenPos(ImVec2(p.x + pad, p.y + pad * 0.5f));
    wrapped(text, IM_COL32(255, 255, 255, 255), right - pad, font_or_current(fonts().bold));
    const float bottom = ImGui::GetItemRectMax().y + pad * 0.5f;
    backs.add(p, ImVec2(right, bottom), colour, font * 0.3f);
    ImGui::SetCursorScreenPos(ImVec2(p.x, bottom));
    ImGui::Dummy(ImVec2(right - p.x, ImGui::GetStyle().ItemSpacing.y * 0.5f));
}

// One answer: a radio button and its text, wrapped at `right`. The answer
// this run showed is bold on a light band of the grade's colour, with a
// tag "this run" under it.
bool answer_row(Backs& backs, const catalog::Prediction& q, int i, bool chosen, const PredictionGrade& g, bool zh,
                float right, bool locked) {
    ImGui::PushID(i);
    const float font = ImGui::GetFontSize();
    const bool shown = g.state == PredictionGrade::State::Shown && g.shown == i;
    const ImVec2 start = ImGui::GetCursorScreenPos();
    ImGui::BeginDisabled(locked);
    const bool pressed = ImGui::RadioButton("##answer", chosen);
    ImGui::EndDisabled();
    const bool hovered = ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled);
    ImGui::SameLine(0, font * 0.4f);
    const float text_x = ImGui::GetCursorScreenPos().x;
    // The text's first line centred on the radio button.
    ImGui::SetCursorScreenPos(ImVec2(text_x, start.y + (ImGui::GetFrameHeight() - font * 1.4f) * 0.5f));
    wrapped(answer_label(q, i, zh), palette::kText, right, font_or_current(shown ? fonts().bold : fonts().body));
    float bottom = std::max(ImGui::GetItemRectMax().y, start.y + ImGui::GetFrameHeight());
    if (shown) {
        const ImU32 c = grade_colour(g);
        const std::string tag = std::string(tr(S::PredictThisRun)) + (g.predicted == i ? "  \xE2\x9C\x93" : "");
        ImGui::PushFont(font_or_current(fonts().bold));
        const ImVec2 ts = ImGui::CalcTextSize(tag.c_str());
        const float px = font * 0.35f, py = font * 0.12f;
        const ImVec2 tp(text_x, bottom + font * 0.05f);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        // On channel 1, over the band: the tag is drawn with the text.
        dl->AddRectFilled(tp, ImVec2(tp.x + ts.x + 2 * px, tp.y + ts.y + 2 * py), c, font * 0.2f);
        dl->AddText(ImVec2(tp.x + px, tp.y + py), IM_COL32(255, 255, 255, 255), tag.c_str());
        ImGui::PopFont();
        bottom = tp.y + ts.y + 2 * py + font * 0.25f;
        ImVec4 light = ImGui::ColorConvertU32ToFloat4(c);
        light.w = 0.18f;
        const ImVec2 a(start.x - font * 0.3f, start.y - font * 0.2f);
        backs.add(a, ImVec2(right + font * 0.25f, bottom), ImGui::ColorConvertFloat4ToU32(light), font * 0.25f);
        backs.add(a, ImVec2(a.x + font * 0.2f, bottom), c);
    }
    ImGui::SetCursorScreenPos(ImVec2(start.x, bottom));
    ImGui::Dummy(ImVec2(right - start.x, ImGui::GetStyle().ItemSpacing.y * 0.3f));
    if (locked && hovered) ImGui::SetTooltip("%s", tr(S::PredictLocked));
    ImGui::PopID();
    return pressed && !locked;
}

}  // namespace

std::string answer_label(const catalog::Prediction& p, int index, bool zh) {
    if (index < 0 || index >= static_cast<int>(p.answers.size())) return "?";
    return letter(index) + " " + p.answers[static_cast<size_t>(index)].get(zh ? "zh" : "en");
}

std::string grade_text(const PredictionGrade& g, const catalog::Prediction& p, bool zh, bool letters_only) {
    using St = PredictionGrade::State;
    using Why = PredictionGrade::Why;
    switch (g.state) {
    case St::None:
    case St::Pending: return {};
    case St::Shown: {
        const std::string shown = letters_only ? letter(g.shown) : answer_label(p, g.shown, zh);
        if (g.predicted < 0) return format1(tr_in(S::PredictUnpredicted, zh), shown);
        if (g.matched()) return format1(tr_in(S::PredictMatched, zh), shown);
        return format2(tr_in(S::PredictMissed, zh), shown, letter(g.predicted));
    }
    case St::CannotTell: break;
    }
    S why = S::PredictWhyNoAnswer;
    switch (g.why) {
    case Why::Stopped: why = S::PredictWhyStopped; break;
    case Why::NotRun: why = S::PredictWhyNotRun; break;
    case Why::ChecksFailed: why = S::PredictWhyChecks; break;
    case Why::BadIndex: why = S::PredictWhyBadIndex; break;
    case Why::None:
    case Why::NoAnswer: break;
    }
    // checks.py's own words, when it said why: in this language when it gave
    // both (say()), else as its author wrote them.
    const std::string& detail = zh && !g.detail_zh.empty() ? g.detail_zh : g.detail;
    std::string text = format1(tr_in(S::PredictCannotTell, zh),
                               g.why == Why::NoAnswer && !detail.empty() ? detail : tr_in(why, zh));
    return text;
}


void draw_prediction(Session& session, float width) {
    const catalog::Prediction* q = session.question();
    if (!q) return;
    const bool zh = chinese();
    const PredictionGrade& g = session.grade();
    const float font = ImGui::GetFontSize();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    Backs backs;
    // A framed box: its backgrounds are drawn once its height is known.
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float pad = font * 0.6f;
    const float w = width > 0 ? width : ImGui::GetContentRegionAvail().x - 2;
    const float left = p0.x + pad, right = p0.x + w - pad;
    ImGui::SetCursorScreenPos(ImVec2(left, p0.y + pad * 0.5f));
    wrapped(tr(S::Predict), IM_COL32(15, 40, 110, 255), right, font_or_current(fonts().heading));
    ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
    // In the body font: the Chinese glyphs have no bold, and a question half
    // bold (its digits and Latin words) reads worse than none.
    wrapped(q->question.get(zh ? "zh" : "en"), palette::kText, right);
    ImGui::Dummy(ImVec2(1, font * 0.2f));
    // The run going keeps the prediction it started with.
    const bool running = session.status() == RunStatus::Running;
    const int chosen = running && g.state == PredictionGrade::State::Pending ? g.predicted : session.prediction();
    for (int i = 0; i < static_cast<int>(q->answers.size()); ++i) {
        ImGui::SetCursorScreenPos(ImVec2(left + font * 0.3f, ImGui::GetCursorScreenPos().y));
        if (answer_row(backs, *q, i, chosen == i, g, zh, right, running)) session.set_prediction(i);
    }
    ImGui::Dummy(ImVec2(1, font * 0.15f));
    ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
    const std::string text = grade_text(g, *q, zh);
    if (!text.empty()) banner(backs, text, grade_colour(g), right);
    else
        wrapped(tr(g.state == PredictionGrade::State::Pending ? S::PredictPending
                   : session.prediction() >= 0               ? S::PredictReady
                                                             : S::PredictHelp),
                palette::kTextDim, right);
    const float bottom = ImGui::GetItemRectMax().y + pad * 0.5f;
    dl->ChannelsSetCurrent(0);
    dl->AddRectFilled(p0, ImVec2(p0.x + w, bottom), kBoxBg, font * 0.3f);
    dl->AddRect(p0, ImVec2(p0.x + w, bottom), kBoxBorder, font * 0.3f, 0, 1.5f);
    backs.draw(dl);
    dl->ChannelsMerge();
    ImGui::SetCursorScreenPos(ImVec2(p0.x, bottom));
    ImGui::Dummy(ImVec2(w, font * 0.4f));
}

void draw_prediction_grade(const Session& session) {
    const catalog::Prediction* q = session.question();
    if (!q) return;
    const bool zh = chinese();
    const PredictionGrade& g = session.grade();
    const float font = ImGui::GetFontSize();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float right = p0.x + ImGui::GetContentRegionAvail().x - 2;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    Backs backs;
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    // The grade first: in a small pane (a projector's large text) it is the line seen.
    // Short ("this run showed b), you predicted a)"), the answer itself under it.
    const std::string text = grade_text(g, *q, zh, true);
    if (!text.empty()) banner(backs, text, grade_colour(g), right);
    else if (g.state == PredictionGrade::State::Pending) wrapped(tr(S::PredictPending), palette::kTextDim, right);
    if (g.state == PredictionGrade::State::Shown) {
        ImGui::SetCursorScreenPos(ImVec2(p0.x, ImGui::GetCursorScreenPos().y));
        wrapped(answer_label(*q, g.shown, zh), palette::kText, right, font_or_current(fonts().bold));
    }
    ImGui::SetCursorScreenPos(ImVec2(p0.x, ImGui::GetCursorScreenPos().y + font * 0.1f));
    wrapped(std::string(tr(S::Predict)) + (zh ? "：" : ": ") + q->question.get(zh ? "zh" : "en"), palette::kTextDim, right);
    dl->ChannelsSetCurrent(0);
    backs.draw(dl);
    dl->ChannelsMerge();
}

}  // namespace tl::gui
