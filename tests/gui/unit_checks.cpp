// The checks panel: a finished scenario run's checks, worked out once from
// its log; rows from CheckResults (pass, fail, not shown); a Python lesson's
// rows in two languages and its "checking..." state, drawn by the same panel.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "gui/checks_view.hpp"
#include "gui/i18n.hpp"
#include "gui/session.hpp"
#include "headless.hpp"
#include "lesson_library.hpp"
#include "threadlab/threading.hpp"

using namespace tl;
using namespace tl::gui;

namespace {

// A scenario of the test's own (the registered ones are moving to lesson
// folders): three threads take a lock and print; its checks are reducers
// over the log with one verdict of each kind.
const Scenario& counting_scenario() {
    static const Scenario s = [] {
        Scenario sc;
        sc.id = "test-counting";
        sc.title = {"Counting", "计数"};
        sc.python = "import threading\n";
        sc.program = [](const Params&) {
            Lock& lock = make<Lock>("lock");
            std::vector<Thread*> threads;
            for (int i = 0; i < 3; ++i)
                threads.push_back(&make<Thread>("worker-" + std::to_string(i), [&lock, i] {
                    With<Lock> hold(lock);
                    print("worker " + std::to_string(i));
                }));
            for (Thread* t : threads) t->start();
            for (Thread* t : threads) t->join();
        };
        sc.checks = [](const EventLog& log, const Params&) {
            int prints = 0;
            for (size_t i = 0; i < log.size(); ++i) prints += log[i].kind == EvKind::Print ? 1 : 0;
            std::vector<CheckResult> out;
            out.push_back({"every worker printed", prints == 3, std::to_string(prints) + " of 3 lines"});
            out.push_back({"four workers printed", prints == 4, std::to_string(prints) + " of 4 lines"});
            out.push_back({"the workers overlapped", false, "one lock: they could not", true});
            return out;
        };
        return sc;
    }();
    return s;
}

}  // namespace

TEST_CASE("checks: a finished scenario run's checks are its rows, worked out once") {
    const Scenario& scenario = counting_scenario();
    Session s;
    s.config().mode = Mode::Deterministic;
    s.select(scenario);
    CHECK(s.checks().state == CheckList::State::Waiting);
    s.start();
    CHECK(s.checks().state == CheckList::State::Waiting);
    s.wait();
    s.poll();
    REQUIRE(s.status() == RunStatus::Finished);
    REQUIRE(s.checks().state == CheckList::State::Done);

    const std::vector<CheckRow>& rows = s.checks().rows;
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].name_en == "every worker printed");
    CHECK(rows[0].passed);
    CHECK(rows[0].detail == "3 of 3 lines");
    CHECK_FALSE(rows[1].passed);
    CHECK_FALSE(rows[1].not_shown);
    CHECK(rows[2].not_shown);
    CHECK(s.checks().passed() == 1);
    CHECK(s.checks().failed() == 1);
    CHECK(s.checks().not_shown() == 1);
    // The same verdicts as the scenario's own reducers over the same log.
    const std::vector<CheckResult> expected = scenario.checks(*s.log(), s.run_params());
    for (size_t i = 0; i < rows.size(); ++i) {
        CHECK(rows[i].passed == expected[i].passed);
        CHECK(rows[i].detail == expected[i].detail);
    }

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
    // One kind of lesson: the C++ scenarios that remain (gil-contention,
    // process-pool) are each shadowed by a folder and kept only as C++
    // examples for the engine's tests; a folder's checks run in
    // unit_lessons.cpp.
    REQUIRE_FALSE(all_lessons().empty());
    for (const Scenario* listed : all_lessons()) {
        INFO(listed->id);
        CHECK(find_lesson_folder(listed->id) != nullptr);
    }
}

TEST_CASE("checks: a student's own program has none") {
    Session s;
    s.open_file(std::string(THREADLAB_PY_PROGRAMS) + "/locked_counter.py");
    CHECK(s.checks().state == CheckList::State::None);
    s.select(counting_scenario());
    CHECK(s.checks().state == CheckList::State::Waiting);
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
    // A C++ scenario's check, or a lesson's plain string: the same text in both.
    const CheckRow plain = check_row({"every consumer ended", false, "1 of 2 ended"});
    CHECK(plain.detail_in(true) == "1 of 2 ended");
    CHECK(plain.name(true) == "every consumer ended");
}

TEST_CASE("checks: checks that throw are one failed row saying so") {
    Scenario s;
    s.id = "broken";
    s.checks = [](const EventLog&, const Params&) -> std::vector<CheckResult> { throw std::runtime_error("boom"); };
    EventLog log;
    const std::vector<CheckRow> rows = scenario_check_rows(s, log, Params{});
    REQUIRE(rows.size() == 1);
    CHECK_FALSE(rows[0].passed);
    CHECK_FALSE(rows[0].not_shown);
    CHECK(rows[0].detail == "the checks themselves failed: boom");
    CHECK(rows[0].detail_in(true) == "检查本身出错：boom");
    s.checks = nullptr;
    CHECK(scenario_check_rows(s, log, Params{}).empty());
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
