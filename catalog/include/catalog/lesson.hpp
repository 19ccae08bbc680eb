// Lessons as folders. A lesson is a directory, found at run time, that a
// teacher can read top to bottom and add without compiling anything:
//
//   lessons/producer-consumer/
//     lesson.json     title and summary (en, zh), parameters, order
//     program.py      the program the student reads, edits and runs
//     text.en.md      the lesson text in English
//     text.zh.md      ... and in Simplified Chinese
//     checks.py       optional: what a run must show, in Python over its log
//
// A parameter names a top-level constant of program.py (`CAPACITY = 3`);
// its default is the program's own value, and a run with another value is
// the same program with that one line rewritten, so line numbers, the code
// pane and tracebacks stay as the student reads them.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tl::catalog {

struct Bilingual {
    std::string en;
    std::string zh;
    // zh when asked for and present, en otherwise.
    const std::string& get(const std::string& lang) const { return lang == "zh" && !zh.empty() ? zh : en; }
};

enum class ParamKind { Int, Real, Bool };

struct LessonParam {
    std::string name;      // --set NAME=VALUE and the slider's label
    std::string constant;  // the top-level constant of program.py it sets
    ParamKind kind = ParamKind::Int;
    double def = 0;        // the program's own value
    double min = 0;
    double max = 0;
    Bilingual help;
    int line = 0;          // the constant's line in program.py
    // Live: a top-level function of program.py that takes the new value
    // ("set_consumers"); a change while the program runs (free mode) calls
    // it from a "teacher" thread. Empty: the value applies at the next run.
    std::string live;
};

// "Predict, then run": a question the lesson asks before the first run,
// with a few answers; checks.py's @answer says which one a run showed.
struct Prediction {
    Bilingual question;
    std::vector<Bilingual> answers;  // 2 to 6
};

struct Lesson {
    std::string id;        // the folder's name: "producer-consumer"
    std::string dir;       // the folder's path
    Bilingual title;
    Bilingual summary;     // one or two sentences: what it teaches
    double order = 1000;   // lessons are listed by order, then by id
    std::string program;   // program.py as written (UTF-8)
    Bilingual text;        // the lesson texts (Markdown)
    std::vector<LessonParam> params;
    std::optional<Prediction> predict;
    std::string checks;    // checks.py's text, "" when the lesson has none
    std::string checks_path() const { return dir + "/checks.py"; }
    std::string program_path() const { return dir + "/program.py"; }
};

// Values by parameter name; every parameter of the lesson is present.
using Values = std::map<std::string, double>;

// Every lesson found, and one line for each folder that could not be loaded
// ("lessons/x/lesson.json: parameters[1].max: must be a number between ...").
// A broken lesson never keeps the others from loading.
struct Catalog {
    std::vector<Lesson> lessons;
    std::vector<std::string> errors;
    // The error of each folder that could not be loaded, by folder name: a
    // lesson of that id is broken, never silently something else.
    std::map<std::string, std::string> broken;
    // By id: a folder skipped because a lesson of that id was loaded first
    // (a teacher's copy of a built-in lesson), and the line that says so;
    // running that id says it again, so the teacher knows which one runs.
    std::map<std::string, std::string> shadowed;
    const Lesson* find(const std::string& id) const;
};

// Loads the lesson folders in each of `dirs` (each holds lesson folders);
// a later directory's lesson with the same id as an earlier one is an error
// line and is skipped.
Catalog load_catalog(const std::vector<std::string>& dirs);

// Loads one lesson folder; throws std::invalid_argument with the one-line
// error described above.
Lesson load_lesson(const std::string& dir);

// The built-in lessons' directory: $THREADLAB_LESSONS when set, else the
// source tree's lessons/ (the binary is run from its build tree).
std::string builtin_lessons_dir();

// The defaults of every parameter.
Values default_values(const Lesson& l);
// NAME=VALUE settings over the defaults. Throws std::invalid_argument with a
// one-line message naming the parameter and what is allowed.
Values parse_settings(const Lesson& l, const std::vector<std::string>& settings);
// One value checked against its parameter; throws std::invalid_argument likewise.
double validate_value(const Lesson& l, const std::string& name, const std::string& text);

// program.py with each parameter's constant set to its value in `values`
// (missing names keep the program's own value). The line count is unchanged.
std::string program_with(const Lesson& l, const Values& values);
// The same rewrite for any source text (an edited listing): each constant's
// first top-level assignment is rewritten when it is still a plain literal.
std::string apply_values(const std::string& source, const Lesson& l, const Values& values);

// A value as the program would read it: "3", "0.25", "True".
std::string format_value(const LessonParam& p, double v);

}  // namespace tl::catalog
