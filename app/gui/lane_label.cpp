#include "gui/lane_label.hpp"

#include <cstdio>

#include "gui/colors.hpp"
#include "gui/widgets.hpp"

namespace tl::gui {
namespace {

// The label drawn as a chip, or "" for a name that is its own label (a
// chip would say it twice) or a tid no label was given.
std::string chip_text(const TraceIndex& index, uint32_t tid, const ThreadLabels* labels) {
    if (!labels) return {};
    const std::string& label = labels->label(tid);
    return label == index.thread_name(tid) ? std::string() : label;
}

// Threads of another process carry a tag "P1" in the process's colour
// before their name, and a stripe of that colour along their lane.
std::string process_tag(uint32_t pid) {
    char tag[16];
    std::snprintf(tag, sizeof tag, "P%u", pid);
    return tag;
}

float process_tag_width(const TraceIndex& index, uint32_t tid) {
    const uint32_t pid = index.thread_pid(tid);
    if (pid == 0) return 0;
    return ImGui::CalcTextSize(process_tag(pid).c_str()).x + ImGui::GetFontSize() * 0.8f;
}

// Returns where the name starts.
float draw_process_tag(ImDrawList* dl, const TraceIndex& index, uint32_t tid, ImVec2 left_mid) {
    const uint32_t pid = index.thread_pid(tid);
    if (pid == 0) return left_mid.x;
    const float font = ImGui::GetFontSize();
    const ImU32 col = palette::process_color(pid);
    const std::string tag = process_tag(pid);
    const ImVec2 ts = ImGui::CalcTextSize(tag.c_str());
    const ImVec2 a(left_mid.x, left_mid.y - ts.y * 0.55f), b(left_mid.x + ts.x + font * 0.4f, left_mid.y + ts.y * 0.55f);
    dl->AddRectFilled(a, b, col, 4.0f);
    dl->AddText(ImVec2(a.x + font * 0.2f, left_mid.y - ts.y * 0.5f), IM_COL32(255, 255, 255, 255), tag.c_str());
    return b.x + font * 0.4f;
}

float square_width() { return ImGui::GetFontSize() * 0.7f; }

// The chip or the square, and the gap after it.
float mark_width(const std::string& chip) {
    const float font = ImGui::GetFontSize();
    return (chip.empty() ? square_width() : chip_size(chip).x) + font * 0.3f;
}

}  // namespace

float lane_label_width(const TraceIndex& index, uint32_t tid, const ThreadLabels* labels) {
    const float font = ImGui::GetFontSize();
    return 2 + mark_width(chip_text(index, tid, labels)) + process_tag_width(index, tid) +
           (index.lane_host(tid) != kNone ? font * 0.9f : 0.0f) +
           ImGui::CalcTextSize(index.thread_name(tid).c_str()).x;
}

void draw_lane_label(ImDrawList* dl, const TraceIndex& index, uint32_t tid, ThreadState now,
                     const ThreadLabels* labels, ImVec2 min, ImVec2 max) {
    const float font = ImGui::GetFontSize(), cy = (min.y + max.y) * 0.5f;
    const std::string chip = chip_text(index, tid, labels);
    float x = min.x + 2;
    if (chip.empty()) {
        const float sq = square_width();
        dl->AddRectFilled(ImVec2(x, cy - sq * 0.5f), ImVec2(x + sq, cy + sq * 0.5f), state_color(now), 2.0f);
    } else {
        draw_chip(dl, ImVec2(x, cy - chip_size(chip).y * 0.5f), chip, now);
    }
    x += mark_width(chip);
    if (index.lane_host(tid) != kNone) {
        // A coroutine lane: indented under its thread, joined to it by a corner.
        const float cx = x + font * 0.25f;
        dl->AddLine(ImVec2(cx, min.y), ImVec2(cx, cy), palette::kTextDim, 1.5f);
        dl->AddLine(ImVec2(cx, cy), ImVec2(cx + font * 0.5f, cy), palette::kTextDim, 1.5f);
        x += font * 0.9f;
    }
    const float name_x = draw_process_tag(dl, index, tid, ImVec2(x, cy));
    const std::string name = elide_middle(index.thread_name(tid), max.x - name_x);
    dl->AddText(ImVec2(name_x, cy - font * 0.5f), palette::kText, name.c_str());
}

}  // namespace tl::gui
