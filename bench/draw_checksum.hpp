// A checksum of the last frame's draw data, for the GUI benchmarks: a change
// made for speed must leave it as it was (compare it between the builds).
#pragma once
#include <imgui.h>

#include <cstddef>
#include <cstdint>

namespace tl::bench {

// A checksum of the frame's draw data (vertices, indices, draw commands; not
// the texture's address): a change made for speed must leave it as it was.
// 52 bits, so that a counter (a double) shows it exactly.
inline double draw_checksum() {
    uint64_t h = 1469598103934665603ull;
    auto mix = [&h](const void* p, size_t n) {
        for (size_t i = 0; i < n; ++i) h = (h ^ static_cast<const unsigned char*>(p)[i]) * 1099511628211ull;
    };
    const ImDrawData* d = ImGui::GetDrawData();
    for (int l = 0; l < d->CmdListsCount; ++l) {
        const ImDrawList* dl = d->CmdLists[l];
        mix(dl->VtxBuffer.Data, size_t(dl->VtxBuffer.Size) * sizeof(ImDrawVert));
        mix(dl->IdxBuffer.Data, size_t(dl->IdxBuffer.Size) * sizeof(ImDrawIdx));
        for (const ImDrawCmd& c : dl->CmdBuffer) {
            mix(&c.ClipRect, sizeof c.ClipRect);
            mix(&c.VtxOffset, sizeof c.VtxOffset);
            mix(&c.IdxOffset, sizeof c.IdxOffset);
            mix(&c.ElemCount, sizeof c.ElemCount);
        }
    }
    return double(h & ((1ull << 52) - 1));
}

}  // namespace tl::bench
