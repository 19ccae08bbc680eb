#include "gui/colors.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace tl::gui {

ImU32 state_color(ThreadState s) { return look_color(look_of(s)); }

ImU32 look_color(Look l) {
    // Checked by the palette test (tests/gui/unit_palette.cpp): every pair at
    // least 20 apart (Delta E), the full bars 10 apart for colour-blind eyes.
    switch (l) {
    case Look::New: return IM_COL32(190, 194, 204, 255);      // pale grey: not started
    case Look::Ready: return IM_COL32(255, 221, 87, 255);     // yellow: could run, waits for a CPU
    case Look::Running: return IM_COL32(34, 170, 76, 255);    // green: on the CPU
    case Look::Blocked: return IM_COL32(220, 30, 40, 255);    // red (striped): stuck on a lock
    case Look::Waiting: return IM_COL32(245, 130, 20, 255);   // orange: waits for a signal
    case Look::Sleeping: return IM_COL32(70, 140, 235, 255);  // blue: time.sleep
    case Look::IO: return IM_COL32(205, 150, 235, 255);       // lilac: blocking I/O (lighter than the blue)
    case Look::Done: return IM_COL32(120, 124, 134, 255);     // grey: finished
    case Look::Killed: return IM_COL32(45, 45, 50, 255);      // near black: killed
    case Look::Failed: return IM_COL32(190, 0, 140, 255);     // magenta: exception
    case Look::Joining: return IM_COL32(245, 130, 20, 255);   // waiting's orange, thin
    case Look::Idle: return IM_COL32(60, 160, 150, 255);      // teal, half height: a worker with no work
    }
    return IM_COL32(128, 128, 128, 255);
}

Look segment_look(ThreadState s, ObjKind waited_kind, bool idle_wait) {
    if (s == ThreadState::Waiting && idle_wait) return Look::Idle;
    if (s == ThreadState::Waiting && waited_kind == ObjKind::Thread) return Look::Joining;
    return look_of(s);
}

float look_height(Look l) {
    switch (l) {
    case Look::New:
    case Look::Done:
    case Look::Killed:
    case Look::Failed: return 0.28f;
    case Look::Joining: return 0.36f;
    case Look::Idle: return 0.5f;
    default: return 1.0f;
    }
}

int look_priority(Look l) {
    switch (l) {
    case Look::Blocked: return 11;
    case Look::Failed: return 10;
    case Look::Waiting: return 9;
    case Look::Running: return 8;
    case Look::IO: return 7;
    case Look::Sleeping: return 6;
    case Look::Ready: return 5;
    case Look::Joining: return 4;
    case Look::Idle: return 3;
    case Look::Killed: return 2;
    case Look::Done: return 1;
    case Look::New: return 0;
    }
    return 0;
}

bool look_striped(Look l) { return l == Look::Blocked; }

ImU32 state_text_color(ThreadState s) {
    switch (s) {
    case ThreadState::New:
    case ThreadState::Ready:
    case ThreadState::Waiting:
    case ThreadState::IO: return IM_COL32(0, 0, 0, 255);
    default: return IM_COL32(255, 255, 255, 255);
    }
}

int state_priority(ThreadState s) { return look_priority(look_of(s)); }

namespace {
struct Lab {
    double l, a, b;
};
double to_linear(double u) { return u > 0.04045 ? std::pow((u + 0.055) / 1.055, 2.4) : u / 12.92; }
double to_srgb(double v) {
    v = std::clamp(v, 0.0, 1.0);
    return v <= 0.0031308 ? 12.92 * v : 1.055 * std::pow(v, 1 / 2.4) - 0.055;
}
void linear_rgb(ImU32 c, double rgb[3]) {
    for (int i = 0; i < 3; ++i) rgb[i] = to_linear(static_cast<double>((c >> (8 * i)) & 0xFF) / 255.0);
}
Lab lab_of(ImU32 c) {
    double rgb[3];
    linear_rgb(c, rgb);
    const double x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
    const double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    const double z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
    auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0; };
    return Lab{116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
}
}  // namespace

double delta_e(ImU32 a, ImU32 b) {
    const Lab p = lab_of(a), q = lab_of(b);
    return std::sqrt((p.l - q.l) * (p.l - q.l) + (p.a - q.a) * (p.a - q.a) + (p.b - q.b) * (p.b - q.b));
}

ImU32 simulate_cvd(ImU32 c, bool protan) {
    static constexpr double kDeutan[3][3] = {
        {0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}};
    static constexpr double kProtan[3][3] = {
        {0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}};
    const auto& m = protan ? kProtan : kDeutan;
    double rgb[3];
    linear_rgb(c, rgb);
    int out[3];
    for (int i = 0; i < 3; ++i)
        out[i] = static_cast<int>(std::lround(255 * to_srgb(m[i][0] * rgb[0] + m[i][1] * rgb[1] + m[i][2] * rgb[2])));
    return IM_COL32(out[0], out[1], out[2], 255);
}

const std::vector<PaletteEntry>& meaningful_colors() {
    static const std::vector<PaletteEntry> kAll = [] {
        std::vector<PaletteEntry> v;
        static constexpr const char* kNames[kLookCount] = {"new",  "ready", "running", "blocked", "waiting", "sleeping",
                                                           "io",   "done",  "killed",  "failed",  "joining", "idle"};
        for (int i = 0; i < kLookCount; ++i) {
            const Look l = static_cast<Look>(i);
            if (l == Look::Joining) continue;  // waiting's colour on purpose, told apart by its height
            v.push_back({kNames[i], look_color(l), look_height(l) >= 1.0f});
        }
        v.push_back({"queue item", palette::kItemFill, false});
        v.push_back({"empty slot", palette::kSlotEmpty, false});
        v.push_back({"event set / future finished / barrier tripped", palette::kEventSet, false});
        v.push_back({"GIL drop request", palette::kDropRequest, false});
        return v;
    }();
    return kAll;
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
