#include "gui/gui_meter.hpp"

#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace tl::gui {

namespace {

double seconds(const rusage& u) {
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

// RUSAGE_SELF: every thread of this process, not its children (a Python
// run's program and a lesson's checks.py run in child processes).
double process_cpu() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return seconds(u);
}

double thread_cpu() {
    rusage u{};
    getrusage(RUSAGE_THREAD, &u);
    return seconds(u);
}

}  // namespace

GuiMeter::GuiMeter()
    : start_(std::chrono::steady_clock::now()), cpu_start_(process_cpu()), thread_cpu_start_(thread_cpu()) {
    if (const char* s = std::getenv("THREADLAB_GUI_STATS")) stats_ = *s && std::strcmp(s, "0") != 0;
    if (const char* s = std::getenv("THREADLAB_GUI_EXIT_AFTER")) {
        char* end = nullptr;
        const double v = std::strtod(s, &end);
        if (end != s && v > 0) exit_after_ = v;
    }
    if (const char* s = std::getenv("THREADLAB_GUI_PACING")) always_draw_ = std::strcmp(s, "always") == 0;
}

bool GuiMeter::expired() const {
    return exit_after_ &&
           std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count() >= *exit_after_;
}

void GuiMeter::report() const {
    if (!stats_) return;
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double cpu = process_cpu() - cpu_start_;
    const double gui = thread_cpu() - thread_cpu_start_;
    std::fprintf(stderr,
                 "threadlab gui stats: frames %ld, wall %.2f s, %.1f fps, process cpu %.2f s (%.1f%% of a core), "
                 "gui thread cpu %.2f s (%.1f%%)\n",
                 frames_, wall, wall > 0 ? frames_ / wall : 0.0, cpu, wall > 0 ? 100 * cpu / wall : 0.0, gui,
                 wall > 0 ? 100 * gui / wall : 0.0);
}

}  // namespace tl::gui
