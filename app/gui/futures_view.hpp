// The futures board: every concurrent.futures.Future (and every pool
// AsyncResult) as a card on a kanban board whose columns are its states,
// PENDING -> RUNNING -> FINISHED (a result, or the exception it raised) /
// CANCELLED, so a class sees the work move from left to right as the pool
// takes it. A card tells its result or error, the worker running it, the
// callbacks that fired, and who is waiting in result() for it.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "gui/trace_index.hpp"
#include "threadlab/reduce.hpp"

namespace tl::gui {

enum class CardColumn { Pending, Running, Finished, Cancelled };
constexpr size_t kCardColumns = 4;

struct FutureCard {
    uint32_t id = kNone;
    bool raised = false;     // finished with an exception
    Nanos changed = 0;       // its latest transition
    uint64_t order = 0;      // creation order
};

struct FutureBoard {
    // Pending: oldest first (the next one a worker takes is on top);
    // the others: the latest transition first, so a card that moves appears on top.
    std::array<std::vector<FutureCard>, kCardColumns> columns;
    size_t total = 0;
};

// The column of a future in World (FutureState numbering: 0 PENDING,
// 1 RUNNING, 2/3 CANCELLED, 4 FINISHED).
CardColumn column_of(const ObjectView& future);

FutureBoard build_future_board(const World& world, const TraceIndex& index);

// Draws the board into the current window, filling it. Columns show as many
// cards as fit and count the rest, so hundreds of futures stay cheap.
void draw_futures(const World& world, const TraceIndex& index);

}  // namespace tl::gui
