// The code pane's rules without a window: which short label each thread
// gets, who moved last, and where the pane scrolls to keep threads in view
// (issue 9: it sat on the imports while three threads waited further down).
#include <catch2/catch.hpp>

#include <imgui.h>

#include <algorithm>

#include "gui/code_follow.hpp"
#include "gui/code_view.hpp"
#include "gui/thread_labels.hpp"
#include "headless.hpp"

using namespace tl;
using namespace tl::gui;

TEST_CASE("thread labels: the names lessons use get short labels") {
    CHECK(preferred_label("MainThread") == "M");
    CHECK(preferred_label("ThreadPoolExecutor-0_0") == "W0");
    CHECK(preferred_label("ThreadPoolExecutor-0_12") == "W12");
    CHECK(preferred_label("ThreadPoolExecutor-2_1") == "W2.1");
    CHECK(preferred_label("Thread-3 (worker)") == "T3");
    CHECK(preferred_label("Thread-7") == "T7");
    CHECK(preferred_label("producer-1") == "P1");
    CHECK(preferred_label("consumer-0") == "C0");
    CHECK(preferred_label("worker3") == "W3");
    CHECK(preferred_label("buggy-client") == "BC");
    CHECK(preferred_label("visitor") == "Vis");
    CHECK(preferred_label("sub-1") == "S1");
    CHECK(preferred_label("p0") == "p0");  // short names are their own label
    CHECK(preferred_label("Thread-x") == "TX");
    // Coroutine lanes: by their own name, not by "greenlet" and "@".
    CHECK(preferred_label("greenlet ping @MainThread") == "ping");
    CHECK(preferred_label("generator avg @MainThread") == "avg");
    CHECK(preferred_label("generator averager @worker-1") == "Ave");
    CHECK(preferred_label("greenlet work('greenlet-2') @MainThread") == "G2");
    CHECK(preferred_label("greenlet Hub @MainThread") == "Hub");
}

TEST_CASE("thread labels: unique, and a thread keeps its label for the run") {
    ThreadLabels labels;
    labels.update({"MainThread", "worker-0", "ThreadPoolExecutor-0_0"});
    CHECK(labels.label(0) == "M");
    CHECK(labels.label(1) == "W0");
    // The pool's first worker asks for W0 too: the clash is settled by its tid.
    CHECK(labels.label(2) == "#2");
    // Later threads do not move earlier labels, even under a new name.
    labels.update({"renamed", "worker-0", "ThreadPoolExecutor-0_0", "ThreadPoolExecutor-0_1", "MainThread"});
    CHECK(labels.label(0) == "M");
    CHECK(labels.label(3) == "W1");
    CHECK(labels.label(4) == "#4");
    CHECK(labels.label(9).empty());
    std::vector<std::string> all;
    for (uint32_t t = 0; t < labels.size(); ++t) all.push_back(labels.label(t));
    std::sort(all.begin(), all.end());
    CHECK(std::adjacent_find(all.begin(), all.end()) == all.end());
}

TEST_CASE("thread labels: a thread named like a clash's fallback stays unique") {
    ThreadLabels labels;
    labels.update({"#1", "#1"});
    CHECK(labels.label(0) == "#1");
    CHECK(labels.label(1) != "#1");
}

namespace {

World world_with_lines(std::vector<uint16_t> lines) {
    World w;
    for (uint32_t tid = 0; tid < lines.size(); ++tid) {
        ThreadView t;
        t.tid = tid;
        t.started = true;
        t.state = ThreadState::Running;
        t.line = lines[tid];
        w.threads.push_back(t);
    }
    return w;
}

// 100 lines of 10 px in a pane 100 px high: 10 lines in view.
FollowInput input(float scroll, std::vector<int> lines, int mover = 0, double now = 10) {
    FollowInput in;
    in.line_count = 100;
    in.row_h = 10;
    in.view_h = 100;
    in.scroll = scroll;
    in.lines = std::move(lines);
    in.mover_line = mover;
    in.now_s = now;
    return in;
}

}  // namespace

TEST_CASE("who moved: the thread whose line changed, else the last mover") {
    std::vector<uint16_t> last;
    uint32_t mover = moved_thread(world_with_lines({3, 5}), last, UINT32_MAX);
    CHECK(mover == 1);  // both appeared: the newest
    mover = moved_thread(world_with_lines({4, 5}), last, mover);
    CHECK(mover == 0);
    mover = moved_thread(world_with_lines({4, 5}), last, mover);
    CHECK(mover == 0);  // nobody moved: the last mover stays
    World w = world_with_lines({4, 9});
    w.threads[1].state = ThreadState::Done;  // a finished thread is on no line
    CHECK(moved_thread(w, last, mover) == 0);
}

TEST_CASE("follow: threads all in view, the pane stays") {
    FollowState st;
    CHECK(follow_scroll(input(0, {2, 5, 9}), st) == 0);
    CHECK(follow_scroll(input(200, {25, 29}), st) == 200);
}

TEST_CASE("follow: threads that fit but are below the view come into it, with a line of context") {
    FollowState st;
    // Three threads waiting at lines 40-42 while the pane shows the imports.
    const float to = follow_scroll(input(0, {40, 41, 42}), st);
    CHECK(lines_in_view({40, 41, 42}, to, 10, 100) == 3);
    CHECK(to == (42 - 10 + 1) * 10.0f);  // the least move: line 42 one above the bottom
    // And above it.
    FollowState st2;
    const float up = follow_scroll(input(500, {12, 15}), st2);
    CHECK(up == 100.0f);  // line 12 at the second row
    CHECK(lines_in_view({12, 15}, up, 10, 100) == 2);
}

TEST_CASE("follow: main and the workers all count (main's code is the lesson in a pool)") {
    FollowState st;
    // main at line 60, workers at 20: they fit in no one view; main just moved.
    const float to = follow_scroll(input(0, {60, 20, 20}, 60), st);
    CHECK(lines_in_view({60}, to, 10, 100) == 1);
}

TEST_CASE("follow: when they do not fit, the mover's line with the most threads beside it") {
    FollowState st;
    // Two workers at 10 and 12, one at 80; the one at 80 moved.
    float to = follow_scroll(input(0, {10, 12, 80}, 80), st);
    CHECK(lines_in_view({80}, to, 10, 100) == 1);
    // The worker at 12 moves next, at once: the calm keeps the pane on line 80.
    CHECK(follow_scroll(input(to, {10, 13, 80}, 13, 10.1), st) == to);
    // After the calm, the mover at 13 wins and both workers near it come in.
    to = follow_scroll(input(to, {10, 13, 80}, 13, 11), st);
    CHECK(lines_in_view({10, 13}, to, 10, 100) == 2);
}

TEST_CASE("follow: never sits where no thread is while one is hidden, calm or not") {
    FollowState st;
    st.last_jump_s = 9.9;  // just jumped
    const float to = follow_scroll(input(0, {50, 90}, 90, 10), st);
    CHECK(lines_in_view({50, 90}, to, 10, 100) >= 1);
    CHECK(lines_in_view({90}, to, 10, 100) == 1);  // the mover's
}

TEST_CASE("follow: a view that is already one of the best does not move") {
    FollowState st;
    // Lines 10 and 90 never share a view; the mover at 10 is in view already.
    CHECK(follow_scroll(input(50, {10, 90}, 10), st) == 50);
}

TEST_CASE("follow: the end of the listing is not scrolled past") {
    FollowState st;
    const float to = follow_scroll(input(0, {100, 99}), st);
    CHECK(to == 900.0f);
    CHECK(lines_in_view({99, 100}, to, 10, 100) == 2);
}

namespace {

// The listing in a child window 300 px high, as the code pane has it; returns its scroll.
float listing_frame(tl::gui::testing::Headless& h, const std::vector<std::string>& lines, const World& world,
                    CodeViewState& st, const std::string& key) {
    static const TraceIndex index;
    float scroll = -1;
    h.frame([&] {
        ImGui::BeginChild("##body", ImVec2(600, 300), false);
        draw_code(lines, world, index, true, {}, st, key, 1);
        scroll = ImGui::GetScrollY();
        ImGui::EndChild();
    });
    return scroll;
}

}  // namespace

TEST_CASE("code pane: follows a thread down the listing, and a new lesson starts at the top") {
    tl::gui::testing::Headless h;
    const std::vector<std::string> lines(200, "x = 1");
    CodeViewState st;
    const World at_150 = world_with_lines({150});
    float scroll = 0;
    for (int i = 0; i < 4; ++i) scroll = listing_frame(h, lines, at_150, st, "lesson:a");
    CHECK(scroll > 1000);  // line 150 is far below the first 300 px
    // Another lesson, no thread on a line yet: the pane is at its top, not
    // where the last lesson's thread was.
    const World none = world_with_lines({});
    for (int i = 0; i < 3; ++i) scroll = listing_frame(h, lines, none, st, "lesson:b");
    CHECK(scroll == 0);
}

TEST_CASE("follow: a jump puts the threads' lines in the middle of the pane, not at its edge") {
    FollowState st;
    // Workers at 30 and 32 (the mover), one far away at 90: the pane shows
    // 26-35, three lines of context above the first and below the last.
    const float to = follow_scroll(input(0, {30, 32, 90}, 32), st);
    CHECK(to == 250.0f);
    CHECK(lines_in_view({30, 32}, to, 10, 100) == 2);
}
