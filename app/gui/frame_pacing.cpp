#include "gui/frame_pacing.hpp"

#include <algorithm>

namespace tl::gui {

PacingDecision decide_frame(const PacingInput& in, const PacingConfig& cfg) {
    // The shortest interval any reason asks for; 0: no reason to draw.
    double interval = 0;
    double unasked = 0;  // frames no input asked for: the live cap, or the cursor's blink
    if (in.new_events || in.animating || in.run_live) unasked = 1.0 / cfg.live_fps;
    else if (in.blinking) unasked = 1.0 / cfg.blink_fps;
    if (unasked > 0) {
        // The CPU budget stretches the interval, but never past 1/min_fps.
        const double budgeted = cfg.cpu_budget > 0 ? in.frame_cpu_s / cfg.cpu_budget : 0;
        interval = std::min(std::max(unasked, budgeted), std::max(unasked, 1.0 / cfg.min_fps));
    }
    if (in.input) interval = interval > 0 ? std::min(interval, 1.0 / cfg.input_fps) : 1.0 / cfg.input_fps;
    if (interval <= 0) return {false, cfg.idle_wait_s};
    if (in.since_last_frame >= interval) return {true, 0};
    // Too soon: wait out the rest of the interval (an input may still come
    // in meanwhile and ask for a faster rate), but never longer than idle.
    return {false, std::min(interval - in.since_last_frame, cfg.idle_wait_s)};
}

}  // namespace tl::gui
