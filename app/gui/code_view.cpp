#include "gui/code_view.hpp"

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

// Threads worth a marker: started and not finished (a finished thread is on no line).
bool on_a_line(const ThreadView& t) { return t.started && !is_final(t.state) && t.line > 0; }

ImU32 stuck_or_line_bg(const std::vector<const ThreadView*>& here) {
    const bool stuck = std::any_of(here.begin(), here.end(),
                                   [](const ThreadView* t) { return t->state == ThreadState::Blocked; });
    return stuck ? palette::kAlertBg : palette::kCodeLine;
}

// The gutter holds this many markers side by side; a line with more shows
// the first ones and "+N".
constexpr size_t kGutterSlots = 3;

}  // namespace

uint32_t moved_thread(const World& world, std::vector<uint16_t>& last_line, uint32_t mover) {
    if (last_line.size() < world.threads.size()) last_line.resize(world.threads.size(), 0);
    for (const ThreadView& t : world.threads) {
        const uint16_t now = on_a_line(t) ? t.line : 0;
        if (now != last_line[t.tid] && now != 0) mover = t.tid;
        last_line[t.tid] = now;
    }
    return mover;
}

std::vector<std::pair<std::string, std::string>> label_key(const World& world, const TraceIndex& index,
                                                           const ThreadLabels& labels, size_t line_count) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const ThreadView& t : world.threads) {
        if (!on_a_line(t) || t.line > line_count) continue;
        const std::string& name = index.thread_name(t.tid);
        const std::string& label = labels.label(t.tid);
        if (!label.empty() && label != name) out.emplace_back(label, name);
    }
    return out;
}

void draw_code(const std::vector<std::string>& lines, const World& world, const TraceIndex& index, bool follow,
               const CodeError& error) {
    CodeViewState state;
    draw_code(lines, world, index, follow, error, state);
}

void update_labels(CodeViewState& st, const TraceIndex& index, uint64_t run) {
    if (st.labels_run != run) {
        st.labels_run = run;
        st.labels.clear();
    }
    if (st.labels.size() == index.thread_count()) return;
    std::vector<std::string> names;
    for (uint32_t tid = 0; tid < index.thread_count(); ++tid) names.push_back(index.thread_name(tid));
    st.labels.update(names);
}

void draw_code(const std::vector<std::string>& lines, const World& world, const TraceIndex& index, bool follow,
               const CodeError& error, CodeViewState& st, const std::string& key, uint64_t run) {
    // A new listing starts at its top, not where the last one was read.
    if (st.key != key) {
        st.key = key;
        ImGui::SetScrollY(0);
        ImGui::SetScrollX(0);
        st.last_line.clear();
        st.mover = UINT32_MAX;
        st.follow = FollowState{};
        st.labels.clear();  // another program's threads
    }
    if (st.labels_run != run) {
        st.last_line.clear();
        st.mover = UINT32_MAX;
    }
    update_labels(st, index, run);
    st.mover = moved_thread(world, st.last_line, st.mover);

    std::vector<std::vector<const ThreadView*>> at_line(lines.size() + 1);
    std::vector<int> marked;
    for (const ThreadView& t : world.threads) {
        if (!on_a_line(t) || t.line > lines.size()) continue;
        at_line[t.line].push_back(&t);
        marked.push_back(t.line);
    }

    ImGui::PushFont(fonts().mono);
    const float mono_size = ImGui::GetFontSize();
    const float row_h = mono_size * 1.3f;
    const float char_w = ImGui::CalcTextSize("M").x;
    size_t label_chars = 2;
    for (size_t tid = 0; tid < st.labels.size(); ++tid)
        label_chars = std::max(label_chars, st.labels.label(static_cast<uint32_t>(tid)).size());
    ImGui::PopFont();
    label_chars = std::min<size_t>(label_chars, 5);
    size_t longest = 0;
    for (const std::string& l : lines) longest = std::max(longest, l.size());
    const float numbers_w = char_w * 4.0f;
    // The gutter: room for up to three markers (as many as the run has threads).
    const size_t slots = std::clamp<size_t>(st.labels.size(), 1, kGutterSlots);
    const float marker_w = char_w * static_cast<float>(label_chars) + mono_size * 0.4f;
    const float marker_gap = mono_size * 0.15f;
    const float gutter = static_cast<float>(slots) * (marker_w + marker_gap) + mono_size * 0.3f;
    const float code_x = numbers_w + gutter;
    const float code_w = char_w * static_cast<float>(longest + 2);

    const float view_h = ImGui::GetWindowHeight();
    if (follow && !marked.empty() && !ImGui::IsWindowHovered()) {
        FollowInput in;
        in.line_count = static_cast<int>(lines.size());
        in.row_h = row_h;
        in.view_h = view_h - (ImGui::GetScrollMaxX() > 0 ? ImGui::GetStyle().ScrollbarSize : 0.0f);
        in.scroll = ImGui::GetScrollY();
        in.lines = marked;
        if (st.mover < world.threads.size() && on_a_line(world.threads[st.mover]))
            in.mover_line = world.threads[st.mover].line;
        in.now_s = ImGui::GetTime();
        const float to = follow_scroll(in, st.follow);
        if (to != in.scroll) ImGui::SetScrollY(to);
    }

    // The error's line, once: in view when it first appears, then the user scrolls freely.
    const ImGuiID error_id = ImGui::GetID(("error" + std::to_string(error.line) + error.text).c_str());
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const bool has_error = error.line > 0 && static_cast<size_t>(error.line) <= lines.size();
    if (has_error && !storage->GetBool(error_id)) {
        storage->SetBool(error_id, true);
        const float y = row_h * static_cast<float>(error.line - 1);
        if (y < ImGui::GetScrollY() || y + row_h > ImGui::GetScrollY() + view_h)
            ImGui::SetScrollY(std::max(0.0f, y - view_h * 0.4f));
    }

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float visible_right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const float width = std::max(visible_right - origin.x, code_x + code_w);
    const float clip_top = ImGui::GetWindowPos().y, clip_bottom = clip_top + view_h;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool hovered = ImGui::IsWindowHovered();
    const std::vector<const ThreadView*>* hovered_line = nullptr;

    for (size_t i = 0; i < lines.size(); ++i) {
        const float y = origin.y + row_h * static_cast<float>(i);
        if (y + row_h < clip_top || y > clip_bottom) continue;
        const auto& here = at_line[i + 1];
        if (!here.empty()) {
            // The line background shows where something happens; red if a thread is stuck on it.
            dl->AddRectFilled(ImVec2(origin.x, y), ImVec2(origin.x + width, y + row_h), stuck_or_line_bg(here));
        }
        const bool error_here = has_error && i + 1 == static_cast<size_t>(error.line);
        if (error_here) dl->AddRectFilled(ImVec2(origin.x, y), ImVec2(origin.x + width, y + row_h), palette::kAlertBg);
        char num[24];
        std::snprintf(num, sizeof num, "%3zu", i + 1);
        const float ty = y + (row_h - mono_size) * 0.5f;
        dl->AddText(fonts().mono, mono_size, ImVec2(origin.x, ty), error_here ? palette::kAlert : palette::kTextDim, num);
        dl->AddText(fonts().mono, mono_size, ImVec2(origin.x + code_x, ty), palette::kText, lines[i].c_str());
        if (error_here && here.empty()) {
            // The error itself after the line, in a red tag (its end clipped by the pane).
            const float x = origin.x + code_x + char_w * static_cast<float>(lines[i].size() + 2);
            const float pad = mono_size * 0.35f;
            const std::string text = fit_end(error.text, std::max(visible_right - x - 2 * pad, char_w * 8));
            const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
            dl->AddRectFilled(ImVec2(x, y + 1), ImVec2(x + ts.x + 2 * pad, y + row_h - 1), palette::kAlert, 4.0f);
            dl->AddText(ImVec2(x + pad, y + (row_h - ts.y) * 0.5f), IM_COL32(255, 255, 255, 255), text.c_str());
        }

        if (here.empty()) continue;
        // The markers, in the gutter between the numbers and the code. With
        // more threads than slots the last slot says how many more ("+2").
        const bool overflow = here.size() > slots;
        const size_t shown = overflow ? slots - 1 : here.size();
        float x = origin.x + numbers_w + mono_size * 0.15f;
        const float y0 = y + 1, y1 = y + row_h - 1;
        for (size_t k = 0; k < shown; ++k) {
            const ThreadView* t = here[k];
            std::string label = st.labels.label(t->tid);
            if (label.size() > label_chars) label.resize(label_chars);
            dl->AddRectFilled(ImVec2(x, y0), ImVec2(x + marker_w, y1), state_color(t->state), row_h * 0.2f);
            dl->AddRect(ImVec2(x, y0), ImVec2(x + marker_w, y1), IM_COL32(0, 0, 0, 140), row_h * 0.2f);
            const float tw = char_w * static_cast<float>(label.size());
            dl->AddText(fonts().mono, mono_size, ImVec2(x + (marker_w - tw) * 0.5f, ty), state_text_color(t->state),
                        label.c_str());
            x += marker_w + marker_gap;
        }
        if (overflow) {
            const std::string more = "+" + std::to_string(here.size() - shown);
            dl->AddRectFilled(ImVec2(x, y0), ImVec2(x + marker_w, y1), palette::kLaneBgAlt, row_h * 0.2f);
            dl->AddRect(ImVec2(x, y0), ImVec2(x + marker_w, y1), IM_COL32(0, 0, 0, 140), row_h * 0.2f);
            const float tw = char_w * static_cast<float>(more.size());
            dl->AddText(fonts().mono, mono_size, ImVec2(x + (marker_w - tw) * 0.5f, ty), palette::kText, more.c_str());
        }
        if (hovered && mouse.y >= y && mouse.y < y + row_h && mouse.x >= origin.x && mouse.x < origin.x + code_x)
            hovered_line = &here;
    }
    ImGui::Dummy(ImVec2(code_x + code_w, row_h * static_cast<float>(lines.size())));
    // Over the gutter: every thread on that line, by its full name and state.
    if (hovered_line) {
        ImGui::BeginTooltip();
        for (const ThreadView* t : *hovered_line)
            ImGui::Text("%s  %s: %s", st.labels.label(t->tid).c_str(), index.thread_name(t->tid).c_str(),
                        state_name(t->state));
        ImGui::EndTooltip();
    }
}

}  // namespace tl::gui
