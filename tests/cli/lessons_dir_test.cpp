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

TEST_CASE("cli lessons: a broken folder never falls back to a C++ scenario of the same id", "[cli][lessons]") {
    // gil-contention is (still) a C++ scenario; a teacher's broken folder of that name wins.
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
}
