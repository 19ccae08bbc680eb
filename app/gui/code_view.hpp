// The code pane: the scenario's Python listing (or the student's file) with
// line numbers, and on each line a chip for every thread that is there now,
// in its state colour.
#pragma once
#include <string>
#include <vector>

#include "gui/trace_index.hpp"
#include "threadlab/reduce.hpp"

namespace tl::gui {

// The line a program's error is on (a Python program's uncaught exception or
// SyntaxError): highlighted in red with the error beside it.
struct CodeError {
    int line = 0;       // 0: none
    std::string text;   // "ValueError: main fails here"
};

// `follow`: while the run goes, scroll so that the lines where threads are
// stay in view (unless the mouse is over the pane: the user is reading).
// An error line is scrolled into view once, when it appears.
void draw_code(const std::vector<std::string>& lines, const World& world, const TraceIndex& index, bool follow,
               const CodeError& error = {});

}  // namespace tl::gui
