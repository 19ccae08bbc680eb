// What a drawn frame costs in CPU time, for frame pacing's CPU budget
// (gui/frame_pacing.hpp): all the CPU time spent from one frame's start to
// the next's, so that polling the session and waiting between frames count
// too, and a budget of 12% of a core gives about 12%. With a GPU, the GUI thread's
// time (building the draw lists, handing them over, polling). With a software
// renderer (Mesa's llvmpipe or softpipe, as under Xvfb) rasterizing is CPU
// work in other threads of this process, so the whole process's time (which
// then also counts a Python run's log receiver: the estimate errs towards fewer frames on a machine that
// is busy anyway).
#pragma once
#include <chrono>

namespace tl::gui {

class FrameCost {
public:
    // `renderer`: glGetString(GL_RENDERER) of the window's context.
    explicit FrameCost(const char* renderer);
    // At the start of each frame drawn.
    void frame_started();
    // A moving average over the last frames, CPU seconds (0 before the second).
    double per_frame() const { return average_; }
    bool software() const { return software_; }

private:
    double now() const;
    bool software_ = false;
    double last_cpu_ = 0;
    std::chrono::steady_clock::time_point last_wall_;
    bool started_ = false, any_ = false;
    double average_ = 0;
};

}  // namespace tl::gui
