// The turns a deterministic run has given so far, for the manual policy's
// "who runs next" row: which thread got to run, and at which line, in order
// (each `running` state of the log is a turn: the thread the scheduler, or
// the student's pick, let run). A student stepping through a race reads the
// interleaving back ("T1 14 -> T2 14 -> T1 15") instead of remembering it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "threadlab/event_log.hpp"

namespace tl::gui {

struct Turn {
    uint32_t tid = 0;
    uint16_t line = 0;  // the line it was at when it got to run (0: none yet)
};

// The turns among the first `upto` events, oldest first.
std::vector<Turn> turns(const EventLog& log, size_t upto = SIZE_MAX);

// "T1 14 -> T2 14 -> T1 15": the last `most` turns with the labels given
// (label(tid)), "... " in front when there were more.
template <class Label>
std::string turns_text(const std::vector<Turn>& all, size_t most, Label label) {
    std::string out;
    const size_t first = all.size() > most ? all.size() - most : 0;
    if (first > 0) out = "\xE2\x80\xA6 ";
    for (size_t i = first; i < all.size(); ++i) {
        if (i > first) out += " \xE2\x86\x92 ";
        out += label(all[i].tid);
        if (all[i].line > 0) out += " " + std::to_string(all[i].line);
    }
    return out;
}

}  // namespace tl::gui
