#include "gui/frame_cost.hpp"

#include <time.h>

#include <cstring>

namespace tl::gui {

FrameCost::FrameCost(const char* renderer) {
    if (renderer)
        software_ = std::strstr(renderer, "llvmpipe") || std::strstr(renderer, "softpipe") ||
                    std::strstr(renderer, "Software Rasterizer") || std::strstr(renderer, "SWR");
}

double FrameCost::now() const {
    timespec t{};
    clock_gettime(software_ ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

void FrameCost::frame_started() {
    const double cpu = now();
    const auto wall = std::chrono::steady_clock::now();
    // After a pause (nothing to draw for a while) the time between frames is
    // mostly idle polling: not what a frame costs while frames keep coming.
    if (started_ && wall - last_wall_ < std::chrono::seconds(1)) {
        const double cost = cpu - last_cpu_;
        // Each frame moves the average a quarter of the way: a few frames
        // after the window grows or a busy view opens, the pacing has caught up.
        average_ = any_ ? average_ + 0.25 * (cost - average_) : cost;
        any_ = true;
    }
    started_ = true;
    last_cpu_ = cpu;
    last_wall_ = wall;
}

}  // namespace tl::gui
