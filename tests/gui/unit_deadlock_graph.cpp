// The wait-for graph (issue 9), from real engine runs: who is on the cycle,
// the arrows' kinds ("waits for", "held by", "joins", and "abandoned by"
// once the stuck threads are killed), the layout's promises (inside the
// area, no two nodes overlapping, the cycle clockwise), and the deadlock in
// words in both languages.
#include <catch2/catch.hpp>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "gui/deadlock_graph.hpp"
#include "gui/deadlock_graph_view.hpp"
#include "gui/i18n.hpp"
#include "gui/trace_index.hpp"
#include "headless.hpp"
#include "threadlab/threading.hpp"

using namespace tl;
using namespace tl::gui;

namespace {

RunConfig det(uint64_t seed = 3) {
    RunConfig c;
    c.mode = Mode::Deterministic;
    c.seed = seed;
    return c;
}

// alice holds lock_a and wants lock_b, bob the other way round; MainThread
// joins alice. No guards: nothing is released when they are killed.
void crossed_locks() {
    auto& a = make<Lock>("lock_a");
    auto& b = make<Lock>("lock_b");
    auto& both = make<Barrier>("both", 2);
    auto& alice = make<Thread>("alice", [&] {
        a.acquire();
        both.wait();
        b.acquire();
    });
    alice.start();
    make<Thread>("bob", [&] {
        b.acquire();
        both.wait();
        a.acquire();
    }).start();
    alice.join();
}

// N tellers in a ring, each holding its own lock and wanting the next one's.
// (The tellers outlive this function: MainThread returns and joins them at
// shutdown, so they hold the runtime's objects by pointer, nothing local.)
void ring_of(int n) {
    std::vector<Lock*> locks;
    for (int i = 0; i < n; ++i) locks.push_back(&make<Lock>("lock-" + std::to_string(i)));
    Barrier* all = &make<Barrier>("all", n);
    for (int i = 0; i < n; ++i) {
        Lock* mine = locks[static_cast<size_t>(i)];
        Lock* next = locks[static_cast<size_t>((i + 1) % n)];
        make<Thread>("teller-" + std::to_string(i), [mine, next, all] {
            mine->acquire();
            all->wait();
            next->acquire();
        }).start();
    }
}

size_t deadlock_end(const EventLog& log) {
    size_t n = 0;
    for (size_t i = 0; i < log.size(); ++i)
        if (log[i].kind == EvKind::Deadlock) n = i + 1;
    return n;
}

std::string name_of(const WaitNode& n, const TraceIndex& index) {
    return n.kind == WaitNodeKind::Thread ? index.thread_name(n.id) : index.object_name(n.id);
}

void size_nodes(WaitGraph& g, float w, float h) {
    for (WaitNode& n : g.nodes) n.w = w, n.h = h;
}

bool overlap(const WaitNode& a, const WaitNode& b) {
    return std::fabs(a.x - b.x) < (a.w + b.w) * 0.5f && std::fabs(a.y - b.y) < (a.h + b.h) * 0.5f;
}

}  // namespace

TEST_CASE("wait-for graph: two crossed locks are a cycle of four, the joiner off it") {
    Runtime rt(det());
    rt.run(crossed_locks);
    REQUIRE(rt.deadlock());
    const EventLog& log = rt.log();
    TraceIndex index;
    index.update(log);
    const World at = world_at(log, deadlock_end(log));
    const WaitGraph g = build_wait_graph(at, index);
    REQUIRE(g.cycle_nodes == 4);
    REQUIRE(g.nodes.size() == 5);  // alice, lock_b, bob, lock_a + MainThread
    // Round the cycle: a thread, what it waits for, its holder, ...
    std::vector<std::string> order(4);
    for (const WaitNode& n : g.nodes)
        if (n.in_cycle) order[static_cast<size_t>(n.cycle_pos)] = name_of(n, index);
    const bool from_alice = order == std::vector<std::string>{"alice", "lock_b", "bob", "lock_a"};
    const bool from_bob = order == std::vector<std::string>{"bob", "lock_a", "alice", "lock_b"};
    CHECK((from_alice || from_bob));
    size_t waits = 0, held = 0, joins = 0;
    for (const WaitArrow& a : g.arrows) {
        const WaitNode &from = g.nodes[a.from], &to = g.nodes[a.to];
        switch (a.kind) {
        case WaitArrowKind::WaitsFor:
            ++waits;
            CHECK(a.in_cycle);
            CHECK(from.kind == WaitNodeKind::Thread);
            CHECK(to.kind == WaitNodeKind::Object);
            break;
        case WaitArrowKind::HeldBy:
            ++held;
            CHECK(a.in_cycle);
            CHECK(from.kind == WaitNodeKind::Object);
            CHECK(to.kind == WaitNodeKind::Thread);
            break;
        case WaitArrowKind::Joins:
            ++joins;
            CHECK_FALSE(a.in_cycle);
            CHECK(name_of(from, index) == "MainThread");
            CHECK(name_of(to, index) == "alice");
            break;
        case WaitArrowKind::AbandonedBy: FAIL("nobody is killed yet"); break;
        }
    }
    CHECK(waits == 2);
    CHECK(held == 2);
    CHECK(joins == 1);
    for (const WaitNode& n : g.nodes) CHECK_FALSE(n.abandoned);
}

TEST_CASE("wait-for graph: once the stuck threads are killed, their locks are abandoned, not held") {
    Runtime rt(det());
    rt.run(crossed_locks);
    const EventLog& log = rt.log();
    TraceIndex index;
    index.update(log);
    const WaitGraph g = build_wait_graph(world_at(log), index);
    REQUIRE(g.cycle_nodes == 4);
    size_t abandoned = 0;
    for (const WaitArrow& a : g.arrows) {
        CHECK(a.kind != WaitArrowKind::HeldBy);
        if (a.kind == WaitArrowKind::AbandonedBy) {
            ++abandoned;
            CHECK(g.nodes[a.from].abandoned);
            CHECK(g.nodes[a.to].state == ThreadState::Killed);
        }
    }
    CHECK(abandoned == 2);
}

TEST_CASE("wait-for graph: a thread taking its own Lock again is a cycle of two, its arrows bent apart") {
    Runtime rt(det());
    rt.run([] {
        auto& l = make<Lock>("l");
        l.acquire();
        l.acquire();
    });
    const EventLog& log = rt.log();
    TraceIndex index;
    index.update(log);
    WaitGraph g = build_wait_graph(world_at(log, deadlock_end(log)), index);
    REQUIRE(g.nodes.size() == 2);
    REQUIRE(g.arrows.size() == 2);
    CHECK(g.cycle_nodes == 2);
    for (const WaitArrow& a : g.arrows) {
        CHECK(a.in_cycle);
        CHECK(a.reverse_exists);
    }
    size_nodes(g, 120, 36);
    const float used = layout_wait_graph(g, 600, 150, 20);
    CHECK(used <= 150);
    CHECK_FALSE(overlap(g.nodes[0], g.nodes[1]));
    CHECK(g.nodes[0].y == g.nodes[1].y);  // side by side
}

TEST_CASE("wait-for graph: a ring of six nodes goes once round clockwise from the top left, no two overlapping") {
    Runtime rt(det());
    rt.run([] { ring_of(3); });
    REQUIRE(rt.deadlock());
    const EventLog& log = rt.log();
    TraceIndex index;
    index.update(log);
    WaitGraph g = build_wait_graph(world_at(log, deadlock_end(log)), index);
    REQUIRE(g.cycle_nodes == 6);
    for (float width : {900.0f, 600.0f, 320.0f}) {
        INFO("width " << width);
        size_nodes(g, 110, 34);
        const float used = layout_wait_graph(g, width, 240, 18);
        for (size_t i = 0; i < g.nodes.size(); ++i) {
            const WaitNode& n = g.nodes[i];
            CHECK(n.x - n.w * 0.5f >= -0.5f);
            CHECK(n.x + n.w * 0.5f <= width + 0.5f);
            CHECK(n.y - n.h * 0.5f >= -0.5f);
            CHECK(n.y + n.h * 0.5f <= used + 0.5f);
            for (size_t j = i + 1; j < g.nodes.size(); ++j) CHECK_FALSE(overlap(n, g.nodes[j]));
        }
        if (width >= 600) CHECK(used <= 240);  // a wide pane keeps the height asked for
        if (width >= 900) {  // and draws the cycle in two rows
            std::vector<float> ys;
            for (const WaitNode& n : g.nodes)
                if (n.in_cycle && std::find(ys.begin(), ys.end(), n.y) == ys.end()) ys.push_back(n.y);
            CHECK(ys.size() == 2);
        }
        // Clockwise (y down): the angle round the centre grows along the cycle.
        float cx = 0, cy = 0;
        for (const WaitNode& n : g.nodes)
            if (n.in_cycle) cx += n.x / 6, cy += n.y / 6;
        std::vector<float> angle(6);
        std::vector<const WaitNode*> at(6);
        for (const WaitNode& n : g.nodes)
            if (n.in_cycle) {
                angle[static_cast<size_t>(n.cycle_pos)] = std::atan2(n.y - cy, n.x - cx);
                at[static_cast<size_t>(n.cycle_pos)] = &n;
            }
        CHECK(at[0]->x < cx);  // the first thread at the top left
        CHECK(at[0]->y < cy);
        float turned = 0;
        for (size_t k = 1; k <= 6; ++k) {
            float step = angle[k % 6] - angle[k - 1];
            if (step < 0) step += 6.2831853f;
            CHECK(step > 0.05f);
            turned += step;
        }
        CHECK(turned == Approx(6.2831853f).margin(0.01));  // once round, one way
    }
}

TEST_CASE("wait-for graph: the deadlock in words, as the engine says it and in Chinese") {
    Runtime rt(det());
    rt.run([] { ring_of(3); });
    const EventLog& log = rt.log();
    TraceIndex index;
    index.update(log);
    const World at = world_at(log, deadlock_end(log));
    set_language("en");
    CHECK(deadlock_sentence(at, index) == rt.deadlock()->describe(log));
    set_language("zh");
    const std::string zh = deadlock_sentence(at, index);
    set_language("en");
    CHECK(zh.rfind("死锁环：", 0) == 0);
    CHECK(zh.find("等待 lock-") != std::string::npos);
    CHECK(zh.find("持有）") != std::string::npos);
    CHECK(zh.find("；") != std::string::npos);
    CHECK(zh.find("waits for") == std::string::npos);
    CHECK(zh.find("held by") == std::string::npos);
    CHECK(deadlock_sentence(World{}, index).empty());
}

TEST_CASE("wait-for graph: the objects pane draws it only when the world has a deadlock") {
    Runtime rt(det());
    rt.run(crossed_locks);
    const EventLog& log = rt.log();
    TraceIndex index;
    index.update(log);
    const World before = world_at(log, 3);  // no Deadlock record yet
    const World after = world_at(log);
    tl::gui::testing::Headless ui;
    bool drew_before = true, drew_after = false;
    int vertices = 0;
    ui.frame([&] { drew_before = draw_deadlock_graph(before, index); });
    ui.frame([&] { drew_after = draw_deadlock_graph(after, index); });
    vertices = ImGui::GetDrawData()->TotalVtxCount;
    CHECK_FALSE(drew_before);
    CHECK(drew_after);
    CHECK(vertices > 500);  // nodes, arrows and their words, not an empty box
}
