// The output pane: print() lines with the printing thread's name, and the
// excepthook texts of threads that died of an exception, in red. For a
// Python program: its stderr lines (tracebacks) in red, and at the end how
// it ended (its exit status, the error and its line, a SyntaxError that kept
// it from running, a stop, a crash).
#pragma once
#include <string>

#include "gui/trace_index.hpp"
#include "gui/ui_state.hpp"
#include "runner/python_run.hpp"
#include "threadlab/reduce.hpp"

namespace tl::gui {

// What the pane tells about a Python program's run beyond its output.
struct ProgramStatus {
    bool python = false;                             // the run is a Python program's
    const runner::PythonOutcome* outcome = nullptr;  // once it has ended
    std::string start_error;                         // why it could not start
    bool deadlocked = false;
};

void draw_output(const World& world, const TraceIndex& index, UiState& ui, const ProgramStatus& program = {});

// "line 14" / "第 14 行".
std::string line_label(int line);

}  // namespace tl::gui
