// The checks panel: what a run was meant to show, each check with its
// verdict (pass, fail, or "not shown": this run could not show the effect)
// and the numbers behind it.
//
// The panel draws a plain list of rows: a lesson's checks.py, run in a child
// process after the run (names in both languages), whose rows arrive a
// moment later: meanwhile the list is Checking.
#pragma once
#include <string>
#include <vector>

#include "lesson_list/lesson_entry.hpp"

namespace tl::gui {

struct CheckRow {
    std::string name_en;
    std::string name_zh;  // "" : name_en in both languages
    bool passed = false;
    bool not_shown = false;  // neither pass nor failure; `detail` says why
    std::string detail;      // English
    std::string detail_zh = {};  // "" : `detail` in both languages (a plain string from checks.py)
    const std::string& name(bool chinese) const { return chinese && !name_zh.empty() ? name_zh : name_en; }
    const std::string& detail_in(bool chinese) const { return chinese && !detail_zh.empty() ? detail_zh : detail; }
};

struct CheckList {
    enum class State {
        None,      // the selection has no checks (a student's own program): no panel
        Waiting,   // they are worked out once the run has ended
        Checking,  // the run has ended; the rows are being computed
        Done,      // `rows` are this run's (empty: checks.py defines none)
        Stopped,   // a lesson's run stopped by the user: not judged
        NotRun,    // a lesson's program never ran (a SyntaxError, no child process): nothing to judge
    };
    State state = State::None;
    std::vector<CheckRow> rows;

    int passed() const;
    int failed() const;
    int not_shown() const;
};

CheckRow check_row(const CheckResult& c);

// The panel's body (the caller gives it a pane or a tab): a summary line,
// then the failures, the checks this run could not show, and the passes.
void draw_checks(const CheckList& checks);
// "Checks", or with the verdicts once known: "Checks  3/4".
std::string checks_title(const CheckList& checks);

}  // namespace tl::gui
