// "Predict, then run": a lesson's question (lesson.json's predict) with its
// answers as radio buttons, asked before the run, and once a run's checks
// have graded it, which answer this run showed against the student's
// prediction (green: you predicted this; amber: this run showed b), you
// predicted a); grey: this run cannot tell, and why). Nothing is shown as
// solved before a run has graded it.
#pragma once
#include <string>

#include "catalog/lesson.hpp"
#include "gui/session.hpp"

namespace tl::gui {

// "a) making items (sleeping)": the answer's letter (as `threadlab run`
// prints it) and its text in the language.
std::string answer_label(const catalog::Prediction& p, int index, bool zh);

// The grade's one line in the language ("" while there is none: no run yet,
// or the run is still going).
// `letters_only`: the answers by their letters ("this run showed b), you
// predicted a)"), for a pane that shows the answer itself beside it.
std::string grade_text(const PredictionGrade& g, const catalog::Prediction& p, bool zh, bool letters_only = false);

// The question, the answers to pick from (locked while a run goes: it keeps
// the prediction it started with) and the grade of the last run. For the
// top of the lesson pane. Nothing when the lesson asks nothing.
// `width`: the box's (0: the window's).
void draw_prediction(Session& session, float width = 0);
// The question and the grade only (no answers to pick): above the checks.
void draw_prediction_grade(const Session& session);

}  // namespace tl::gui
