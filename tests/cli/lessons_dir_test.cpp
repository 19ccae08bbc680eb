// A teacher's own folder of lessons (`--lessons DIR`): listed beside the
// built-in lessons, run, described; a broken lesson in it is named with its
// file and field while the others still load.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "cli_support.hpp"

namespace fs = std::filesystem;
using namespace tl::test;

namespace {

struct TeacherDir {
    fs::path root = temp_path("-lessons");
    TeacherDir() {
        // A copy of the built-in producer-consumer under a name of its own.
        fs::create_directories(root);
        fs::copy(fs::path(THREADLAB_SOURCE_DIR) / "lessons" / "producer-consumer", root / "my-queue",
                 fs::copy_options::recursive);
        std::ofstream(root / "my-queue" / "lesson.json")
            << R"({"title": {"en": "My queue lesson", "zh": "我的队列课"}, "summary": {"en": "A copy."},
                  "parameters": [{"name": "items", "constant": "ITEMS", "type": "int", "min": 1, "max": 50,
                                  "help": {"en": "items"}},
                                 {"name": "consumers", "constant": "CONSUMERS", "type": "int", "min": 1, "max": 4,
                                  "help": {"en": "consumers"}}]})";
        fs::create_directories(root / "broken");
        std::ofstream(root / "broken" / "program.py") << "print('hi')\n";
        std::ofstream(root / "broken" / "lesson.json") << R"({"title": {"en": "Broken"}, "summary": {"en": "x"},
            "parameters": [{"name": "n", "constant": "N", "type": "int", "min": 1, "max": 3, "help": {"en": "n"}}]})";
        std::ofstream(root / "broken" / "text.en.md") << "# Broken\n";
    }
    ~TeacherDir() { fs::remove_all(root); }
};

}  // namespace

TEST_CASE("cli lessons: --lessons DIR lists a teacher's lessons beside the built-in ones", "[cli][lessons]") {
    TeacherDir dir;
    const ProcessResult r = run_threadlab({"list", "--lessons", dir.root.string()});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("my-queue") != std::string::npos);
    CHECK(r.out.find("My queue lesson") != std::string::npos);
    CHECK(r.out.find("producer-consumer") != std::string::npos);
    CHECK(r.out.find("broken") == std::string::npos);
    // One line for the broken lesson, naming its file and what is wrong.
    CHECK(r.err.find("skipped: " + (dir.root / "broken" / "program.py").string() +
                     ": parameter 'n' sets constant N, but no top-level line") != std::string::npos);
    size_t about_dir = 0;
    for (size_t at = r.err.find(dir.root.string()); at != std::string::npos; at = r.err.find(dir.root.string(), at + 1))
        ++about_dir;
    CHECK(about_dir == 1);
    const ProcessResult zh = run_threadlab({"list", "--lang", "zh", "--lessons", dir.root.string()});
    CHECK(zh.out.find("我的队列课") != std::string::npos);
}

TEST_CASE("cli lessons: a teacher's lesson runs with its parameters and checks", "[cli][lessons]") {
    TeacherDir dir;
    const ProcessResult r = run_threadlab({"run", "my-queue", "--lessons", dir.root.string(), "--mode", "deterministic",
                                           "--set", "items=3", "--set", "consumers=2", "--json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = parse_json(r.out);
    CHECK(j["scenario"] == "my-queue");
    CHECK(j["params"]["items"] == 3);
    REQUIRE(j["checks"].size() == 3);
    for (const auto& c : j["checks"]) CHECK(c["passed"] == true);
    const ProcessResult out_of_range =
        run_threadlab({"run", "my-queue", "--lessons", dir.root.string(), "--set", "consumers=5"});
    CHECK(out_of_range.exit_code == 2);
    CHECK(out_of_range.err.find("'consumers' must be an integer from 1 to 4") != std::string::npos);
    const ProcessResult described = run_threadlab({"describe", "my-queue", "--lessons", dir.root.string()});
    CHECK(described.out.find("My queue lesson") != std::string::npos);
    CHECK(described.out.find("q = queue.Queue(maxsize=CAPACITY)") != std::string::npos);
}

TEST_CASE("cli lessons: running a broken lesson says why it could not be loaded", "[cli][lessons]") {
    TeacherDir dir;
    const ProcessResult r = run_threadlab({"run", "broken", "--lessons", dir.root.string()});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("lesson 'broken' could not be loaded: ") != std::string::npos);
    CHECK(r.err.find("constant N") != std::string::npos);
    const ProcessResult missing = run_threadlab({"list", "--lessons", (dir.root / "nowhere").string()});
    CHECK(missing.err.find("nowhere: not a folder of lessons") != std::string::npos);
}

TEST_CASE("cli lessons: the example lesson of docs/LESSONS.md runs as the page says", "[cli][lessons]") {
    const std::string dir = std::string(THREADLAB_SOURCE_DIR) + "/docs/examples/lessons";
    const ProcessResult locked =
        run_threadlab({"run", "two-counters", "--lessons", dir, "--mode", "deterministic", "--set", "adds=500"});
    CHECK(locked.exit_code == 0);
    CHECK(locked.out.find("counter = 1000 (expected 1000)") != std::string::npos);
    CHECK(locked.out.find("OK: 2 of 2 checks passed") != std::string::npos);
    const ProcessResult unlocked = run_threadlab({"run", "two-counters", "--lessons", dir, "--mode", "deterministic",
                                                  "--set", "adds=300000", "--set", "use_lock=false"});
    CHECK(unlocked.exit_code == 0);
    CHECK(unlocked.out.find("counter = 438907 (expected 600000)") != std::string::npos);
    CHECK(unlocked.out.find("NOT SHOWN  with the lock, no update is lost: this run has no lock") != std::string::npos);
}

TEST_CASE("cli lessons: run --lang zh prints check names and say() details in Chinese, --json has both",
          "[cli][lessons]") {
    const std::string dir = std::string(THREADLAB_SOURCE_DIR) + "/docs/examples/lessons";
    const std::vector<std::string> unlocked = {"run", "two-counters", "--lessons", dir, "--mode", "deterministic",
                                               "--set", "adds=200", "--set", "use_lock=false"};
    std::vector<std::string> zh = unlocked;
    zh.insert(zh.end(), {"--lang", "zh"});
    const ProcessResult text = run_threadlab(zh);
    INFO(text.err);
    CHECK(text.exit_code == 0);
    CHECK(text.out.find("NOT SHOWN  加了锁，一次更新也不丢：这次运行没有加锁（counter = 400 (expected 400)）") !=
          std::string::npos);
    CHECK(text.out.find("PASS  每个累加线程都结束了：2 个累加线程") != std::string::npos);
    CHECK(text.out.find("no update is lost") == std::string::npos);
    const ProcessResult en = run_threadlab(unlocked);
    CHECK(en.out.find("PASS  every adder finished: 2 adders") != std::string::npos);

    std::vector<std::string> as_json = unlocked;
    as_json.insert(as_json.end(), {"--lang", "zh", "--json"});  // --json carries both, whatever --lang says
    const ProcessResult j = run_threadlab(as_json);
    const auto checks = parse_json(j.out)["checks"];
    REQUIRE(checks.size() == 2);
    CHECK(checks[1]["name"] == "every adder finished");
    CHECK(checks[1]["name_zh"] == "每个累加线程都结束了");
    CHECK(checks[1]["detail"] == "2 adders");
    CHECK(checks[1]["detail_zh"] == "2 个累加线程");
}

TEST_CASE("cli lessons: a teacher's plain-string detail is shown the same under --lang zh", "[cli][lessons]") {
    const fs::path root = temp_path("-plain");
    fs::create_directories(root);
    fs::copy(fs::path(THREADLAB_SOURCE_DIR) / "docs" / "examples" / "lessons" / "two-counters", root / "old-style",
             fs::copy_options::recursive);
    // Written before say(): a detail in English only, and no Chinese name.
    std::ofstream(root / "old-style" / "checks.py") << "from threadlab import check\n\n"
                                                       "@check('every adder finished')\n"
                                                       "def done(run):\n"
                                                       "    return True, f'{len(run.threads)} threads'\n";
    const ProcessResult text = run_threadlab({"run", "old-style", "--lessons", root.string(), "--mode",
                                              "deterministic", "--set", "adds=50", "--lang", "zh"});
    INFO(text.err);
    CHECK(text.exit_code == 0);
    CHECK(text.out.find("PASS  every adder finished：3 threads") != std::string::npos);
    const ProcessResult j = run_threadlab(
        {"run", "old-style", "--lessons", root.string(), "--mode", "deterministic", "--set", "adds=50", "--json"});
    const auto checks = parse_json(j.out)["checks"];
    REQUIRE(checks.size() == 1);
    CHECK(checks[0]["detail"] == "3 threads");
    CHECK(checks[0]["detail_zh"] == "3 threads");
    CHECK(checks[0]["name_zh"] == "every adder finished");
    fs::remove_all(root);
}

TEST_CASE("cli lessons: a broken folder never falls back to another lesson of the same id", "[cli][lessons]") {
    // gil-contention is a built-in lesson folder (and was a C++ scenario); a
    // teacher's broken folder of that name is reported instead of running either.
    const fs::path root = temp_path("-shadow");
    fs::create_directories(root / "gil-contention");
    std::ofstream(root / "gil-contention" / "program.py") << "print('mine')\n";
    const ProcessResult r = run_threadlab({"run", "gil-contention", "--lessons", root.string()});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("lesson 'gil-contention' could not be loaded: ") != std::string::npos);
    CHECK(r.err.find("lesson.json: cannot be read") != std::string::npos);
    const ProcessResult listed = run_threadlab({"list", "--lessons", root.string()});
    CHECK(listed.out.find("gil-contention") == std::string::npos);
    fs::remove_all(root);
}

TEST_CASE("cli lessons: a lesson's prediction is printed with the answer the run showed", "[cli][lessons]") {
    const ProcessResult r = run_threadlab({"run", "producer-consumer", "--mode", "deterministic"});
    CHECK(r.out.find("Predict\n  With the defaults") != std::string::npos);
    CHECK(r.out.find("    a) making items (sleeping)\n    b) waiting in put()") != std::string::npos);
    CHECK(r.out.find("  This run showed: making items (sleeping)") != std::string::npos);
    // A faster producer fills the queue early, and then waits most of the time.
    const ProcessResult fast =
        run_threadlab({"run", "producer-consumer", "--mode", "deterministic", "--set", "produce_s=0.02", "--json"});
    const auto j = parse_json(fast.out);
    CHECK(j["prediction"]["shown"] == 1);
    CHECK(j["prediction"]["answers"].size() == 2);
    CHECK(j["prediction"]["answers_zh"].size() == 2);
    CHECK(j["prediction"]["question_zh"].get<std::string>().find("默认") != std::string::npos);
    const ProcessResult zh = run_threadlab({"run", "producer-consumer", "--mode", "deterministic", "--lang", "zh"});
    CHECK(zh.out.find("\n预测\n  ") != std::string::npos);
    CHECK(zh.out.find("  本次运行体现的是：") != std::string::npos);
}

TEST_CASE("cli lessons: a teacher's copy under a built-in's id is skipped, and running that id says so",
          "[cli][lessons]") {
    const fs::path root = temp_path("-shadow");
    fs::create_directories(root);
    fs::copy(fs::path(THREADLAB_SOURCE_DIR) / "lessons" / "timers", root / "timers", fs::copy_options::recursive);
    const ProcessResult r = run_threadlab({"--lessons", root.string(), "run", "timers", "--mode", "deterministic"});
    fs::remove_all(root);
    CHECK(r.exit_code == 0);
    const std::string builtin = (fs::path(THREADLAB_SOURCE_DIR) / "lessons" / "timers").string();
    CHECK(r.err.find("note: running " + builtin) != std::string::npos);
    CHECK(r.err.find((root / "timers").string() + ": a lesson named 'timers' is already loaded") != std::string::npos);
    CHECK(r.err.find("rename its folder") != std::string::npos);
}
