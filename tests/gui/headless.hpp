// A Dear ImGui context with no window and no renderer, the way the benchmark
// times the views: frames are built and laid out, draw lists filled, nothing
// is shown. One per test case.
#pragma once
#include <imgui.h>

namespace tl::gui::testing {

struct Headless {
    static constexpr float kWidth = 1600, kHeight = 900;

    Headless() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(kWidth, kHeight);
        io.IniFilename = nullptr;
        io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;  // big draw lists, as the OpenGL3 backend allows
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->AddFontDefault();
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~Headless() { ImGui::DestroyContext(); }
    Headless(const Headless&) = delete;
    Headless& operator=(const Headless&) = delete;

    // One frame with `body` drawing into a window filling the display.
    template <class Body>
    void frame(Body body) {
        ImGui::GetIO().DeltaTime = 1.0f / 60;
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(kWidth, kHeight));
        ImGui::Begin("view", nullptr, ImGuiWindowFlags_NoDecoration);
        body();
        ImGui::End();
        ImGui::Render();
    }
};

}  // namespace tl::gui::testing
