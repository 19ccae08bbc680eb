// Running lessons through the real binary for the lesson tests: one run's
// arguments, its parsed --json verdicts, runs started a few at a time, and
// a broken copy of a lesson (loaded with --lessons under another id) whose
// program is edited so that one of its checks must fail.
#pragma once
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/process.hpp"

namespace tl::test {

namespace fs = std::filesystem;

inline const fs::path kLessons = fs::path(THREADLAB_SOURCE_DIR) / "lessons";

// One check's verdict as --json reports it.
enum class Verdict { Pass, Fail, NotShown };

struct Args {
    std::string id;
    std::string mode = "deterministic";
    std::vector<std::string> settings;  // NAME=VALUE
    int seed = 1;
    std::string lessons_dir;            // --lessons, "" for none
    std::vector<std::string> extra;     // e.g. --granularity bytecode

    std::vector<std::string> argv() const {
        std::vector<std::string> a = {"run", id, "--mode", mode, "--seed", std::to_string(seed), "--json"};
        if (!lessons_dir.empty()) a.insert(a.begin(), {"--lessons", lessons_dir});
        for (const std::string& s : settings) a.insert(a.end(), {"--set", s});
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    }
    std::string text() const {
        std::string joined = "threadlab";
        for (const auto& s : argv()) joined += " " + s;
        return joined;
    }
};

struct Run {
    Args args;
    ProcessResult process;
    nlohmann::json json;
    std::vector<std::pair<std::string, Verdict>> checks;  // in checks.py's order

    // The verdict of the one check whose name contains `part`.
    Verdict verdict(const std::string& part) const {
        const std::pair<std::string, Verdict>* found = nullptr;
        for (const auto& c : checks)
            if (c.first.find(part) != std::string::npos) {
                INFO("more than one check matches '" << part << "'");
                REQUIRE(found == nullptr);
                found = &c;
            }
        INFO("no check matches '" << part << "'");
        REQUIRE(found != nullptr);
        return found->second;
    }
    // The predicted answer this run showed (0, 1, ...), -1 when it could not tell.
    // (A lesson without a question has no "prediction": operator[] on a const
    // json with a missing key is undefined, so look first.)
    int answer() const {
        if (!json.contains("prediction")) return -1;
        const auto& p = json.at("prediction");
        return p.is_object() && p.contains("shown") && p.at("shown").is_number_integer() ? p.at("shown").get<int>()
                                                                                       : -1;
    }
};

inline std::string describe(const Run& r) {
    std::ostringstream out;
    out << r.args.text() << "\nexit " << r.process.exit_code << "\n";
    if (r.json.contains("checks"))
        for (const auto& c : r.json["checks"])
            out << (c["passed"].get<bool>() ? "PASS " : c["not_shown"].get<bool>() ? "NOT SHOWN " : "FAIL ")
                << c["name"].get<std::string>() << ": " << c["detail"].get<std::string>() << "\n";
    if (r.json.contains("prediction")) out << "prediction: " << r.json["prediction"].dump() << "\n";
    // How the program ended (its error, a process that ended early, a call blocked outside the engine),
    // and its last lines: what a failed check's detail may not say.
    if (r.json.contains("program")) out << "program: " << r.json["program"].dump() << "\n";
    if (r.json.contains("output") && r.json["output"].is_array()) {
        const auto& lines = r.json["output"];
        for (size_t i = lines.size() > 5 ? lines.size() - 5 : 0; i < lines.size(); ++i) out << "  | " << lines[i].dump() << "\n";
    }
    out << r.process.err.substr(0, 600);
    return out.str();
}

// Parses a finished run; REQUIREs, so only in the test's own thread.
inline Run parse(const Args& args, ProcessResult process) {
    Run r;
    r.args = args;
    r.process = std::move(process);
    INFO(args.text() << "\nstderr: " << r.process.err.substr(0, 600));
    REQUIRE_FALSE(r.process.timed_out);
    REQUIRE(nlohmann::json::accept(r.process.out));
    r.json = nlohmann::json::parse(r.process.out);
    REQUIRE(r.json.contains("checks"));
    for (const auto& c : r.json["checks"]) {
        const Verdict v = c["passed"].get<bool>()      ? Verdict::Pass
                          : c["not_shown"].get<bool>() ? Verdict::NotShown
                                                       : Verdict::Fail;
        r.checks.emplace_back(c["name"].get<std::string>(), v);
    }
    REQUIRE_FALSE(r.checks.empty());
    return r;
}

// Runs all of them, a few at a time (each is a child process that mostly
// waits), and returns them in order.
inline std::vector<Run> run_all(const std::vector<Args>& all, size_t parallel = 6) {
    std::vector<ProcessResult> results(all.size());
    for (size_t start = 0; start < all.size(); start += parallel) {
        std::vector<std::future<ProcessResult>> batch;
        for (size_t i = start; i < std::min(all.size(), start + parallel); ++i)
            batch.push_back(std::async(std::launch::async, [&all, i] { return run_threadlab(all[i].argv(), 90); }));
        for (size_t i = 0; i < batch.size(); ++i) results[start + i] = batch[i].get();
    }
    std::vector<Run> runs;
    for (size_t i = 0; i < all.size(); ++i) runs.push_back(parse(all[i], std::move(results[i])));
    return runs;
}

inline Run run_one(const Args& args) { return run_all({args})[0]; }

// A deterministic run of a lesson, and a free one.
inline Args det(const std::string& id, const std::vector<std::string>& settings = {}, int seed = 1) {
    Args a;
    a.id = id;
    a.settings = settings;
    a.seed = seed;
    return a;
}

inline Args free_run(const std::string& id, const std::vector<std::string>& settings) {
    Args a = det(id, settings);
    a.mode = "free";
    return a;
}

inline Run run_lesson(const std::string& id, const std::string& mode, const std::vector<std::string>& settings,
                      int seed = 1, const std::string& lessons_dir = "") {
    Args a;
    a.id = id;
    a.mode = mode;
    a.settings = settings;
    a.seed = seed;
    a.lessons_dir = lessons_dir;
    return run_one(a);
}

// The run's output lines that contain `text`.
inline size_t lines_with(const Run& r, const std::string& text) {
    size_t n = 0;
    for (const auto& o : r.json["output"]) n += o["text"].get<std::string>().find(text) != std::string::npos;
    return n;
}

inline void require_all_pass(const Run& r) {
    INFO(describe(r));
    for (const auto& [name, v] : r.checks) {
        INFO(name);
        CHECK(v == Verdict::Pass);
    }
    CHECK(r.process.exit_code == 0);
}

inline void require_none_failed(const Run& r) {
    INFO(describe(r));
    for (const auto& [name, v] : r.checks) {
        INFO(name);
        CHECK(v != Verdict::Fail);
    }
    CHECK(r.process.exit_code == 0);
}

// Every check passes, except those named in `not_shown`, which say NOT SHOWN.
inline void require_verdicts(const Run& r, const std::vector<std::string>& not_shown = {}) {
    INFO(describe(r));
    for (const auto& [name, v] : r.checks) {
        bool expect_not_shown = false;
        for (const std::string& part : not_shown) expect_not_shown |= name.find(part) != std::string::npos;
        INFO(name);
        CHECK(v == (expect_not_shown ? Verdict::NotShown : Verdict::Pass));
    }
    CHECK(r.process.exit_code == 0);
}

inline void require_prediction(const Run& r, int expected) {
    INFO(describe(r));
    CHECK(r.answer() == expected);
}

// Deterministic runs of `id` with seeds from..to.
inline std::vector<Args> seed_range(const std::string& id, const std::vector<std::string>& settings, int from, int to) {
    std::vector<Args> all;
    for (int seed = from; seed <= to; ++seed) {
        Args a;
        a.id = id;
        a.settings = settings;
        a.seed = seed;
        all.push_back(a);
    }
    return all;
}

// 50 seeds in deterministic mode: every check passes (or says NOT SHOWN where
// expected), the prediction is graded the same every time, and one seed twice
// gives the same --json output byte for byte.
inline void require_fifty_seeds(const std::string& id, const std::vector<std::string>& settings, int prediction,
                                const std::vector<std::string>& not_shown = {}) {
    for (const Run& r : run_all(seed_range(id, settings, 1, 50))) {
        require_verdicts(r, not_shown);
        require_prediction(r, prediction);
    }
    const Args one = seed_range(id, settings, 11, 11)[0];
    const std::vector<Run> twice = run_all({one, one});
    REQUIRE(twice.size() == 2);
    CHECK(twice[0].process.out == twice[1].process.out);
}

// A copy of a lesson in a directory of its own, under another id, with text
// replaced in one of its files (program.py unless told).
struct BrokenCopy {
    fs::path root;
    std::string id;
    BrokenCopy(const std::string& lesson, const std::vector<std::pair<std::string, std::string>>& edits,
               const std::string& file = "program.py")
        : root(temp_path("-broken-lesson")), id("broken-" + lesson) {
        fs::create_directories(root);
        fs::copy(kLessons / lesson, root / id, fs::copy_options::recursive);
        fs::remove_all(root / id / "__pycache__");
        std::ifstream in(root / id / file);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        for (const auto& [from, to] : edits) {
            const size_t at = text.find(from);
            INFO(file << " of " << lesson << " has no '" << from << "'");
            REQUIRE(at != std::string::npos);
            text.replace(at, from.size(), to);
        }
        std::ofstream(root / id / file, std::ios::trunc) << text;
    }
    ~BrokenCopy() { fs::remove_all(root); }
    Args args(const std::vector<std::string>& settings, int seed = 1, const std::string& mode = "deterministic") const {
        Args a;
        a.id = id;
        a.mode = mode;
        a.settings = settings;
        a.seed = seed;
        a.lessons_dir = root.string();
        return a;
    }
    Run run(const std::string& mode, const std::vector<std::string>& settings, int seed = 1) const {
        return run_one(args(settings, seed, mode));
    }
};

// The broken copy's run: the named check fails and the exit code says so.
inline void require_fails(const Run& r, const std::string& check) {
    INFO(describe(r));
    CHECK(r.verdict(check) == Verdict::Fail);
    CHECK(r.process.exit_code == 1);
}

}  // namespace tl::test
