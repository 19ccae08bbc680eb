// One lesson as the front ends (the CLI and the GUI) list it: its id, title,
// summary and parameters in both languages, and its program text. Every
// lesson is a folder (lessons/ID/, catalog/); this is its entry in the list
// (lesson_list.hpp). Also the values of the parameters (Params) and the
// verdict of one check (CheckResult), which both front ends show.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "catalog/lesson.hpp"

namespace tl {

// English and Chinese, as lesson.json gives every text.
using Text = catalog::Bilingual;

enum class ParamType { Int, Real, Bool };

struct ParamSpec {
    std::string name;      // as used in --set NAME=VALUE
    ParamType type = ParamType::Int;
    double def = 0;
    double min = 0;
    double max = 0;
    Text help;
    bool live = false;     // lesson.json "live": takes effect while running (otherwise on the next run)
};

// Parameter values by name (a run's, as its report gives them); lessons
// parse and check them against lesson.json (catalog/values.hpp).
class Params {
public:
    double real(const std::string& name) const;
    int64_t integer(const std::string& name) const { return static_cast<int64_t>(real(name)); }
    bool flag(const std::string& name) const { return real(name) != 0; }
    void set(const std::string& name, double v) { values_[name] = v; }
    const std::map<std::string, double>& values() const { return values_; }

private:
    std::map<std::string, double> values_;
};

struct CheckResult {
    std::string name;
    bool passed = false;
    std::string detail;   // the numbers behind the verdict
    // Neither a pass nor a failure: this run could not show the effect (for
    // example the work is shorter than the machine's timer resolution at
    // this speed); `detail` says why. `passed` is false.
    bool not_shown = false;
    // In Chinese, "" when there is none (the CLI's own rows are in
    // English): a Python lesson's checks.py names its checks in both
    // languages and may give its details in both (say()).
    std::string name_zh = {};
    std::string detail_zh = {};
    const std::string& name_in(bool zh) const { return zh && !name_zh.empty() ? name_zh : name; }
    const std::string& detail_in(bool zh) const { return zh && !detail_zh.empty() ? detail_zh : detail; }
};

// "PASS", "FAIL" or "NOT SHOWN".
const char* check_verdict(const CheckResult& c);

struct LessonEntry {
    std::string id;                 // "gil-contention": the folder's name
    Text title;
    Text summary;                   // one or two sentences: what it teaches
    std::vector<ParamSpec> params;
    std::string python;             // the program (program.py); line 1 is the first line
};

}  // namespace tl
