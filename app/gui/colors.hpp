// The palette of the GUI: one colour per thread state, chosen to stay
// distinguishable on a washed-out classroom projector (strong hue and
// lightness differences, never two greys for two states that matter), and the
// light theme the whole window uses.
#pragma once
#include <imgui.h>

#include <vector>

#include "threadlab/event.hpp"

namespace tl::gui {

// Fill colour of a timeline segment / thread chip in this state.
ImU32 state_color(ThreadState s);

// What a stretch of a lane looks like: a thread state, or one of two kinds
// of waiting drawn apart from it. A pool worker waiting for work is idle (it
// has nothing to do, it is not stuck: its own colour, half height), and a
// thread waiting in join() is drawn thin in the waiting colour, so that
// MainThread's long join does not top the timeline.
enum class Look : uint8_t { New, Ready, Running, Blocked, Waiting, Sleeping, IO, Done, Killed, Failed, Joining, Idle };
constexpr int kLookCount = 12;
constexpr Look look_of(ThreadState s) { return static_cast<Look>(s); }
// The look of a segment: its state, made Joining when it waits on a Thread
// object and Idle when `idle_wait` (the caller knows the pool's work queues).
Look segment_look(ThreadState s, ObjKind waited_kind, bool idle_wait);
ImU32 look_color(Look l);
// Height of its bar as a fraction of a full one: the states that matter
// fill the lane; ended threads, joins and idle workers do not.
float look_height(Look l);
// When several looks share one pixel column, the most important wins.
int look_priority(Look l);
// Blocked bars are striped too: red against green is not the only cue.
bool look_striped(Look l);

// Perceptual distance between two colours (CIE76 Delta E in CIELAB, alpha
// ignored): about 2 is just noticeable, 20 tells apart at a glance.
double delta_e(ImU32 a, ImU32 b);
// The colour as a viewer with deuteranopia (protan false) or protanopia sees
// it (Machado et al. 2009, severity 1).
ImU32 simulate_cvd(ImU32 c, bool protan);

// Every colour that carries a meaning, named, for the distinctness test:
// each look that has a colour of its own, and the objects pane's colours
// (queue item, empty slot, event set, finished future, GIL drop request).
struct PaletteEntry {
    const char* name;
    ImU32 color;
    bool full_bar;  // a full-height timeline bar (the shape cannot tell it apart)
};
const std::vector<PaletteEntry>& meaningful_colors();
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
// The program's phases (threadlab.phase): bands under the axis, lines through the lanes.
constexpr ImU32 kPhaseBand = IM_COL32(214, 222, 236, 255);
constexpr ImU32 kPhaseBandAlt = IM_COL32(232, 236, 244, 255);
constexpr ImU32 kPhaseLine = IM_COL32(70, 80, 100, 200);
constexpr ImU32 kAlert = IM_COL32(210, 20, 30, 255);      // waits, deadlock, broken barrier
constexpr ImU32 kAlertBg = IM_COL32(255, 226, 226, 255);
constexpr ImU32 kGood = IM_COL32(20, 150, 60, 255);       // a check passed (never on the timeline or an object)
constexpr ImU32 kSlotEmpty = IM_COL32(250, 250, 252, 255);
constexpr ImU32 kSlotBorder = IM_COL32(60, 64, 76, 255);
constexpr ImU32 kItem = IM_COL32(255, 196, 60, 255);     // a queue item
constexpr ImU32 kCodeBg = IM_COL32(246, 247, 250, 255);
constexpr ImU32 kCodeLine = IM_COL32(255, 243, 190, 255); // a line some thread is on
constexpr ImU32 kInlineCodeBg = IM_COL32(230, 232, 240, 255);
constexpr ImU32 kLiveEdge = IM_COL32(30, 30, 30, 255);
constexpr ImU32 kScrubCursor = IM_COL32(150, 30, 190, 255);  // the scrubber's moment on the timeline (no state is purple)
constexpr ImU32 kFutureDone = IM_COL32(25, 60, 150, 255);  // a future with its result
constexpr ImU32 kEventSet = IM_COL32(25, 60, 150, 255);    // an Event's flag raised (no state is navy)
constexpr ImU32 kItemFill = IM_COL32(222, 184, 135, 255);  // a queue item: no state is tan
constexpr ImU32 kBarrierTrip = IM_COL32(25, 60, 150, 255); // the mark where a barrier let its parties go
constexpr ImU32 kAbandoned = IM_COL32(120, 124, 134, 255); // a lock whose owner has ended
constexpr ImU32 kHandoff = IM_COL32(20, 20, 24, 255);      // GIL hand-over connector
constexpr ImU32 kDropRequest = IM_COL32(0, 175, 215, 255); // GIL drop request marker
// A hue per process (pid 1, 2, ...), for the lane labels; pid 0 has none.
ImU32 process_color(uint32_t pid);
}  // namespace palette

// Applies the light, high-contrast theme to the current ImGui style
// (unscaled sizes; the caller scales afterwards).
void apply_theme(ImGuiStyle& style);

}  // namespace tl::gui
