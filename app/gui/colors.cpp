#include "gui/colors.hpp"

#include <iterator>

namespace tl::gui {

ImU32 state_color(ThreadState s) {
    switch (s) {
    case ThreadState::New: return IM_COL32(200, 204, 212, 255);      // pale grey: not started
    case ThreadState::Ready: return IM_COL32(255, 221, 87, 255);     // yellow: could run, waits for a CPU
    case ThreadState::Running: return IM_COL32(34, 170, 76, 255);    // green: on the CPU
    case ThreadState::Blocked: return IM_COL32(220, 30, 40, 255);    // red: stuck on a lock
    case ThreadState::Waiting: return IM_COL32(245, 130, 20, 255);   // orange: waits for a signal
    case ThreadState::Sleeping: return IM_COL32(70, 140, 235, 255);  // blue: time.sleep
    case ThreadState::IO: return IM_COL32(150, 90, 210, 255);        // violet: blocking I/O
    case ThreadState::Done: return IM_COL32(120, 124, 134, 255);     // grey: finished
    case ThreadState::Killed: return IM_COL32(45, 45, 50, 255);      // near black: daemon killed
    case ThreadState::Failed: return IM_COL32(190, 0, 140, 255);     // magenta: exception
    }
    return IM_COL32(128, 128, 128, 255);
}

ImU32 state_text_color(ThreadState s) {
    switch (s) {
    case ThreadState::New:
    case ThreadState::Ready:
    case ThreadState::Waiting: return IM_COL32(0, 0, 0, 255);
    default: return IM_COL32(255, 255, 255, 255);
    }
}

int state_priority(ThreadState s) {
    switch (s) {
    case ThreadState::Blocked: return 9;
    case ThreadState::Failed: return 8;
    case ThreadState::Waiting: return 7;
    case ThreadState::Running: return 6;
    case ThreadState::IO: return 5;
    case ThreadState::Sleeping: return 4;
    case ThreadState::Ready: return 3;
    case ThreadState::Killed: return 2;
    case ThreadState::Done: return 1;
    case ThreadState::New: return 0;
    }
    return 0;
}

ImU32 palette::process_color(uint32_t pid) {
    static constexpr ImU32 kHues[] = {IM_COL32(0, 120, 140, 255), IM_COL32(150, 80, 0, 255),
                                      IM_COL32(90, 60, 170, 255), IM_COL32(0, 110, 60, 255),
                                      IM_COL32(170, 40, 90, 255), IM_COL32(60, 90, 130, 255)};
    return kHues[(pid + std::size(kHues) - 1) % std::size(kHues)];
}

void apply_theme(ImGuiStyle& style) {
    ImGui::StyleColorsLight(&style);
    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = ImVec4(0.06f, 0.06f, 0.08f, 1.0f);
    c[ImGuiCol_TextDisabled] = ImVec4(0.35f, 0.36f, 0.40f, 1.0f);
    c[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.98f, 1.0f);
    c[ImGuiCol_ChildBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
    c[ImGuiCol_Border] = ImVec4(0.55f, 0.57f, 0.62f, 1.0f);
    c[ImGuiCol_FrameBg] = ImVec4(0.88f, 0.89f, 0.92f, 1.0f);
    c[ImGuiCol_Button] = ImVec4(0.80f, 0.85f, 0.95f, 1.0f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.62f, 0.74f, 0.96f, 1.0f);
    c[ImGuiCol_ButtonActive] = ImVec4(0.45f, 0.62f, 0.95f, 1.0f);
    c[ImGuiCol_Header] = ImVec4(0.70f, 0.80f, 0.97f, 1.0f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.60f, 0.74f, 0.97f, 1.0f);
    c[ImGuiCol_HeaderActive] = ImVec4(0.50f, 0.66f, 0.96f, 1.0f);
    c[ImGuiCol_TitleBgActive] = ImVec4(0.75f, 0.80f, 0.90f, 1.0f);
    // The tab in front must stand out from across a classroom: a clear blue,
    // the others pale grey (a white "folder" tab vanished into the pane).
    c[ImGuiCol_Tab] = ImVec4(0.90f, 0.91f, 0.93f, 1.0f);
    c[ImGuiCol_TabActive] = ImVec4(0.62f, 0.75f, 0.98f, 1.0f);
    c[ImGuiCol_TabHovered] = ImVec4(0.76f, 0.84f, 0.98f, 1.0f);
    c[ImGuiCol_TabUnfocused] = c[ImGuiCol_Tab];
    c[ImGuiCol_TabUnfocusedActive] = c[ImGuiCol_TabActive];
    c[ImGuiCol_SliderGrab] = ImVec4(0.25f, 0.45f, 0.85f, 1.0f);
    c[ImGuiCol_CheckMark] = ImVec4(0.15f, 0.35f, 0.80f, 1.0f);
    style.WindowRounding = 0.0f;
    style.ChildRounding = 4.0f;
    style.FrameRounding = 4.0f;
    style.GrabRounding = 4.0f;
    style.ChildBorderSize = 1.0f;
    style.FrameBorderSize = 1.0f;
    style.FramePadding = ImVec2(8, 4);
    style.ItemSpacing = ImVec2(8, 6);
    style.WindowPadding = ImVec2(8, 8);
    style.ScrollbarSize = 16.0f;
    style.GrabMinSize = 14.0f;
}

}  // namespace tl::gui
