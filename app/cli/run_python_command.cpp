#include "cli/run_python_command.hpp"

#include <filesystem>
#include <fstream>
#include <optional>
#include <system_error>

#include <nlohmann/json.hpp>

#include "catalog/values.hpp"
#include "cli/atomic_file.hpp"
#include "cli/flags.hpp"
#include "cli/interrupt.hpp"
#include "lesson_list/lesson_list.hpp"
#include "cli/run_report.hpp"
#include "cli/summary_json.hpp"
#include "cli/summary_text.hpp"
#include "cli/usage_error.hpp"
#include "runner/lesson_checks.hpp"
#include "runner/python_run.hpp"
#include "threadlab/reduce.hpp"
#include "threadlab/trace_export.hpp"

namespace tl::cli {

namespace {

py::Granularity parse_granularity_flag(const std::string& text) {
    if (auto g = py::parse_granularity(text)) return *g;
    throw UsageError("--granularity: '" + text.substr(0, 40) + "' is not allowed (allowed: line, bytecode, switch)");
}

void require_readable(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw UsageError("'" + path + "': no such file (allowed: a Python file, or a lesson id: " + lesson_ids() + ")");
    std::ifstream in(path);
    if (!in) throw UsageError("'" + path + "': cannot be read (allowed: a readable Python file)");
}

std::string where_error(const std::string& path, const py::ProgramOutcome& p) {
    return path + (p.error_line > 0 ? ":" + std::to_string(p.error_line) : std::string()) + ": " + p.error;
}

// The report's last line: how the program ended, as a student would say it.
std::string verdict(const std::string& path, const runner::PythonOutcome& o, const RunReport& report) {
    if (report.interrupted) return "INTERRUPTED (Ctrl-C): the program was stopped";
    if (!o.blocked_outside.empty()) return "BLOCKED outside ThreadLab: " + o.blocked_outside;
    if (!report.deadlock.empty()) return "DEADLOCK: the program could never finish (see Deadlock above)";
    if (!o.process_error.empty()) return "ENDED EARLY: " + o.process_error;
    if (o.program.main_raised) return "RAISED: " + where_error(path, o.program) + " (exit status 1)";
    return "The program finished (exit status " + std::to_string(o.exit_status) + ")";
}

// What runs: a student's file, or a lesson's program with its parameters.
struct ProgramToRun {
    std::string path;    // as tracebacks and the report name it
    std::string source;  // empty: the file at `path`
    const catalog::Lesson* lesson = nullptr;
    catalog::Values values;
    std::vector<catalog::LiveChange> changes;  // --change, in order of time
};

// The lesson's checks.py over the finished run.
runner::ChecksResult lesson_checks(const catalog::Lesson& l, const catalog::Values& values, const EventLog& log,
                                   const runner::PythonOutcome& outcome, const RunConfig& cfg) {
    runner::ChecksInput in;
    in.lesson_id = l.id;
    in.checks_path = l.checks_path();
    in.checks_source = l.checks;
    for (const catalog::LessonParam& p : l.params) in.params.push_back({p.name, catalog::format_value(p, values.at(p.name))});
    in.log = &log;
    in.outcome = outcome;
    in.config = cfg;
    return runner::run_checks(in);
}

// As report rows. A checks.py that cannot run is one failed row saying why.
std::vector<CheckResult> check_rows(const runner::ChecksResult& r) {
    std::vector<CheckResult> rows;
    if (!r.error.empty()) {
        CheckResult row{"the lesson's checks ran", false, r.error};
        row.name_zh = "课程的检查能够运行";  // as the GUI names it (S::ChecksRan)
        row.detail_zh = r.error_zh;
        rows.push_back(row);
    }
    for (const runner::CheckRow& c : r.rows) {
        CheckResult row{c.name, c.passed, c.detail};
        row.not_shown = c.not_shown;
        row.name_zh = c.name_zh;
        row.detail_zh = c.detail_zh;
        rows.push_back(row);
    }
    return rows;
}

// The lesson's question and the answer this run showed (checks.py's @answer).
// In `lang` ("en" or "zh"), as the question and its answers are.
std::string shown_answer(const catalog::Prediction& p, const std::optional<runner::ChecksResult>& judged,
                         const std::string& lang) {
    const bool zh = lang == "zh";
    if (!judged) return zh ? "（未评判：运行被停止了）" : "(not judged: the run was stopped)";
    if (judged->answer >= 0 && judged->answer < static_cast<int>(p.answers.size()))
        return p.answers[judged->answer].get(lang);
    const std::string n = std::to_string(judged->answer);
    if (judged->answer >= 0)
        return zh ? "（checks.py 的 @answer 给出了 " + n + "，不是答案的序号）"
                  : "(checks.py's @answer gave " + n + ", not an answer's index)";
    const std::string& detail = zh && !judged->answer_detail_zh.empty() ? judged->answer_detail_zh : judged->answer_detail;
    if (zh) return "（本次运行无法判断" + (detail.empty() ? std::string() : "：" + detail) + "）";
    return "(this run cannot tell" + (detail.empty() ? std::string() : ": " + detail) + ")";
}

void print_prediction(const catalog::Prediction& p, const std::optional<runner::ChecksResult>& judged,
                      const std::string& lang, std::ostream& out) {
    const bool zh = lang == "zh";
    out << (zh ? "\n预测\n  " : "\nPredict\n  ") << p.question.get(lang) << '\n';
    for (size_t i = 0; i < p.answers.size(); ++i)
        out << "    " << char('a' + i) << ") " << p.answers[i].get(lang) << '\n';
    out << (zh ? "  本次运行体现的是：" : "  This run showed: ") << shown_answer(p, judged, lang) << '\n';
}

nlohmann::json prediction_json(const catalog::Prediction& p, const std::optional<runner::ChecksResult>& judged) {
    nlohmann::json j;
    j["question"] = p.question.en;
    j["question_zh"] = p.question.get("zh");
    j["answers"] = nlohmann::json::array();
    j["answers_zh"] = nlohmann::json::array();
    for (const catalog::Bilingual& a : p.answers) {
        j["answers"].push_back(a.en);
        j["answers_zh"].push_back(a.get("zh"));
    }
    const bool valid = judged && judged->answer >= 0 && judged->answer < static_cast<int>(p.answers.size());
    j["shown"] = valid ? nlohmann::json(judged->answer) : nlohmann::json();
    j["detail"] = judged ? judged->answer_detail : "not judged: the run was stopped";
    j["detail_zh"] = !judged                            ? "未评判：运行被停止了"
                     : judged->answer_detail_zh.empty() ? judged->answer_detail
                                                        : judged->answer_detail_zh;
    return j;
}

// The process's exit code, which the JSON reports too: a stopped run 130,
// a program that exited with a status its status, else the checks' verdict;
// a student's program that deadlocked 1 (a lesson may deadlock on purpose:
// its checks judge).
int exit_code_of(const runner::PythonOutcome& outcome, const RunReport& report, bool lesson) {
    if (report.interrupted) return kExitInterrupted;
    if (outcome.exit_status != 0) return outcome.exit_status;
    if (lesson || report.deadlock.empty()) return exit_code_for(report);
    return 1;
}

// --change as the report lists it: what was asked for, whether or not the
// run lasted until then (the teacher threads in the log say what happened).
nlohmann::json changes_json(const std::vector<catalog::LiveChange>& changes) {
    nlohmann::json a = nlohmann::json::array();
    for (const catalog::LiveChange& c : changes)
        a.push_back({{"param", c.param}, {"value", c.value}, {"at_s", c.at_s}, {"label", c.label}});
    return a;
}

Params params_of(const catalog::Values& values) {
    Params p;
    for (const auto& [name, v] : values) p.set(name, v);
    return p;
}

int run_python(const RunArgs& args, const ProgramToRun& program, std::ostream& out, std::ostream& err) {
    RunConfig cfg;
    cfg.mode = parse_mode(args.mode);
    cfg.policy = parse_policy(args.policy);
    cfg.seed = parse_seed(args.seed);
    cfg.speed = parse_speed(args.speed);  // free mode: sleeps and timeouts scaled; CPU work runs as fast as it runs
    cfg.gil = GilMode::Off;  // CPython's own GIL in free mode
    cfg.paced = false;
    if (args.trace_given) check_output(args.trace, "--trace");
    const std::string lang = parse_lang(args.lang);  // before the run, as every bad flag

    runner::PythonRunOptions options;
    options.path = program.path;
    options.source = program.source;
    options.config = cfg;
    options.granularity = parse_granularity_flag(args.granularity);
    options.changes = program.changes;
    InterruptGuard interrupt;
    runner::PythonRun run(options);
    interrupt.attach([&run] { run.stop(); });  // Ctrl-C ends the program's process at once
    run.wait();
    interrupt.detach();
    const runner::PythonOutcome outcome = run.outcome();
    if (outcome.completed && !outcome.program.compiled) {
        err << where_error(program.path, outcome.program) << '\n';
        return 1;
    }

    const World world = world_at(run.log());
    const Params params = params_of(program.values);
    RunReport report = make_report(program.lesson ? program.lesson->id : program.path, params, cfg, run.log(), deadlock_from(world));
    report.interrupted = interrupt.interrupted() && outcome.stopped && !outcome.completed;
    // A stopped run shows what it got to; judging it would mislead.
    std::optional<runner::ChecksResult> judged;
    if (program.lesson && !program.lesson->checks.empty() && !report.interrupted) {
        judged = lesson_checks(*program.lesson, program.values, run.log(), outcome, cfg);
        report.checks = check_rows(*judged);
    }
    report.interrupt_too_late = interrupt.interrupted() && !report.interrupted;
    report.granularity = options.granularity == py::Granularity::Switch ? "CPython switch point"
                                                                        : std::string(py::to_string(options.granularity));
    const int exit_code = exit_code_of(outcome, report, program.lesson != nullptr);
    if (args.json) {
        nlohmann::json j = summary_json(report);
        j["exit_code"] = exit_code;
        j["program"] = {{"exit_status", outcome.exit_status},
                        {"error", outcome.program.error},
                        {"error_line", outcome.program.error_line},
                        {"process_error", outcome.process_error},
                        {"blocked_outside", outcome.blocked_outside},
                        {"granularity", std::string(py::to_string(options.granularity))}};
        if (program.lesson && program.lesson->predict) j["prediction"] = prediction_json(*program.lesson->predict, judged);
        j["changes"] = changes_json(program.changes);
        out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    } else {
        print_summary(report, out, lang);
        if (program.lesson && program.lesson->predict) print_prediction(*program.lesson->predict, judged, lang, out);
        out << '\n' << verdict(program.path, outcome, report) << '\n';
    }
    if (args.trace_given) {
        std::map<std::string, std::string> meta{{"program", program.path},
                                                {"granularity", std::string(py::to_string(options.granularity))}};
        if (program.lesson) {
            meta["scenario"] = program.lesson->id;
            std::string p;
            for (const catalog::LessonParam& lp : program.lesson->params)
                p += (p.empty() ? "" : " ") + lp.name + "=" + catalog::format_value(lp, program.values.at(lp.name));
            meta["params"] = p;
            std::string c;
            for (const catalog::LiveChange& ch : program.changes)
                c += (c.empty() ? "" : " ") + ch.param + "=" + ch.value + "@" + catalog::number_text(ch.at_s);
            if (!c.empty()) meta["changes"] = c;
        }
        try {
            write_file_atomically(args.trace, [&](std::ostream& out) { write_chrome_trace(out, run.log(), meta); });
        } catch (const std::system_error& e) {
            throw UsageError("--trace: writing '" + args.trace + "' failed: " + e.code().message() +
                             " (allowed: a writable file path)");
        }
    }
    return exit_code;
}

}  // namespace

bool is_python_file(const std::string& id) {
    return id.size() > 3 && id.compare(id.size() - 3, 3, ".py") == 0;
}

int run_python_file(const RunArgs& args, std::ostream& out, std::ostream& err) {
    require_readable(args.id);
    if (!args.settings.empty())
        throw UsageError("--set: a Python file has no parameters (allowed: --set with a lesson id)");
    if (!args.changes.empty())
        throw UsageError("--change: a Python file has no live parameters (allowed: --change with a lesson id)");
    return run_python(args, ProgramToRun{args.id, "", nullptr, {}, {}}, out, err);
}

int run_lesson(const catalog::Lesson& lesson, const RunArgs& args, std::ostream& out, std::ostream& err) {
    if (auto it = lesson_folders().shadowed.find(lesson.id); it != lesson_folders().shadowed.end())
        err << "threadlab run: note: running " << lesson.dir << "; " << it->second << '\n';
    catalog::Values values;
    try {
        values = catalog::parse_settings(lesson, args.settings);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--set: ") + e.what());
    }
    std::vector<catalog::LiveChange> changes;
    try {
        changes = catalog::parse_changes(lesson, values, args.changes);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--change: ") + e.what());
    }
    return run_python(args,
                      ProgramToRun{lesson.program_path(), catalog::program_with(lesson, values), &lesson, values, changes},
                      out, err);
}

}  // namespace tl::cli
