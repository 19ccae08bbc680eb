// The wait-for graph drawn (issue 9): when the world has a deadlock, the
// objects pane opens with it. Threads are chips in their state colour,
// locks and other objects boxes with a padlock; "waits for" and "held by"
// are arrows, the cycle's thick and red (and labelled, so its colour is not
// the only cue), an abandoned lock's arrow dashed grey. Under the picture,
// the cycle in words in the current language.
#pragma once
#include "gui/trace_index.hpp"
#include "threadlab/reduce.hpp"

namespace tl::gui {

// Draws the graph across the current window's width; nothing when the world
// has no deadlock. Returns whether it drew.
bool draw_deadlock_graph(const World& world, const TraceIndex& index);

}  // namespace tl::gui
