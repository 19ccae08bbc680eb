// Predict, then run (issue 11): a lesson's question is asked before its first
// run, the student's answer is kept per lesson, and each run that its
// checks.py judged is graded by @answer (which answer this run showed, against
// the prediction the run started with). And the toolbar's speed reaches a
// Python run in free mode. Runs are waited for with Session::wait(), never by
// sleeping.
#include <catch2/catch.hpp>

#include <string>

#include "gui/gui.hpp"
#include "gui/i18n.hpp"
#include "gui/predict_view.hpp"
#include "gui/session.hpp"
#include "headless.hpp"
#include "lesson_list/lesson_list.hpp"

using namespace tl;
using namespace tl::gui;

namespace {

const catalog::Lesson& lesson(const std::string& id) {
    const catalog::Lesson* l = find_lesson_folder(id);
    if (!l) FAIL("no lesson folder " << id);
    return *l;
}

// Another lesson folder that asks a question, and one that asks none (null when every one asks).
const catalog::Lesson* other_lesson(bool asks, const std::string& not_this) {
    for (const catalog::Lesson& l : lesson_folders().lessons)
        if (l.id != not_this && l.predict.has_value() == asks) return &l;
    return nullptr;
}

void use_child(Session& s, Mode mode) {
    s.set_child_program(THREADLAB_BINARY);
    s.config().mode = mode;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The question and its grade drawn, in both languages (no crash, every state).
void draw_both(Session& s) {
    testing::Headless ui;
    for (const char* lang : {"en", "zh"}) {
        set_language(lang);
        ui.frame([&] {
            draw_prediction(s);
            draw_prediction(s, 300);
            draw_prediction_grade(s);
        });
    }
    set_language("en");
}

}  // namespace

TEST_CASE("predict: a lesson's question is asked before its first run, and nothing is shown as solved") {
    const catalog::Lesson& l = lesson("producer-consumer");
    REQUIRE(l.predict);
    Session s;
    s.select_lesson(l);
    REQUIRE(s.question() == &*l.predict);
    CHECK(s.question()->answers.size() == 2);
    CHECK(s.prediction() == -1);
    CHECK_FALSE(s.has_run());
    CHECK(s.grade().state == PredictionGrade::State::None);
    CHECK(grade_text(s.grade(), *s.question(), false).empty());
    CHECK(grade_text(s.grade(), *s.question(), true).empty());
    CHECK(answer_label(*s.question(), 0, false) == "a) making items (sleeping)");
    CHECK(answer_label(*s.question(), 1, true) == "b) 在 put() 里等队列腾出位置");
    draw_both(s);

    // A student's own file asks nothing.
    s.open_file(THREADLAB_PY_PROGRAMS "/locked_counter.py");
    CHECK(s.question() == nullptr);
    CHECK(s.prediction() == -1);
    s.set_prediction(0);  // nothing to set
    CHECK(s.prediction() == -1);
    draw_both(s);
    if (const catalog::Lesson* plain = other_lesson(false, l.id)) {
        s.select_lesson(*plain);
        CHECK(s.question() == nullptr);
    }
}

TEST_CASE("predict: the student's answer is kept per lesson, when another is selected and this one again") {
    const catalog::Lesson& l = lesson("producer-consumer");
    Session s;
    s.select_lesson(l);
    s.set_prediction(1);
    CHECK(s.prediction() == 1);
    s.set_prediction(7);  // not an answer: cleared
    CHECK(s.prediction() == -1);
    s.set_prediction(1);
    if (const catalog::Lesson* other = other_lesson(true, l.id)) {
        s.select_lesson(*other);
        CHECK(s.prediction() == -1);  // its own, none yet
        s.set_prediction(0);
        CHECK(s.prediction() == 0);
    }
    s.open_file(THREADLAB_PY_PROGRAMS "/locked_counter.py");
    s.select_lesson(l);
    CHECK(s.prediction() == 1);
    CHECK(s.grade().state == PredictionGrade::State::None);  // a new selection has no run to grade
    if (const catalog::Lesson* other = other_lesson(true, l.id)) {
        s.select_lesson(*other);
        CHECK(s.prediction() == 0);
    }
}

TEST_CASE("predict: a deterministic run grades it: the defaults show a), produce_s=0.02 shows b)") {
    const catalog::Lesson& l = lesson("producer-consumer");
    Session s;
    use_child(s, Mode::Deterministic);
    s.select_lesson(l);
    s.set_prediction(0);
    s.start();
    CHECK(s.grade().state == PredictionGrade::State::Pending);
    CHECK(s.grade().predicted == 0);
    CHECK(grade_text(s.grade(), l.predict.value(), false).empty());  // not solved until graded
    s.wait();
    REQUIRE(s.checks().state == CheckList::State::Done);
    const PredictionGrade& g = s.grade();
    REQUIRE(g.state == PredictionGrade::State::Shown);
    CHECK(g.shown == 0);
    CHECK(g.predicted == 0);
    CHECK(g.matched());
    CHECK(grade_text(g, *s.question(), false) == "\xE2\x9C\x93 You predicted this: this run showed a) making items (sleeping)");
    CHECK(contains(grade_text(g, *s.question(), true), "你预测对了"));
    CHECK(contains(grade_text(g, *s.question(), true), "a) 生产货物（睡眠）"));
    draw_both(s);

    // Other parameters: graded too, against the same prediction; the grade is about this run.
    s.set_lesson_value("produce_s", 0.02);
    s.start();
    s.wait();
    REQUIRE(s.grade().state == PredictionGrade::State::Shown);
    CHECK(s.grade().shown == 1);
    CHECK(s.grade().predicted == 0);
    CHECK_FALSE(s.grade().matched());
    CHECK(grade_text(s.grade(), *s.question(), false) ==
          "This run showed b) waiting in put() for room in the queue, you predicted a)");
    CHECK(grade_text(s.grade(), *s.question(), true) == "本次运行体现的是 b) 在 put() 里等队列腾出位置，你预测的是 a)");
    // The prediction may change after a graded run: the grade shown stays this run's.
    s.set_prediction(1);
    CHECK(s.grade().predicted == 0);
    CHECK(s.grade().shown == 1);
    draw_both(s);

    // Edited code is graded too; with no prediction the grade says so.
    s.set_prediction(-1);
    s.set_edited_text(s.edited_text() + "\nprint('edited')\n");
    s.start();
    s.wait();
    REQUIRE(s.grade().state == PredictionGrade::State::Shown);
    CHECK(s.grade().predicted == -1);
    CHECK(grade_text(s.grade(), *s.question(), false) ==
          "This run showed b) waiting in put() for room in the queue (you made no prediction)");
    draw_both(s);
}

TEST_CASE("predict: a run stopped by the user cannot tell, and a program that never ran cannot either") {
    const catalog::Lesson& l = lesson("producer-consumer");
    Session s;
    use_child(s, Mode::Free);  // 20 items at 0.2 s each: seconds, so Stop comes first
    s.select_lesson(l);
    s.set_prediction(1);
    s.start();
    s.set_prediction(0);  // the run going keeps the one it started with
    CHECK(s.grade().predicted == 1);
    s.halt();
    s.wait();
    REQUIRE(s.outcome() != nullptr);
    CHECK(s.outcome()->stopped);
    REQUIRE(s.grade().state == PredictionGrade::State::CannotTell);
    CHECK(s.grade().why == PredictionGrade::Why::Stopped);
    CHECK(grade_text(s.grade(), *s.question(), false) ==
          "This run cannot tell: it was stopped before its end. Run it again.");
    CHECK(contains(grade_text(s.grade(), *s.question(), true), "本次运行无法判断"));
    draw_both(s);

    s.set_edited_text("import threading\nx = = 1\n");
    s.start();
    s.wait();
    REQUIRE(s.grade().state == PredictionGrade::State::CannotTell);
    CHECK(s.grade().why == PredictionGrade::Why::NotRun);
    CHECK(s.grade().predicted == 0);
}

TEST_CASE("predict: the font atlas's text holds every lesson's question and answers, and the new labels") {
    const std::string all = text_for_fonts("");
    for (const catalog::Lesson& l : lesson_folders().lessons) {
        if (!l.predict) continue;
        INFO(l.id);
        CHECK(contains(all, l.predict->question.zh));
        for (const catalog::Bilingual& a : l.predict->answers) CHECK(contains(all, a.zh));
    }
    for (S key : {S::Predict, S::PredictMatched, S::PredictMissed, S::PredictCannotTell, S::PredictThisRun,
                  S::SpeedPythonFree, S::SpeedPythonDeterministic})
        CHECK(contains(all, tr_in(key, true)));
}

TEST_CASE("speed: the toolbar's speed reaches a Python run's config in free mode, and paces a deterministic one") {
    const catalog::Lesson& l = lesson("producer-consumer");
    Session s;
    use_child(s, Mode::Free);
    s.select_lesson(l);
    s.set_speed(4);
    s.set_prediction(0);
    s.start();
    CHECK(s.run_config().speed == 4);
    // A running child keeps its speed: a change applies at the next Run.
    s.set_speed(2);
    CHECK(s.run_config().speed == 4);
    CHECK(s.config().speed == 2);
    s.halt();
    s.wait();
    s.start();
    CHECK(s.run_config().speed == 2);
    s.halt();
    s.wait();

    // A student's own file too.
    s.open_file(THREADLAB_PY_PROGRAMS "/locked_counter.py");
    s.start();
    CHECK(s.run_config().speed == 2);
    s.wait();
    CHECK(s.outcome()->exit_status == 0);

    // Deterministic time is virtual: the speed paces it (the run is paced).
    s.config().mode = Mode::Deterministic;
    s.start();
    CHECK(s.run_config().speed == 2);
    CHECK(s.run_config().paced);
    s.wait();
    CHECK(s.config().speed == 2);
}
