// A live parameter changed at a moment of the run: what a teacher's slider
// does while a lesson runs, scripted (`threadlab run ID --change
// consumers=4@1.5`), so that a demo, a screenshot or a test can make the
// same change at the same moment every time.
#pragma once
#include <string>
#include <vector>

#include "catalog/lesson.hpp"

namespace tl::catalog {

struct LiveChange {
    std::string param;     // "consumers"
    std::string function;  // the program's function that takes it: "set_consumers"
    std::string value;     // as the program reads it: "4"
    double number = 0;     // the same value, as a slider holds it
    std::string label;     // what the teacher thread prints first: "teacher: consumers 1 -> 4"
    double at_s = 0;       // run time, seconds (virtual time in deterministic mode)
};

// What the teacher thread prints for a change from `from` to `to` (both as
// the program reads them): the GUI's sliders and --change say it the same way.
std::string live_label(const LessonParam& p, const std::string& from, const std::string& to);

// Each "NAME=VALUE@SECONDS" against the lesson's live parameters, sorted by
// time (changes at the same moment keep their order); each label's "from"
// is the value before it, starting at `start`. Throws std::invalid_argument
// with a one-line message naming the change and what is allowed.
std::vector<LiveChange> parse_changes(const Lesson& l, const Values& start, const std::vector<std::string>& texts);

}  // namespace tl::catalog
