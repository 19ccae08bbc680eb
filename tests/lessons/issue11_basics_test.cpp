// Issue 11, lessons 1 to 4: start-and-join, race-and-lock, lock-vs-rlock and
// condition, through the real binary. Each one over 50 seeds in
// deterministic mode (every check PASS or NOT SHOWN as expected, exit 0),
// one seed twice byte for byte, one small free-mode run, runs with other
// parameters, its prediction graded for two settings, and a broken copy
// (loaded with --lessons under another id) that makes a check FAIL.
// Runs of one test are started a few at a time (each is a child process
// that mostly waits); the verdicts are read and checked in the test's thread.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/process.hpp"

namespace fs = std::filesystem;
using namespace tl::test;

namespace {

const fs::path kLessons = fs::path(THREADLAB_SOURCE_DIR) / "lessons";
constexpr size_t kParallel = 6;

enum class Verdict { Pass, Fail, NotShown };

struct Args {
    std::string id;
    std::string mode = "deterministic";
    std::vector<std::string> settings;
    int seed = 1;
    std::string lessons_dir;
    std::vector<std::string> extra;  // e.g. --granularity bytecode

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
    std::vector<std::pair<std::string, Verdict>> checks;

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
    // The answer this run showed (0, 1, ...), -1 when it could not tell.
    int answer() const {
        const auto& p = json["prediction"];
        if (p.is_null() || !p.contains("shown") || p["shown"].is_null()) return -1;
        return p["shown"].get<int>();
    }
};

std::string describe(const Run& r) {
    std::ostringstream out;
    out << r.args.text() << "\nexit " << r.process.exit_code << "\n";
    if (r.json.contains("checks"))
        for (const auto& c : r.json["checks"])
            out << (c["passed"].get<bool>() ? "PASS " : c["not_shown"].get<bool>() ? "NOT SHOWN " : "FAIL ")
                << c["name"].get<std::string>() << ": " << c["detail"].get<std::string>() << "\n";
    if (r.json.contains("prediction")) out << "prediction: " << r.json["prediction"].dump() << "\n";
    out << r.process.err.substr(0, 600);
    return out.str();
}

// Parses a finished run; REQUIREs, so only in the test's own thread.
Run parse(const Args& args, ProcessResult process) {
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

// Runs all of them, kParallel at a time, and returns them in order.
std::vector<Run> run_all(const std::vector<Args>& all) {
    std::vector<ProcessResult> results(all.size());
    for (size_t start = 0; start < all.size(); start += kParallel) {
        std::vector<std::future<ProcessResult>> batch;
        for (size_t i = start; i < std::min(all.size(), start + kParallel); ++i)
            batch.push_back(std::async(std::launch::async, [&all, i] { return run_threadlab(all[i].argv(), 90); }));
        for (size_t i = 0; i < batch.size(); ++i) results[start + i] = batch[i].get();
    }
    std::vector<Run> runs;
    for (size_t i = 0; i < all.size(); ++i) runs.push_back(parse(all[i], std::move(results[i])));
    return runs;
}

Run run_one(const Args& args) { return run_all({args})[0]; }

std::vector<Args> seeds(const std::string& id, const std::function<std::vector<std::string>(int)>& settings,
                        int count = 50) {
    std::vector<Args> all;
    for (int seed = 1; seed <= count; ++seed) {
        Args a;
        a.id = id;
        a.seed = seed;
        a.settings = settings(seed);
        all.push_back(a);
    }
    return all;
}

void require_none_failed(const Run& r) {
    INFO(describe(r));
    for (const auto& [name, v] : r.checks) {
        INFO(name);
        CHECK(v != Verdict::Fail);
    }
    CHECK(r.process.exit_code == 0);
}

void require_all_pass(const Run& r) {
    INFO(describe(r));
    for (const auto& [name, v] : r.checks) {
        INFO(name);
        CHECK(v == Verdict::Pass);
    }
    CHECK(r.process.exit_code == 0);
}

// The same seed twice gives the same --json output, byte for byte.
void require_repeatable(const Args& args) {
    const std::vector<Run> two = run_all({args, args});
    INFO(args.text());
    CHECK(two[0].process.out == two[1].process.out);
}

// A copy of one of these lessons under another id, with text replaced in
// one of its files (program.py unless told).
struct BrokenCopy {
    fs::path root;
    std::string id;
    BrokenCopy(const std::string& lesson, const std::vector<std::pair<std::string, std::string>>& edits,
               const std::string& file = "program.py")
        : root(temp_path("-issue11-broken")), id("broken-" + lesson) {
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
    Args args(const std::vector<std::string>& settings, int seed = 1) const {
        Args a;
        a.id = id;
        a.settings = settings;
        a.seed = seed;
        a.lessons_dir = root.string();
        return a;
    }
};

void require_fails(const Run& r, const std::string& check) {
    INFO(describe(r));
    CHECK(r.verdict(check) == Verdict::Fail);
    CHECK(r.process.exit_code == 1);
}

Args det(const std::string& id, const std::vector<std::string>& settings = {}, int seed = 1) {
    Args a;
    a.id = id;
    a.settings = settings;
    a.seed = seed;
    return a;
}

Args free_run(const std::string& id, const std::vector<std::string>& settings) {
    Args a = det(id, settings);
    a.mode = "free";
    return a;
}

}  // namespace

// ---- 1. start-and-join --------------------------------------------------------

TEST_CASE("issue 11: start-and-join over 50 seeds, the three ways and the join placements", "[lessons][issue11]") {
    // Virtual time: the defaults (4 s and 2 s) cost nothing.
    for (const Run& r : run_all(seeds("start-and-join", [](int seed) {
             return std::vector<std::string>{"how=" + std::to_string(seed % 3 + 1)};
         })))
        require_all_pass(r);
    require_repeatable(det("start-and-join"));

    const std::vector<Run> runs = run_all({det("start-and-join"), det("start-and-join", {"join_in_loop=True"}),
                                           det("start-and-join", {"join=False"}),
                                           det("start-and-join", {"join=False", "join_in_loop=True", "how=3"}),
                                           free_run("start-and-join", {"long_s=0.2", "short_s=0.1"}),
                                           free_run("start-and-join", {"long_s=0.2", "short_s=0.1", "join_in_loop=True"})});
    require_all_pass(runs[0]);
    CHECK(runs[0].answer() == 0);  // about 4 s
    require_all_pass(runs[1]);
    CHECK(runs[1].answer() == 1);  // about 6 s
    require_none_failed(runs[2]);
    CHECK(runs[2].verdict("every join() ran in MainThread") == Verdict::NotShown);
    CHECK(runs[2].verdict("only when it joined them") == Verdict::Pass);
    require_all_pass(runs[3]);
    require_none_failed(runs[4]);
    CHECK(runs[4].answer() == 0);
    require_none_failed(runs[5]);
    CHECK(runs[5].answer() == 1);
}

TEST_CASE("issue 11: start-and-join with a join() in the start loop overlaps nothing", "[lessons][issue11]") {
    const BrokenCopy broken("start-and-join", {{"    if JOIN_IN_LOOP:\n        t.join()", "    t.join()"}});
    const Run r = run_one(broken.args({}));
    require_fails(r, "started together the loops overlap");
    require_fails(r, "as long as the longer one together");
}

// ---- 2. race-and-lock ---------------------------------------------------------

TEST_CASE("issue 11: race-and-lock over 50 seeds, with and without the lock", "[lessons][issue11]") {
    // Odd seeds without the lock, even seeds with it; a call between read and write.
    const std::vector<Run> runs = run_all(seeds("race-and-lock", [](int seed) {
        return std::vector<std::string>{"times=300", "with_call=True", seed % 2 ? "use_lock=False" : "use_lock=True"};
    }));
    int lost = 0;
    for (const Run& r : runs) {
        require_none_failed(r);
        CHECK(r.verdict("every thread finished") == Verdict::Pass);
        CHECK(r.verdict("list.append and set.add lost nothing") == Verdict::Pass);
        if (r.args.seed % 2 == 0) {
            CHECK(r.verdict("with the lock, no update is lost") == Verdict::Pass);
            CHECK(r.answer() == 0);
        } else if (r.verdict("a lost update shows") == Verdict::Pass) {
            ++lost;
            CHECK(r.answer() == 1);
        }
    }
    CHECK(lost > 0);  // a call between the read and the write does lose updates
    require_repeatable(det("race-and-lock", {"times=300", "with_call=True"}));
}

TEST_CASE("issue 11: race-and-lock defaults, bytecode granularity and free mode", "[lessons][issue11]") {
    Args bytecode = det("race-and-lock", {"times=150"});
    bytecode.extra = {"--granularity", "bytecode"};
    Args bytecode_locked = bytecode;
    bytecode_locked.settings.push_back("use_lock=True");
    const std::vector<Run> runs =
        run_all({det("race-and-lock"), bytecode, bytecode_locked, det("race-and-lock", {"threads=1", "times=50"}),
                 free_run("race-and-lock", {"times=500", "threads=3"}),
                 free_run("race-and-lock", {"times=500", "use_lock=True", "with_call=True"})});
    // At CPython's own switch points counter += 1 in a loop keeps every update.
    require_none_failed(runs[0]);
    CHECK(runs[0].verdict("a lost update shows") == Verdict::NotShown);
    CHECK(runs[0].answer() == 0);
    // Switching before any instruction loses some (the text's command, smaller).
    require_none_failed(runs[1]);
    require_none_failed(runs[2]);
    CHECK(runs[2].verdict("with the lock, no update is lost") == Verdict::Pass);
    require_none_failed(runs[3]);
    CHECK(runs[3].verdict("every thread finished") == Verdict::Pass);
    require_none_failed(runs[4]);
    require_none_failed(runs[5]);
    CHECK(runs[5].verdict("with the lock, no update is lost") == Verdict::Pass);
}

TEST_CASE("issue 11: race-and-lock with the lock taken out of the locked path loses updates", "[lessons][issue11]") {
    const BrokenCopy broken("race-and-lock", {{"            lock.acquire()               #", "            pass  #"},
                                              {"            lock.release()", "            pass"},
                                              {"            with lock:", "            if True:"}});
    Args a = broken.args({"times=150", "use_lock=True", "with_call=True"});
    a.extra = {"--granularity", "bytecode"};
    require_fails(run_one(a), "with the lock, no update is lost");
}

// ---- 3. lock-vs-rlock ---------------------------------------------------------

TEST_CASE("issue 11: lock-vs-rlock over 50 seeds and its one-thread deadlock", "[lessons][issue11]") {
    for (const Run& r : run_all(seeds("lock-vs-rlock", [](int seed) {
             return std::vector<std::string>{"depth=" + std::to_string(seed % 10 + 1)};
         }))) {
        require_all_pass(r);
        CHECK(r.answer() == 1);  // only after the last release
    }
    require_repeatable(det("lock-vs-rlock"));
    require_repeatable(det("lock-vs-rlock", {"self_deadlock=True"}, 4));

    const std::vector<Run> runs = run_all({det("lock-vs-rlock", {"self_deadlock=True"}),
                                           free_run("lock-vs-rlock", {"hold_s=0.05", "depth=3"})});
    const Run& stuck = runs[0];
    require_none_failed(stuck);
    CHECK_FALSE(stuck.json["deadlock"].is_null());
    CHECK(stuck.verdict("waits for itself") == Verdict::Pass);
    CHECK(stuck.verdict("releasing a lock you do not hold") == Verdict::NotShown);
    CHECK(stuck.verdict("only after the owner's last release") == Verdict::Pass);
    require_all_pass(runs[1]);
}

TEST_CASE("issue 11: lock-vs-rlock with a plain Lock for the RLock fails", "[lessons][issue11]") {
    const BrokenCopy broken("lock-vs-rlock", {{"rlock = threading.RLock()", "rlock = threading.Lock()"}});
    const Run r = run_one(broken.args({}));
    require_fails(r, "without blocking");
    CHECK(r.answer() != 1);
}

// ---- 4. condition -------------------------------------------------------------

TEST_CASE("issue 11: condition over 50 seeds, notify(n) and notify_all()", "[lessons][issue11]") {
    for (const Run& r : run_all(seeds("condition", [](int seed) {
             return std::vector<std::string>{"items=4", "wake=" + std::to_string(seed % 4),
                                             seed % 5 ? "poller=True" : "poller=False"};
         }))) {
        require_none_failed(r);
        CHECK(r.verdict("exactly once") == Verdict::Pass);
        CHECK(r.verdict("no consumer left") == Verdict::Pass);
        CHECK(r.verdict("notify(n)") == Verdict::Pass);
    }
    require_repeatable(det("condition", {"wake=0"}));

    const std::vector<Run> runs =
        run_all({det("condition"), det("condition", {"poll_s=1"}), det("condition", {"wake=8", "consumers=8"}),
                 free_run("condition", {"make_s=0.05", "use_s=0.02", "poll_s=0.005", "consumers=2"})});
    require_all_pass(runs[0]);
    CHECK(runs[0].answer() == 1);  // hundreds of looks
    require_all_pass(runs[1]);
    CHECK(runs[1].answer() == 0);  // about once per item
    require_all_pass(runs[2]);
    require_all_pass(runs[3]);
}

TEST_CASE("issue 11: condition with `if` instead of `while` lets consumers leave early", "[lessons][issue11]") {
    const BrokenCopy broken("condition", {{"            while not items and not finished:",
                                           "            if not items and not finished:"}});
    require_fails(run_one(broken.args({"wake=0", "poller=False"})), "no consumer left");
}
