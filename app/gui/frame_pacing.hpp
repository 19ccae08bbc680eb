// When the interactive window draws a frame, and how long it waits
// otherwise (issue 9, "light on the CPU"). A frame costs the same whether
// or not anything on it changed, so the window draws only when the picture
// can differ from the last one, and never faster than a cap:
//   - a user input (a key, the pointer, a resize): at most `input_fps`, so
//     typing and dragging feel immediate;
//   - the session changed (new events in the log, a run ended, checks came
//     in), a run is live (its live edge moves with the clock even while
//     every thread sleeps), or ImGui is settling after a change: at most
//     `live_fps`;
//   - a blinking text cursor alone: at most `blink_fps`;
//   - nothing: no frame; wait for an input for up to `idle_wait_s`, then
//     look at the session again (a background thread may have changed it).
// Frames drawn for any reason but an input are also held to `cpu_budget`
// (a share of one core) given what a frame has been costing: with a GPU a
// frame is a millisecond or two of the GUI thread and the caps decide;
// under a software renderer (Mesa's llvmpipe, as under Xvfb) a 1600x900
// frame is about 30 ms of rasterizing, and 30 fps would take a whole core.
// Never slower than `min_fps` for those, so a new event shows within
// 1/min_fps s however dear frames are.
// A pure function, so the decision is tested without a window; `--frames N`
// (scripts, screenshots) does not use it and draws every frame.
#pragma once

namespace tl::gui {

struct PacingConfig {
    double input_fps = 60;
    double live_fps = 30;
    double blink_fps = 5;        // ImGui's cursor blinks 0.8 s on, 0.4 s off
    double idle_wait_s = 0.1;    // how late a change made by another thread may show
    double cpu_budget = 0.12;    // of one core, for frames no input asked for (the aim is 15%:
                                 // the estimate lags a frame or two behind)
    double min_fps = 4;          // ... but at least this rate while there is a reason to draw
};

struct PacingInput {
    bool input = false;          // a user input arrived since the last frame drawn
    bool new_events = false;     // the session changed since the last frame drawn
    bool animating = false;      // the picture moves by itself (ImGui settling after a change)
    bool run_live = false;       // a run is going: its live edge moves with the clock
    bool blinking = false;       // a text field has the keyboard: its cursor blinks
    double since_last_frame = 1e9;  // seconds since the last frame was drawn
    double frame_cpu_s = 0;      // what a frame has been costing, CPU seconds (0: unknown)
};

struct PacingDecision {
    bool draw = false;
    double wait_s = 0;           // when not drawing: how long to wait for an input before asking again
};

PacingDecision decide_frame(const PacingInput& in, const PacingConfig& cfg = {});

// Frames drawn after the last input or change, whatever else happens: ImGui
// 1.86 shows the result of a click one frame after it, and lays out a newly
// opened popup or window over two frames before it is visible.
constexpr int kSettleFrames = 3;

}  // namespace tl::gui
