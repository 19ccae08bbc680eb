// The palette of the GUI: one colour per thread state, chosen to stay
// distinguishable on a washed-out classroom projector (strong hue and
// lightness differences, never two greys for two states that matter), and the
// light theme the whole window uses.
#pragma once
#include <imgui.h>

#include "threadlab/event.hpp"

namespace tl::gui {

// Fill colour of a timeline segment / thread chip in this state.
ImU32 state_color(ThreadState s);
// Black or white: whichever reads better on top of state_color(s).
ImU32 state_text_color(ThreadState s);
// How much a state matters when several share one pixel column of the
// timeline: contention wins, so a blocked instant never disappears when zoomed out.
int state_priority(ThreadState s);

namespace palette {
constexpr ImU32 kText = IM_COL32(20, 20, 24, 255);
constexpr ImU32 kTextDim = IM_COL32(80, 84, 96, 255);
constexpr ImU32 kLaneBg = IM_COL32(238, 240, 244, 255);
constexpr ImU32 kLaneBgAlt = IM_COL32(226, 229, 235, 255);
constexpr ImU32 kGrid = IM_COL32(170, 175, 185, 255);
constexpr ImU32 kAlert = IM_COL32(210, 20, 30, 255);      // waits, deadlock, broken barrier
constexpr ImU32 kAlertBg = IM_COL32(255, 226, 226, 255);
constexpr ImU32 kGood = IM_COL32(20, 150, 60, 255);
constexpr ImU32 kSlotEmpty = IM_COL32(250, 250, 252, 255);
constexpr ImU32 kSlotBorder = IM_COL32(60, 64, 76, 255);
constexpr ImU32 kItem = IM_COL32(255, 196, 60, 255);     // a queue item
constexpr ImU32 kCodeBg = IM_COL32(246, 247, 250, 255);
constexpr ImU32 kCodeLine = IM_COL32(255, 243, 190, 255); // a line some thread is on
constexpr ImU32 kInlineCodeBg = IM_COL32(230, 232, 240, 255);
constexpr ImU32 kLiveEdge = IM_COL32(30, 30, 30, 255);
constexpr ImU32 kFutureDone = IM_COL32(25, 95, 190, 255);  // a future with its result
constexpr ImU32 kHandoff = IM_COL32(20, 20, 24, 255);      // GIL hand-over connector
constexpr ImU32 kDropRequest = IM_COL32(0, 150, 170, 255); // GIL drop request marker
// A hue per process (pid 1, 2, ...), for the lane labels; pid 0 has none.
ImU32 process_color(uint32_t pid);
}  // namespace palette

// Applies the light, high-contrast theme to the current ImGui style
// (unscaled sizes; the caller scales afterwards).
void apply_theme(ImGuiStyle& style);

}  // namespace tl::gui
