// A scenario: one lesson's runnable program, its parameters, the Python
// listing it mirrors, and the checks (reducers over the event log) that say
// what it must demonstrate. Each scenario lives in its own file and is
// registered with one line in registry.cpp. Only the lessons that are not
// lesson folders yet (gil-contention, process-pool) are scenarios; the
// front ends also see every folder lesson as one (lesson_library.hpp).
#pragma once
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "threadlab/event_log.hpp"
#include "threadlab/runtime.hpp"

namespace tl {

struct Text {
    std::string en;
    std::string zh;
    const std::string& get(const std::string& lang) const { return lang == "zh" && !zh.empty() ? zh : en; }
};

enum class ParamType { Int, Real, Bool };

struct ParamSpec {
    std::string name;      // as used in --set NAME=VALUE
    ParamType type = ParamType::Int;
    double def = 0;
    double min = 0;
    double max = 0;
    Text help;
    bool live = false;     // takes effect while running (otherwise on reset)
};

// A ParamSpec in one line, as the scenario files declare them.
inline ParamSpec param(std::string name, ParamType type, double def, double min, double max, Text help,
                       bool live = false) {
    ParamSpec p;
    p.name = std::move(name);
    p.type = type;
    p.def = def;
    p.min = min;
    p.max = max;
    p.help = std::move(help);
    p.live = live;
    return p;
}

// `cores`: the modelled machine of deterministic mode, for scenarios whose
// lesson depends on how many cores there are. configure() copies it into
// RunConfig::cores.
inline ParamSpec cores_param() {
    return param("cores", ParamType::Int, 2, kMinCores, kMaxCores,
                 {"CPU cores of the modelled machine (deterministic mode; free mode uses the real ones)",
                  "模拟机器的 CPU 核数（确定性模式；自由模式使用真实核数）"});
}

// Parameter values by name; every spec'd parameter is present.
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
    // In Chinese, "" when there is none (a C++ scenario's checks are in
    // English): a Python lesson's checks.py names its checks in both
    // languages and may give its details in both (say()).
    std::string name_zh = {};
    std::string detail_zh = {};
    const std::string& name_in(bool zh) const { return zh && !name_zh.empty() ? name_zh : name; }
    const std::string& detail_in(bool zh) const { return zh && !detail_zh.empty() ? detail_zh : detail; }
};

// "PASS", "FAIL" or "NOT SHOWN".
const char* check_verdict(const CheckResult& c);

struct Scenario {
    std::string id;                 // "gil-contention"
    Text title;
    Text summary;                   // one or two sentences: what it teaches
    std::vector<ParamSpec> params;
    std::string python;             // the listing; line 1 is the first line
    // Runs as MainThread inside a Runtime; uses tl::make, tl::at, tl::sleep...
    std::function<void(const Params&)> program;
    // Reducers over the finished (or stopped) log.
    std::function<std::vector<CheckResult>(const EventLog&, const Params&)> checks;
    // Optional scenario-specific numbers for the summary and --json metrics.
    std::function<std::map<std::string, double>(const EventLog&, const Params&)> metrics;
    // Optional: parameters that shape the run itself (cores, GIL mode, switch
    // interval) are written into the RunConfig before the Runtime is made.
    std::function<void(RunConfig&, const Params&)> configure;
    // Optional: applies a live parameter to a running run (a GUI slider).
    std::function<void(Runtime&, const std::string& name, double value)> apply_live;
};

// The RunConfig for a run of `s`: `base` (mode, seed, speed from the user)
// with the scenario's configure() applied. Front ends always go through this.
RunConfig scenario_config(const Scenario& s, const Params& p, RunConfig base);

// Every registered scenario, in registration order.
const std::vector<Scenario>& all_scenarios();
const Scenario* find_scenario(const std::string& id);

// The defaults of every parameter.
Params default_params(const Scenario& s);
// Applies NAME=VALUE settings over the defaults. Throws std::invalid_argument
// with a one-line message naming the parameter and what is allowed.
Params parse_params(const Scenario& s, const std::vector<std::string>& settings);
// Checks one value against its spec; throws std::invalid_argument likewise.
double validate_param(const Scenario& s, const std::string& name, const std::string& text);

// The lesson Markdown for a scenario in "en" or "zh" (assets/lessons/ID.LANG.md);
// empty when the file is missing.
std::string lesson_markdown(const std::string& id, const std::string& lang);
// The folder that holds assets/ (THREADLAB_ASSETS overrides the built-in path).
std::string assets_dir();

}  // namespace tl
