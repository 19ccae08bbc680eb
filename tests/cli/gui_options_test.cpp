// `threadlab gui` flags as the window receives them (no display needed).
#include <catch2/catch.hpp>

#include "cli/gui_command.hpp"
#include "cli/usage_error.hpp"

using tl::cli::GuiArgs;
using tl::cli::to_gui_options;

TEST_CASE("gui --tab picks the tab in front on each side", "[cli][gui]") {
    GuiArgs args;
    CHECK(to_gui_options(args).left_tab.empty());
    CHECK(to_gui_options(args).right_tab.empty());

    args.tabs = {"objects", "parameters"};
    auto o = to_gui_options(args);
    CHECK(o.left_tab == "parameters");
    CHECK(o.right_tab == "objects");

    args.tabs = {"objects", "futures"};  // the later one on the same side wins
    CHECK(to_gui_options(args).right_tab == "futures");

    args.tabs = {"statistics", "lesson"};  // the Statistics tab is on the right, beside Objects
    o = to_gui_options(args);
    CHECK(o.right_tab == "statistics");
    CHECK(o.left_tab == "lesson");
    args.tabs = {"stats"};  // only its whole name
    CHECK_THROWS_AS(to_gui_options(args), tl::cli::UsageError);

    args.tabs = {"timeline"};
    CHECK_THROWS_AS(to_gui_options(args), tl::cli::UsageError);
}

TEST_CASE("gui --scrub-to takes an event number from 1", "[cli][gui]") {
    GuiArgs args;
    CHECK_FALSE(to_gui_options(args).scrub_to);
    args.scrub_to = "150";
    args.scrub_to_given = true;
    REQUIRE(to_gui_options(args).scrub_to);
    CHECK(*to_gui_options(args).scrub_to == 150);
    for (const char* bad : {"", "0", "-3", "12x", "end", "1.5"}) {
        args.scrub_to = bad;
        CHECK_THROWS_WITH(to_gui_options(args), Catch::Matchers::StartsWith("--scrub-to: '" + std::string(bad) + "' is not allowed"));
    }
}

TEST_CASE("gui --answer answers the lesson's question, 1 for a), within its answers", "[cli][gui]") {
    GuiArgs args;
    CHECK_FALSE(to_gui_options(args).answer);
    args.scenario = "timers";  // two answers
    args.scenario_given = true;
    args.answer = "2";
    args.answer_given = true;
    REQUIRE(to_gui_options(args).answer);
    CHECK(*to_gui_options(args).answer == 1);
    for (const char* bad : {"", "0", "3", "b", "1.0"}) {
        args.answer = bad;
        CHECK_THROWS_WITH(to_gui_options(args),
                          Catch::Matchers::StartsWith("--answer: '" + std::string(bad) + "' is not allowed (allowed: 1 .. 2"));
    }
}
