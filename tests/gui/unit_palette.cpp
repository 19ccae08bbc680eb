// The palette (issue 9): thread states and the objects pane's colours never
// share a colour, the full-height bars stay apart for colour-blind eyes, and
// the kinds of waiting drawn apart (join, idle pool worker) are told apart
// by their height.
#include <catch2/catch.hpp>

#include <string>

#include "gui/colors.hpp"

using namespace tl;
using namespace tl::gui;

TEST_CASE("palette: Delta E is a distance (white to black 100, a colour to itself 0)") {
    CHECK(delta_e(IM_COL32(255, 255, 255, 255), IM_COL32(0, 0, 0, 255)) == Approx(100).margin(0.5));
    CHECK(delta_e(IM_COL32(34, 170, 76, 255), IM_COL32(34, 170, 76, 255)) == 0);
    // A red and a green far apart for most eyes are much closer for a deuteranope.
    const ImU32 red = IM_COL32(220, 30, 40, 255), green = IM_COL32(34, 170, 76, 255);
    CHECK(delta_e(simulate_cvd(red, false), simulate_cvd(green, false)) < delta_e(red, green) * 0.5);
    CHECK(delta_e(simulate_cvd(red, true), simulate_cvd(green, true)) < delta_e(red, green) * 0.5);
}

TEST_CASE("palette: no two meaningful colours are closer than Delta E 20") {
    const auto& all = meaningful_colors();
    REQUIRE(all.size() >= 14);  // 11 looks with a colour of their own + the objects' colours
    for (size_t i = 0; i < all.size(); ++i)
        for (size_t j = i + 1; j < all.size(); ++j) {
            INFO(all[i].name << " vs " << all[j].name);
            CHECK(delta_e(all[i].color, all[j].color) >= 20.0);
        }
}

TEST_CASE("palette: the full-height bars stay apart for deuteranopia and protanopia") {
    const auto& all = meaningful_colors();
    for (bool protan : {false, true})
        for (size_t i = 0; i < all.size(); ++i)
            for (size_t j = i + 1; j < all.size(); ++j) {
                if (!all[i].full_bar || !all[j].full_bar) continue;  // thin bars differ by shape too
                INFO((protan ? "protan: " : "deutan: ") << all[i].name << " vs " << all[j].name);
                CHECK(delta_e(simulate_cvd(all[i].color, protan), simulate_cvd(all[j].color, protan)) >= 10.0);
            }
}

TEST_CASE("palette: every state's chip is its look's colour, and blocked is striped as well as red") {
    for (int i = 0; i < kThreadStateCount; ++i) {
        const auto s = static_cast<ThreadState>(i);
        CHECK(state_color(s) == look_color(look_of(s)));
    }
    CHECK(look_striped(Look::Blocked));
    CHECK_FALSE(look_striped(Look::Running));
    CHECK_FALSE(look_striped(Look::Waiting));
}

TEST_CASE("palette: a join and an idle worker are drawn apart from waiting and from blocked") {
    // Waiting in join() keeps waiting's colour but not its height: MainThread's
    // long join is a thin line, not the heaviest bar of the timeline.
    CHECK(segment_look(ThreadState::Waiting, ObjKind::Thread, false) == Look::Joining);
    CHECK(look_height(Look::Joining) < 0.5f);
    CHECK(look_height(Look::Waiting) == 1.0f);
    // A worker waiting for work is idle: its own colour and a half bar.
    CHECK(segment_look(ThreadState::Waiting, ObjKind::Queue, true) == Look::Idle);
    CHECK(look_height(Look::Idle) < 1.0f);
    CHECK(delta_e(look_color(Look::Idle), look_color(Look::Blocked)) >= 20.0);
    CHECK(delta_e(look_color(Look::Idle), look_color(Look::Waiting)) >= 20.0);
    // Blocked on a lock stays blocked, whatever else is true.
    CHECK(segment_look(ThreadState::Blocked, ObjKind::Lock, false) == Look::Blocked);
    CHECK(segment_look(ThreadState::Waiting, ObjKind::Queue, false) == Look::Waiting);
    // The stretch that wins a shared pixel column: contention first.
    CHECK(look_priority(Look::Blocked) > look_priority(Look::Running));
    CHECK(look_priority(Look::Waiting) > look_priority(Look::Joining));
    CHECK(look_priority(Look::Running) > look_priority(Look::Idle));
}
