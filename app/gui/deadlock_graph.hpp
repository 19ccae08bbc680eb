// The wait-for graph of a reported deadlock, as data: threads and the
// objects they wait on as nodes, "waits for" (thread -> object) and "held by"
// (object -> its holder) as arrows, the cycle marked. Built from the World's
// Deadlock records and laid out here without drawing anything, so tests can
// check the picture's decisions (who is on the cycle, where each node goes,
// that no two nodes overlap); deadlock_graph_view draws it.
//
// A thread waiting to join another points straight at that thread ("joins"):
// a Thread object as a node of its own would only repeat the name.
// Once the stuck threads are ended (killed), their locks stay locked with no
// live owner: the arrow is "abandoned by" (drawn dashed), not "held by".
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "gui/trace_index.hpp"
#include "threadlab/reduce.hpp"

namespace tl::gui {

enum class WaitNodeKind : uint8_t { Thread, Object };
enum class WaitArrowKind : uint8_t { WaitsFor, HeldBy, AbandonedBy, Joins };

struct WaitNode {
    WaitNodeKind kind = WaitNodeKind::Thread;
    uint32_t id = kNone;        // tid or object id
    bool in_cycle = false;
    int cycle_pos = -1;         // place along the cycle (0 = its first thread), -1 off it
    ThreadState state = ThreadState::New;  // threads: their state in the world
    bool abandoned = false;     // objects: locked by a thread that has ended
    // Filled by layout_wait_graph: centre and size, in pixels from the area's top left.
    float x = 0, y = 0, w = 0, h = 0;
};

struct WaitArrow {
    size_t from = 0, to = 0;    // node indices
    WaitArrowKind kind = WaitArrowKind::WaitsFor;
    bool in_cycle = false;
    bool reverse_exists = false;  // an arrow the other way between the same nodes (bend both apart)
};

struct WaitGraph {
    std::vector<WaitNode> nodes;
    std::vector<WaitArrow> arrows;
    size_t cycle_nodes = 0;     // nodes on the cycle
    bool empty() const { return nodes.empty(); }
};

// The graph of the world's deadlock (empty when it has none).
WaitGraph build_wait_graph(const World& world, const TraceIndex& index);

// Places the nodes (their w and h set by the caller) in a width x height
// area: the cycle clockwise round the border of a grid from the top left (two
// rows when the pane is wide, a racetrack; two columns when it is narrow),
// the threads off the cycle in rows below it. Returns the height used: at
// most `height` when the nodes fit, more when they cannot (never overlapping).
float layout_wait_graph(WaitGraph& graph, float width, float height, float gap);

// The deadlock in words, in the current language:
// "deadlock cycle: teller-1 waits for lock-2 held by teller-2; ..." /
// "死锁环：teller-1 等待 lock-2（由 teller-2 持有）；……". "" when none.
std::string deadlock_sentence(const World& world, const TraceIndex& index);

}  // namespace tl::gui
