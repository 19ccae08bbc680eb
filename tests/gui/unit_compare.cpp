// Compare two runs (compare_view.hpp): a finished run kept while the next
// runs with other parameters; both drawn on one time axis, each with what
// it ran with, its totals and its checks.
#include <catch2/catch.hpp>

#include <algorithm>

#include "gui/compare_view.hpp"
#include "gui/i18n.hpp"
#include "gui/session.hpp"
#include "headless.hpp"
#include "lesson_list/lesson_list.hpp"
#include "poll_until.hpp"

using namespace tl;
using namespace tl::gui;

namespace {

void run_to_checks(Session& s) {
    s.start();
    REQUIRE(testing::poll_until(s, [&] { return s.can_keep(); }));
    REQUIRE(s.checks().state == CheckList::State::Done);
}

}  // namespace

TEST_CASE("compare: a kept run stays beside the next one, with its parameters, totals and checks", "[gui][compare]") {
    const catalog::Lesson* l = find_lesson_folder("producer-consumer");
    REQUIRE(l != nullptr);
    Session s;
    s.set_child_program(THREADLAB_BINARY);
    s.config().mode = Mode::Deterministic;
    s.set_speed(kMaxSpeed);
    s.select_lesson(*l, catalog::parse_settings(*l, {"items=8"}));
    s.set_prediction(0);
    CHECK_FALSE(s.can_keep());  // no run yet
    run_to_checks(s);
    s.keep_run();
    const Session::KeptRun* kept = s.kept();
    REQUIRE(kept != nullptr);
    auto has = [](const std::vector<std::string>& settings, const std::string& s) {
        return std::find(settings.begin(), settings.end(), s) != settings.end();
    };
    CHECK(has(kept->settings, "producers=1"));
    CHECK(has(kept->settings, "consumers=1"));
    CHECK(has(kept->settings, "items=8"));
    CHECK(has(kept->settings, "seed 1"));
    CHECK(kept->checks.state == CheckList::State::Done);
    CHECK(kept->checks.passed() == static_cast<int>(kept->checks.rows.size()));
    const Nanos one_by_one = kept->timeline.end_time();
    REQUIRE(one_by_one > 0);

    // 4 + 4: the notes' comparison. The kept run is untouched by the new one.
    s.set_lesson_value("producers", 4);
    s.set_lesson_value("consumers", 4);
    run_to_checks(s);
    REQUIRE(s.kept() == kept);
    CHECK(kept->timeline.end_time() == one_by_one);
    CHECK(has(s.run_settings(), "producers=4"));
    CHECK(s.timeline().end_time() < one_by_one);  // more threads, the same items: sooner
    CHECK(s.timeline().lanes().size() > kept->timeline.lanes().size());
    const std::string line = compare_line("kept", "producers=1  consumers=1", one_by_one, 3, kept->checks);
    CHECK(line.find("kept") == 0);
    CHECK(line.find("3 threads") != std::string::npos);
    CHECK(line.find("checks 3/3 passed") != std::string::npos);

    // Drawn, in both languages and at 200%: no crash, the lanes of both.
    testing::Headless ui;
    TimelineViewState view;
    view.follow = TimelineFollow::WholeRun;
    TimelineInput current;
    current.lanes = &s.timeline().lanes();
    current.index = &s.index();
    current.end_time = s.now();
    for (const char* lang : {"en", "zh"}) {
        set_language(lang);
        ui.frame([&] { draw_compared_timelines(s, current, view, ImVec2(1200, 600)); });
    }
    set_language("en");
    CHECK(view.rects > 0);

    // Another lesson: nothing to compare with any more.
    s.select_lesson(*find_lesson_folder("lock-vs-rlock"));
    CHECK(s.kept() == nullptr);
}
