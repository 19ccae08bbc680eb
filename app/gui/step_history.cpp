#include "gui/step_history.hpp"

#include <algorithm>

namespace tl::gui {

std::vector<Turn> turns(const EventLog& log, size_t upto) {
    std::vector<Turn> out;
    const size_t n = std::min(upto, log.size());
    for (size_t i = 0; i < n; ++i) {
        const LogEvent& e = log[i];
        if (e.kind != EvKind::State || e.thread == kNone) continue;
        if (static_cast<ThreadState>(e.code) != ThreadState::Running) continue;
        if (!out.empty() && out.back().tid == e.thread) continue;  // still its turn (back from an engine call)
        out.push_back({e.thread, e.line});
    }
    return out;
}

}  // namespace tl::gui
