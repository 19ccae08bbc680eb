// The code pane: the lesson's program (or the student's file) with
// line numbers, and beside them a gutter with a marker for every thread on
// that line, in its state colour and with its short label (thread_labels:
// "W0" for "ThreadPoolExecutor-0_0"; the full name on hover). The markers
// never cover the code.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "gui/code_follow.hpp"
#include "gui/thread_labels.hpp"
#include "gui/trace_index.hpp"
#include "threadlab/reduce.hpp"

namespace tl::gui {

// The line a program's error is on (a Python program's uncaught exception or
// SyntaxError): highlighted in red with the error beside it.
struct CodeError {
    int line = 0;       // 0: none
    std::string text;   // "ValueError: main fails here"
};

// What the pane remembers between frames.
struct CodeViewState {
    std::string key;                 // the listing shown (a lesson's id, a file): a new one scrolls to the top
    ThreadLabels labels;             // for the run `labels_run`
    uint64_t labels_run = 0;
    std::vector<uint16_t> last_line; // each thread's line last frame, to see who moved
    uint32_t mover = UINT32_MAX;     // the thread whose line changed last
    FollowState follow;
};

// Gives labels to the threads of `index` not labelled yet, afresh for a new
// `run`. The timeline's lanes show the same labels as chips (lane_label.hpp):
// it calls this before drawing, so both agree from a run's first frame.
void update_labels(CodeViewState& state, const TraceIndex& index, uint64_t run);

// The thread whose line changed since `last_line` (updated to `world`'s);
// `mover` when none did. When several did, the highest tid: the newest
// thread, usually a worker the lesson is about.
uint32_t moved_thread(const World& world, std::vector<uint16_t>& last_line, uint32_t mover);

// The threads on a line of the listing, as (label, full name) for the key
// under the pane: only those whose label is not their name, in tid order.
std::vector<std::pair<std::string, std::string>> label_key(const World& world, const TraceIndex& index,
                                                           const ThreadLabels& labels, size_t line_count);

// `follow`: keep the lines where threads are in view (code_follow), unless
// the mouse is over the pane (the user is reading). An error line is
// scrolled into view once, when it appears. `key` names the listing: when it
// changes the pane starts at the top. `run`: the run the world is of (labels
// are given afresh for each).
void draw_code(const std::vector<std::string>& lines, const World& world, const TraceIndex& index, bool follow,
               const CodeError& error, CodeViewState& state, const std::string& key = {}, uint64_t run = 0);
// Without a state kept between frames (tests): no follow memory, fresh labels.
void draw_code(const std::vector<std::string>& lines, const World& world, const TraceIndex& index, bool follow,
               const CodeError& error = {});

}  // namespace tl::gui
