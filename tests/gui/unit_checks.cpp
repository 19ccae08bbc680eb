// The checks panel: a finished lesson run's checks, worked out once by its
// checks.py, the same rows the command line prints for the same run; rows
// from CheckResults (pass, fail, not shown) in two languages and the
// "checking..." state, drawn by the same panel.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "cli/process.hpp"
#include "gui/checks_view.hpp"
#include "gui/i18n.hpp"
#include "gui/session.hpp"
#include "headless.hpp"
#include "lesson_list/lesson_list.hpp"

using namespace tl;
using namespace tl::gui;

TEST_CASE("checks: a finished lesson run's checks are the rows the CLI prints for that run, worked out once") {
    const catalog::Lesson* lesson = find_lesson_folder("lock-vs-rlock");
    REQUIRE(lesson != nullptr);
    Session s;
    s.set_child_program(THREADLAB_BINARY);
    s.config().mode = Mode::Deterministic;
    s.config().seed = 5;
    s.select_lesson(*lesson);
    CHECK(s.checks().state == CheckList::State::Waiting);
    s.set_speed(kMaxSpeed);  // paced in the window; the log is the same at any pace
    s.start();
    CHECK(s.checks().state == CheckList::State::Waiting);
    s.wait();
    REQUIRE(s.status() == RunStatus::Finished);
    REQUIRE(s.checks().state == CheckList::State::Done);

    // The command line's report of the same lesson, mode and seed.
    const test::ProcessResult cli =
        test::run_threadlab({"run", "lock-vs-rlock", "--mode", "deterministic", "--seed", "5", "--json"});
    REQUIRE(cli.exit_code == 0);
    const nlohmann::json expected = nlohmann::json::parse(cli.out)["checks"];
    const std::vector<CheckRow>& rows = s.checks().rows;
    REQUIRE(rows.size() == expected.size());
    REQUIRE(rows.size() >= 3);
    for (size_t i = 0; i < rows.size(); ++i) {
        INFO(rows[i].name_en);
        CHECK(rows[i].name_en == expected[i]["name"]);
        CHECK(rows[i].name_zh == expected[i]["name_zh"]);
        CHECK(rows[i].passed == expected[i]["passed"]);
        CHECK(rows[i].not_shown == expected[i]["not_shown"]);
        CHECK(rows[i].detail == expected[i]["detail"]);
    }
    CHECK(s.checks().passed() == static_cast<int>(rows.size()));

    // Not again at the next frames.
    const CheckRow* first = rows.data();
    s.poll();
    s.poll();
    CHECK(s.checks().rows.data() == first);

    // A new run starts without them.
    s.start();
    CHECK(s.checks().state == CheckList::State::Waiting);
    CHECK(s.checks().rows.empty());
    s.stop();
}

TEST_CASE("checks: every lesson the window lists is a lesson folder, judged by its checks.py") {
    // One kind of lesson: every lesson is a folder (a folder's checks run
    // in unit_lessons.cpp).
    REQUIRE_FALSE(all_lessons().empty());
    for (const LessonEntry* listed : all_lessons()) {
        INFO(listed->id);
        CHECK(find_lesson_folder(listed->id) != nullptr);
    }
}

TEST_CASE("checks: a student's own program has none") {
    Session s;
    s.open_file(std::string(THREADLAB_PY_PROGRAMS) + "/locked_counter.py");
    CHECK(s.checks().state == CheckList::State::None);
    s.select_lesson(*find_lesson_folder("lock-vs-rlock"));
    CHECK(s.checks().state == CheckList::State::Waiting);  // a lesson has checks.py
}

TEST_CASE("checks: pass, fail and not shown become rows, counted apart") {
    CheckResult pass{"queue bounded", true, "at most 2 of 2"};
    CheckResult fail{"every consumer ended", false, "1 of 2 ended"};
    CheckResult not_shown{"workers overlapped", false, "the work is shorter than the timer", true};
    CheckList list;
    list.state = CheckList::State::Done;
    for (const CheckResult& c : {pass, fail, not_shown}) list.rows.push_back(check_row(c));
    CHECK(list.rows[0].passed);
    CHECK_FALSE(list.rows[1].passed);
    CHECK_FALSE(list.rows[1].not_shown);
    CHECK(list.rows[2].not_shown);
    CHECK(list.rows[2].detail == "the work is shorter than the timer");
    CHECK(list.passed() == 1);
    CHECK(list.failed() == 1);
    CHECK(list.not_shown() == 1);
    set_language("en");
    CHECK(checks_title(list) == "Checks  1/3");
    list.state = CheckList::State::Checking;
    CHECK(checks_title(list) == "Checks");
}

TEST_CASE("checks: a row's detail is shown in the interface's language, or as given when it has one") {
    CheckResult both{"queue bounded", true, "at most 2 of 2"};
    both.name_zh = "队列有界";
    both.detail_zh = "最多 2 件（容量 2）";
    const CheckRow row = check_row(both);
    CHECK(row.name(true) == "队列有界");
    CHECK(row.detail_in(true) == "最多 2 件（容量 2）");
    CHECK(row.detail_in(false) == "at most 2 of 2");
    // A lesson's plain string (or the CLI's own row): the same text in both.
    const CheckRow plain = check_row({"every consumer ended", false, "1 of 2 ended"});
    CHECK(plain.detail_in(true) == "1 of 2 ended");
    CHECK(plain.name(true) == "every consumer ended");
}

TEST_CASE("checks: the panel draws a lesson's rows in both languages and every state") {
    testing::Headless ui;
    CheckList list;
    list.rows.push_back(CheckRow{"the queue never held more than its capacity", "队列中的元素从未超过容量", true, false,
                                 "max 2 of 2"});
    list.rows.push_back(CheckRow{"every thread finished", "", false, false, "worker-1 still waiting"});
    list.rows.push_back(CheckRow{"threads overlapped", "线程并行", false, true, "too short to show", "太短，看不出来"});
    CHECK(list.rows[0].name(true) == "队列中的元素从未超过容量");
    CHECK(list.rows[1].name(true) == "every thread finished");  // no Chinese name: the English one
    for (const char* lang : {"en", "zh"}) {
        set_language(lang);
        for (CheckList::State state : {CheckList::State::None, CheckList::State::Waiting, CheckList::State::Checking,
                                       CheckList::State::Done}) {
            list.state = state;
            ui.frame([&] { draw_checks(list); });
        }
        list.rows.clear();
        ui.frame([&] { draw_checks(list); });  // done, and no checks
    }
    set_language("en");
}
