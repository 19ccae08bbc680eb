// A measurement mode for the window's own cost (docs/BENCHMARKS.md, section
// 10), switched on by environment variables so that no user-facing flag
// exists for it:
//   THREADLAB_GUI_STATS=1         at exit, one line on stderr: frames drawn,
//                                 wall time, and the CPU time of this process
//                                 (every thread: the GUI thread, Mesa's
//                                 rasterizer threads, a Python run's log
//                                 receiver; the run's child processes are not
//                                 counted) and of the GUI thread alone;
//   THREADLAB_GUI_EXIT_AFTER=S    an interactive window closes itself after S
//                                 seconds (a time-bounded run, paced as a
//                                 user's window is, unlike --frames N);
//   THREADLAB_GUI_PACING=always   draw every frame at 60 fps, as the window
//                                 did before frame pacing (the baseline).
#pragma once
#include <chrono>
#include <optional>

namespace tl::gui {

class GuiMeter {
public:
    GuiMeter();  // reads the environment; the clocks start here
    // Seconds after which the window closes itself, if asked.
    std::optional<double> exit_after() const { return exit_after_; }
    bool always_draw() const { return always_draw_; }
    bool expired() const;
    void frame_drawn() { ++frames_; }
    // Prints the line, when asked. Call on the GUI thread.
    void report() const;

private:
    std::chrono::steady_clock::time_point start_;
    double cpu_start_ = 0, thread_cpu_start_ = 0;
    std::optional<double> exit_after_;
    bool stats_ = false;
    bool always_draw_ = false;
    long frames_ = 0;
};

}  // namespace tl::gui
