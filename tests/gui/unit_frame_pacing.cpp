// The interactive window's redraw decision (issue 9, "light on the CPU"):
// no frame when nothing changed, a cap on the rate otherwise, and inputs and
// new events shown within a frame of the cap.
#include <catch2/catch.hpp>

#include "gui/frame_pacing.hpp"

using namespace tl::gui;

namespace {

PacingInput quiet(double since) {
    PacingInput in;
    in.since_last_frame = since;
    return in;
}

}  // namespace

TEST_CASE("frame pacing: nothing changed, no run: no frame, however long since the last", "[gui][pacing]") {
    const PacingConfig cfg;
    for (double since : {0.0, 0.02, 1.0, 3600.0}) {
        const PacingDecision d = decide_frame(quiet(since), cfg);
        CHECK_FALSE(d.draw);
        // It waits for an input, and looks at the session again after idle_wait_s.
        CHECK(d.wait_s == Approx(cfg.idle_wait_s));
    }
}

TEST_CASE("frame pacing: a live run draws at the live cap, not faster", "[gui][pacing]") {
    PacingConfig cfg;
    cfg.live_fps = 30;
    PacingInput in = quiet(0.010);
    in.run_live = true;
    PacingDecision d = decide_frame(in, cfg);
    CHECK_FALSE(d.draw);
    CHECK(d.wait_s == Approx(1.0 / 30 - 0.010));  // the rest of the frame interval
    in.since_last_frame = 1.0 / 30;
    CHECK(decide_frame(in, cfg).draw);
    in.since_last_frame = 0.5;
    d = decide_frame(in, cfg);
    CHECK(d.draw);
    CHECK(d.wait_s == 0);
}

TEST_CASE("frame pacing: new events and ImGui settling draw at the live cap, run or not", "[gui][pacing]") {
    PacingConfig cfg;
    cfg.live_fps = 30;
    for (int which = 0; which < 2; ++which) {
        PacingInput in = quiet(0.020);
        (which == 0 ? in.new_events : in.animating) = true;
        CHECK_FALSE(decide_frame(in, cfg).draw);  // 20 ms < 33 ms
        in.since_last_frame = 0.034;
        CHECK(decide_frame(in, cfg).draw);
    }
}

TEST_CASE("frame pacing: an input draws at the input cap, ahead of the live cap", "[gui][pacing]") {
    PacingConfig cfg;
    cfg.input_fps = 60;
    cfg.live_fps = 30;
    PacingInput in = quiet(0.020);  // past 1/60 s, short of 1/30 s
    in.run_live = true;
    CHECK_FALSE(decide_frame(in, cfg).draw);
    in.input = true;
    CHECK(decide_frame(in, cfg).draw);
    in.since_last_frame = 0.005;  // too soon even for an input: wait out the 1/60 s
    const PacingDecision d = decide_frame(in, cfg);
    CHECK_FALSE(d.draw);
    CHECK(d.wait_s == Approx(1.0 / 60 - 0.005));
}

TEST_CASE("frame pacing: a blinking cursor alone draws slowly", "[gui][pacing]") {
    PacingConfig cfg;
    cfg.blink_fps = 5;
    PacingInput in = quiet(0.1);
    in.blinking = true;
    PacingDecision d = decide_frame(in, cfg);
    CHECK_FALSE(d.draw);
    CHECK(d.wait_s == Approx(0.1).margin(1e-9));  // the rest of its 0.2 s, capped by idle_wait_s (0.1)
    in.since_last_frame = 0.2;
    CHECK(decide_frame(in, cfg).draw);
}

TEST_CASE("frame pacing: a wait is never longer than idle_wait_s", "[gui][pacing]") {
    // A slow cap must not hide what another thread changed meanwhile.
    PacingConfig cfg;
    cfg.live_fps = 2;  // a 0.5 s interval
    cfg.idle_wait_s = 0.1;
    PacingInput in = quiet(0.0);
    in.run_live = true;
    const PacingDecision d = decide_frame(in, cfg);
    CHECK_FALSE(d.draw);
    CHECK(d.wait_s == Approx(0.1));
}

TEST_CASE("frame pacing: dear frames are spaced out to keep within the CPU budget", "[gui][pacing]") {
    PacingConfig cfg;
    cfg.live_fps = 30;
    cfg.cpu_budget = 0.12;
    cfg.min_fps = 4;
    PacingInput in = quiet(0.1);
    in.run_live = true;
    in.frame_cpu_s = 0.024;  // a software renderer's frame: 0.024 / 0.12 = one frame every 0.2 s
    CHECK_FALSE(decide_frame(in, cfg).draw);
    in.since_last_frame = 0.19;
    CHECK_FALSE(decide_frame(in, cfg).draw);
    in.since_last_frame = 0.2;
    CHECK(decide_frame(in, cfg).draw);
    // A cheap frame (a GPU's): the live cap decides.
    in.frame_cpu_s = 0.002;
    in.since_last_frame = 1.0 / 30;
    CHECK(decide_frame(in, cfg).draw);
}

TEST_CASE("frame pacing: however dear a frame, new events show at min_fps", "[gui][pacing]") {
    PacingConfig cfg;
    cfg.min_fps = 4;
    PacingInput in = quiet(0.24);
    in.new_events = true;
    in.frame_cpu_s = 1.0;  // a budget of 12% would wait 8 s
    CHECK_FALSE(decide_frame(in, cfg).draw);
    in.since_last_frame = 0.25;
    CHECK(decide_frame(in, cfg).draw);
}

TEST_CASE("frame pacing: an input is not held to the CPU budget", "[gui][pacing]") {
    PacingConfig cfg;
    cfg.input_fps = 60;
    PacingInput in = quiet(0.02);
    in.input = true;
    in.run_live = true;
    in.frame_cpu_s = 0.05;
    CHECK(decide_frame(in, cfg).draw);
}
