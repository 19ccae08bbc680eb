// Lesson folders: the loader's one-line errors, the constants a parameter
// rewrites, and settings typed by a user.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "catalog/lesson.hpp"
#include "catalog/program_constants.hpp"

namespace fs = std::filesystem;
using namespace tl::catalog;

namespace {

const char* const kProgram = "import threading\n\nWORKERS = 3          # threads\nDELAY_S = 0.25\nLOUD = False\n"
                             "WORKERS_TOO = 9\n\ndef f():\n    WORKERS = 1\n";

const char* const kMeta = R"({
  "title": {"en": "A lesson", "zh": "一课"},
  "summary": {"en": "What it teaches.", "zh": "它教什么。"},
  "order": 5,
  "parameters": [
    {"name": "workers", "constant": "WORKERS", "type": "int", "min": 1, "max": 8,
     "help": {"en": "worker threads", "zh": "工作线程数"}},
    {"name": "delay", "constant": "DELAY_S", "type": "real", "min": 0, "max": 2, "help": {"en": "seconds"}},
    {"name": "loud", "constant": "LOUD", "type": "bool", "help": {"zh": "大声"}}
  ]
})";

// A lesson folder in a fresh temporary directory; returns the folder.
struct Folder {
    fs::path root;
    fs::path dir;
    explicit Folder(const std::string& id = "demo") {
        std::random_device rd;
        root = fs::temp_directory_path() / ("threadlab-catalog-" + std::to_string(rd()));
        dir = root / id;
        fs::create_directories(dir);
        write("lesson.json", kMeta);
        write("program.py", kProgram);
        write("text.en.md", "# A lesson\n");
        write("text.zh.md", "# 一课\n");
    }
    ~Folder() { fs::remove_all(root); }
    void write(const std::string& name, const std::string& text) const { std::ofstream(dir / name) << text; }
    std::string load_error() const {
        try {
            load_lesson(dir.string());
        } catch (const std::invalid_argument& e) {
            return e.what();
        }
        return "";
    }
};

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("catalog: a top-level constant is found by its exact name at column 0", "[catalog]") {
    const std::string src = kProgram;
    const auto w = find_constant(src, "WORKERS");
    REQUIRE(w);
    CHECK(w->line == 3);
    CHECK(w->literal == "3");
    CHECK(find_constant(src, "DELAY_S")->literal == "0.25");
    CHECK(find_constant(src, "LOUD")->literal == "False");
    CHECK(find_constant(src, "WORKERS_TOO")->line == 6);
    CHECK_FALSE(find_constant(src, "WORK"));         // a prefix is another name
    CHECK_FALSE(find_constant(src, "threading"));
    CHECK_FALSE(find_constant("X == 3\n", "X"));     // a comparison, not an assignment
    CHECK_FALSE(find_constant("X = f()\n", "X"));    // not a literal
    CHECK_FALSE(find_constant("  X = 3\n", "X"));    // not top-level
    CHECK(find_constant("X = -1_000\n", "X")->literal == "-1_000");
    CHECK(*literal_value("-1_000") == -1000);
    CHECK(*literal_value("True") == 1);
    CHECK_FALSE(literal_value("'text'"));
    CHECK_FALSE(literal_value("nan"));
}

TEST_CASE("catalog: a lesson loads with its parameters' defaults read from the program", "[catalog]") {
    Folder f;
    const Lesson l = load_lesson(f.dir.string());
    CHECK(l.id == "demo");
    CHECK(l.title.get("zh") == "一课");
    CHECK(l.order == 5);
    REQUIRE(l.params.size() == 3);
    CHECK(l.params[0].def == 3);
    CHECK(l.params[0].line == 3);
    CHECK(l.params[1].def == 0.25);
    CHECK(l.params[1].help.zh == "seconds");  // a missing language falls back to the other
    CHECK(l.params[2].kind == ParamKind::Bool);
    CHECK(l.params[2].help.en == "大声");
    CHECK(l.checks.empty());
    CHECK(l.params[0].live.empty());
    // A live parameter names the program's function that takes the new value.
    Folder live;
    live.write("lesson.json", replaced(kMeta, "\"help\": {\"en\": \"seconds\"}", "\"help\": {\"en\": \"seconds\"}, \"live\": \"f\""));
    CHECK(load_lesson(live.dir.string()).params[1].live == "f");
}

TEST_CASE("catalog: a lesson's prediction has its question and answers in both languages", "[catalog]") {
    Folder f;
    f.write("lesson.json", replaced(kMeta, "\"order\": 5,", R"("order": 5, "predict": {"question": {"en": "How long?", "zh": "多久？"},
        "answers": [{"en": "2 s"}, {"en": "4 s", "zh": "4 秒"}]},)"));
    const Lesson l = load_lesson(f.dir.string());
    REQUIRE(l.predict);
    CHECK(l.predict->question.get("zh") == "多久？");
    REQUIRE(l.predict->answers.size() == 2);
    CHECK(l.predict->answers[0].get("zh") == "2 s");
    CHECK(l.predict->answers[1].get("zh") == "4 秒");
    CHECK_FALSE(load_lesson(Folder().dir.string()).predict);
}

TEST_CASE("catalog: parameter values rewrite only their constants, keeping every line", "[catalog]") {
    Folder f;
    const Lesson l = load_lesson(f.dir.string());
    const Values v = parse_settings(l, {"workers=7", "delay=2", "loud=yes"});
    const std::string out = program_with(l, v);
    CHECK(out == replaced(replaced(replaced(kProgram, "WORKERS = 3 ", "WORKERS = 7 "), "DELAY_S = 0.25", "DELAY_S = 2.0"),
                          "LOUD = False", "LOUD = True"));
    CHECK(program_with(l, default_values(l)) == kProgram);  // the defaults are the program's own values
    CHECK(format_value(l.params[1], 0.5) == "0.5");
    CHECK(format_value(l.params[0], 4) == "4");
    // An edited listing whose constant is no longer a literal keeps the edit.
    const std::string edited = replaced(kProgram, "WORKERS = 3 ", "WORKERS = len('abc') ");
    CHECK(apply_values(edited, l, v).find("WORKERS = len('abc')") != std::string::npos);
}

TEST_CASE("catalog: a bad setting names the parameter and what is allowed", "[catalog]") {
    Folder f;
    const Lesson l = load_lesson(f.dir.string());
    CHECK_THROWS_WITH(parse_settings(l, {"workers=9"}), Catch::Contains("'workers' must be an integer from 1 to 8"));
    CHECK_THROWS_WITH(parse_settings(l, {"workers=2.5"}), Catch::Contains("'workers'"));
    CHECK_THROWS_WITH(parse_settings(l, {"nope=1"}), Catch::Contains("unknown parameter 'nope'") &&
                                                           Catch::Contains("allowed: workers, delay, loud"));
    CHECK_THROWS_WITH(parse_settings(l, {"workers"}), Catch::Contains("NAME=VALUE"));
    CHECK_THROWS_WITH(parse_settings(l, {"loud=maybe"}), Catch::Contains("true or false"));
}

TEST_CASE("catalog: every mistake in a lesson folder is one line naming the file and the field", "[catalog]") {
    struct Case {
        std::string file, text, expected;
    };
    const std::string meta = kMeta;
    const std::vector<Case> cases = {
        {"lesson.json", "{\"title\": ", "lesson.json: not valid JSON at line 1"},
        {"lesson.json", "[1, 2]", "must be a JSON object"},
        {"lesson.json", replaced(meta, "\"order\"", "\"ordre\""), "lesson.json: ordre: unknown field (allowed: order, parameters, predict, summary, title)"},
        {"lesson.json", replaced(meta, "\"title\": {\"en\": \"A lesson\", \"zh\": \"一课\"},", ""), "lesson.json: title: missing"},
        {"lesson.json", replaced(meta, "\"title\": {\"en\": \"A lesson\", \"zh\": \"一课\"}", "\"title\": \"A lesson\""),
         "lesson.json: title: must be an object"},
        {"lesson.json", replaced(meta, "\"type\": \"int\"", "\"type\": \"integer\""),
         "lesson.json: parameters[0] (workers).type: must be \"int\", \"real\" or \"bool\""},
        {"lesson.json", replaced(meta, "\"min\": 1, \"max\": 8", "\"min\": 9, \"max\": 8"),
         "parameters[0] (workers).min: must not be greater than max"},
        {"lesson.json", replaced(meta, "\"min\": 0, \"max\": 2", "\"min\": 0, \"max\": \"2\""),
         "parameters[1] (delay).max: must be a number"},
        {"lesson.json", replaced(meta, "\"constant\": \"WORKERS\"", "\"constant\": \"THREADS\""),
         "program.py: parameter 'workers' sets constant THREADS, but no top-level line"},
        {"lesson.json", replaced(meta, "\"name\": \"delay\"", "\"name\": \"workers\""),
         "parameters[1].name: 'workers' is given twice"},
        {"lesson.json", replaced(meta, "\"name\": \"workers\", ", ""), "parameters[0].name: missing"},
        {"lesson.json", replaced(meta, "\"order\": 5,", "\"predict\": {\"question\": {\"en\": \"?\"}, \"answers\": [{\"en\": \"a\"}]},"),
         "lesson.json: predict.answers: must be a list of 2 to 6 answers"},
        {"lesson.json", replaced(meta, "\"order\": 5,", "\"predict\": {\"question\": {\"en\": \"?\"}, \"answers\": [{\"en\": \"a\"}, \"b\"]},"),
         "lesson.json: predict.answers[1]: must be an object"},
        {"lesson.json", replaced(meta, "\"order\": 5,", "\"predict\": {\"answers\": []},"), "lesson.json: predict.question: missing"},
        {"lesson.json", replaced(meta, "\"help\": {\"en\": \"seconds\"}", "\"help\": {\"en\": \"seconds\"}, \"live\": \"set delay\""),
         "parameters[1] (delay).live: must be the name of a function of program.py"},
        {"lesson.json", replaced(meta, "\"help\": {\"en\": \"seconds\"}", "\"help\": {\"en\": \"seconds\"}, \"live\": \"set_delay\""),
         "program.py: parameter 'delay' is live through set_delay(), but no top-level `def set_delay(...)` is there"},
        {"program.py", replaced(kProgram, "WORKERS = 3", "WORKERS = 30"),
         "program.py: line 3: WORKERS = 30 is outside parameter 'workers''s range 1 to 8"},
        {"program.py", replaced(kProgram, "LOUD = False", "LOUD = 0"), "LOUD = 0 must be True or False"},
        {"program.py", replaced(kProgram, "WORKERS = 3", "WORKERS = 3.0"), "WORKERS = 3.0 must be an integer"},
    };
    for (const Case& c : cases) {
        INFO(c.file << " -> " << c.expected);
        Folder f;
        f.write(c.file, c.text);
        const std::string e = f.load_error();
        CHECK(e.find(c.expected) != std::string::npos);
        CHECK(e.find('\n') == std::string::npos);
        CHECK(e.find(f.dir.string() + "/") == 0);  // it starts with the file it is about
    }
    Folder no_text;
    fs::remove(no_text.dir / "text.en.md");
    fs::remove(no_text.dir / "text.zh.md");
    CHECK(no_text.load_error().find("needs a lesson text") != std::string::npos);
    Folder no_program;
    fs::remove(no_program.dir / "program.py");
    CHECK(no_program.load_error().find("program.py: cannot be read") != std::string::npos);
}

TEST_CASE("catalog: a broken lesson is named and the others still load", "[catalog]") {
    Folder good("good");
    const fs::path bad = good.root / "bad";
    fs::create_directories(bad);
    std::ofstream(bad / "lesson.json") << "{";
    std::ofstream(bad / "program.py") << "pass\n";
    const Catalog c = load_catalog({good.root.string(), good.root.string(), (good.root / "missing").string()});
    REQUIRE(c.lessons.size() == 1);
    CHECK(c.lessons[0].id == "good");
    CHECK(c.find("good") == &c.lessons[0]);
    CHECK(c.find("bad") == nullptr);
    REQUIRE(c.errors.size() == 4);
    CHECK(c.errors[0].find("bad/lesson.json: not valid JSON") != std::string::npos);
    // The same folder again: its lessons are already there.
    CHECK(c.errors[2].find("a lesson named 'good' is already loaded") != std::string::npos);
    REQUIRE(c.shadowed.count("good") == 1);
    CHECK(c.shadowed.at("good") == c.errors[2]);  // running 'good' says which folder was skipped
    CHECK(c.errors[3].find("missing: not a folder of lessons") != std::string::npos);
}
