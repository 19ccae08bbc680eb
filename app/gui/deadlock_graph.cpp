#include "gui/deadlock_graph.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/i18n.hpp"

namespace tl::gui {
namespace {

struct Builder {
    const World& world;
    const TraceIndex& index;
    WaitGraph g;

    size_t node(WaitNodeKind kind, uint32_t id) {
        for (size_t i = 0; i < g.nodes.size(); ++i)
            if (g.nodes[i].kind == kind && g.nodes[i].id == id) return i;
        WaitNode n;
        n.kind = kind;
        n.id = id;
        if (kind == WaitNodeKind::Thread && id < world.threads.size()) n.state = world.threads[id].state;
        if (kind == WaitNodeKind::Object && id < world.objects.size()) n.abandoned = world.objects[id].abandoned;
        g.nodes.push_back(n);
        return g.nodes.size() - 1;
    }
    bool ended(uint32_t tid) const { return tid < world.threads.size() && is_final(world.threads[tid].state); }
    void arrow(size_t from, size_t to, WaitArrowKind kind, bool cycle) {
        for (WaitArrow& a : g.arrows)
            if (a.from == from && a.to == to) {
                a.in_cycle = a.in_cycle || cycle;
                return;
            }
        g.arrows.push_back(WaitArrow{from, to, kind, cycle, false});
    }
    void mark_cycle(size_t n) {
        if (g.nodes[n].in_cycle) return;
        g.nodes[n].in_cycle = true;
        g.nodes[n].cycle_pos = static_cast<int>(g.cycle_nodes++);
    }
    // One wait: the thread, what it waits on, and the holder of that.
    void add(const WaitEdge& e, bool cycle) {
        const size_t t = node(WaitNodeKind::Thread, e.thread);
        if (cycle) mark_cycle(t);
        if (e.object == kNone) return;
        const bool join = index.object_kind(e.object) == ObjKind::Thread ||
                          (e.object < world.objects.size() && world.objects[e.object].kind == ObjKind::Thread);
        if (join && e.holder != kNone) {
            const size_t h = node(WaitNodeKind::Thread, e.holder);
            arrow(t, h, WaitArrowKind::Joins, cycle);
            return;
        }
        const size_t o = node(WaitNodeKind::Object, e.object);
        if (cycle) mark_cycle(o);
        arrow(t, o, WaitArrowKind::WaitsFor, cycle);
        if (e.holder == kNone) return;
        const size_t h = node(WaitNodeKind::Thread, e.holder);
        arrow(o, h, ended(e.holder) ? WaitArrowKind::AbandonedBy : WaitArrowKind::HeldBy, cycle);
    }
};

}  // namespace

WaitGraph build_wait_graph(const World& world, const TraceIndex& index) {
    const auto info = deadlock_from(world);
    if (!info) return {};
    Builder b{world, index, {}};
    // The cycle first, in wait-for order, so its nodes come in the order they
    // are drawn round; then the other stuck threads.
    for (const WaitEdge& e : info->cycle) b.add(e, true);
    for (const WaitEdge& e : info->waiting) b.add(e, false);
    // A locked object whose holder has ended is abandoned even if the world
    // has not said so (a semaphore's unit, a lock before the reducer knew).
    for (const WaitArrow& a : b.g.arrows)
        if (a.kind == WaitArrowKind::AbandonedBy) b.g.nodes[a.from].abandoned = true;
    for (WaitArrow& a : b.g.arrows)
        for (const WaitArrow& r : b.g.arrows)
            if (r.from == a.to && r.to == a.from) a.reverse_exists = true;
    return std::move(b.g);
}

float layout_wait_graph(WaitGraph& g, float width, float height, float gap) {
    if (g.nodes.empty()) return 0;
    float max_w = 0, max_h = 0;
    for (const WaitNode& n : g.nodes) max_w = std::max(max_w, n.w), max_h = std::max(max_h, n.h);
    const size_t n = g.cycle_nodes, off = g.nodes.size() - n;
    // Room between nodes for an arrow and its words: wide across, less down.
    const float hgap = gap * 6.0f, vgap = gap * 1.7f;

    // The cycle goes clockwise round the border of a grid of C columns and
    // R rows, from its top left: along the top, down the right, back along
    // the bottom, up the left. Wide panes make it two rows (a racetrack,
    // as low as a cycle can be drawn); narrow ones two columns.
    const size_t fit = std::max<size_t>(1, static_cast<size_t>((width + hgap) / (max_w + hgap)));
    size_t cols = 1, rows = 1;
    if (n <= 2) {
        cols = std::max<size_t>(n, 1);
    } else {
        cols = std::clamp<size_t>((n + 1) / 2, 1, std::max<size_t>(fit, 2));
        rows = 2;
        while (2 * cols + 2 * rows - 4 < n) ++rows;
    }
    const float sx = cols > 1 ? std::min((width - max_w) / static_cast<float>(cols - 1), max_w + hgap * 1.6f) : 0;
    const size_t per_row = std::max<size_t>(1, static_cast<size_t>((width + gap) / (max_w + gap)));
    const size_t off_rows = off == 0 ? 0 : (off + per_row - 1) / per_row;
    const float off_h = off_rows == 0 ? 0 : vgap + static_cast<float>(off_rows) * (max_h + gap) - gap;
    const float sy = rows > 1 ? std::clamp((height - off_h - max_h) / static_cast<float>(rows - 1), max_h + vgap,
                                           max_h * 3.0f)
                              : 0;
    const float grid_w = max_w + sx * static_cast<float>(cols - 1);
    const float left = std::max(0.0f, (width - grid_w) * 0.5f) + max_w * 0.5f;
    // Clockwise border cells from the top left.
    std::vector<std::pair<size_t, size_t>> cells;  // (row, col)
    for (size_t c = 0; c < cols; ++c) cells.push_back({0, c});
    if (rows > 1) {
        for (size_t r = 1; r < rows; ++r) cells.push_back({r, cols - 1});
        if (cols > 1)
            for (size_t c = cols - 1; c-- > 0;) cells.push_back({rows - 1, c});
        if (cols > 1)
            for (size_t r = rows - 1; r-- > 1;) cells.push_back({r, 0});
    }
    // A thread and its own lock: two arrows bent apart above and below the
    // row, so room for them (and their words) on both sides.
    const float bend_room = n == 2 ? gap * 1.1f : 0.0f;
    for (WaitNode& node : g.nodes) {
        if (!node.in_cycle) continue;
        const auto [r, c] = cells[std::min(static_cast<size_t>(node.cycle_pos), cells.size() - 1)];
        node.x = left + sx * static_cast<float>(c);
        node.y = bend_room + max_h * 0.5f + sy * static_cast<float>(r);
    }
    const float cycle_h = n > 0 ? max_h + sy * static_cast<float>(rows - 1) + 2 * bend_room : 0;

    // The threads off the cycle (a joiner, a waiter behind it): rows below.
    size_t k = 0;
    const float row_top = cycle_h + vgap;
    for (WaitNode& node : g.nodes) {
        if (node.in_cycle) continue;
        const size_t r = k / per_row, c = k % per_row;
        const size_t in_row = std::min(per_row, off - r * per_row);
        const float row_w = static_cast<float>(in_row) * (max_w + gap) - gap;
        node.x = std::max(0.0f, (width - row_w) * 0.5f) + static_cast<float>(c) * (max_w + gap) + max_w * 0.5f;
        node.y = row_top + static_cast<float>(r) * (max_h + gap) + max_h * 0.5f;
        ++k;
    }
    return off_rows == 0 ? cycle_h : cycle_h + off_h;
}

std::string deadlock_sentence(const World& world, const TraceIndex& index) {
    const auto info = deadlock_from(world);
    if (!info) return {};
    const auto& edges = info->cycle.empty() ? info->waiting : info->cycle;
    std::string out = tr(info->cycle.empty() ? S::DeadlockNoneCanRun : S::DeadlockCycle);
    char buf[512];
    for (size_t i = 0; i < edges.size(); ++i) {
        const WaitEdge& e = edges[i];
        if (i) out += tr(S::ListSeparator);
        const std::string& who = index.thread_name(e.thread);
        const std::string what = e.object == kNone ? std::string(tr(S::Nothing)) : index.object_name(e.object);
        if (e.holder != kNone)
            std::snprintf(buf, sizeof buf, tr(S::WaitsForHeldBy), who.c_str(), what.c_str(),
                          index.thread_name(e.holder).c_str());
        else
            std::snprintf(buf, sizeof buf, tr(S::WaitsForObject), who.c_str(), what.c_str());
        out += buf;
    }
    return out;
}

}  // namespace tl::gui
