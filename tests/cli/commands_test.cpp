// `threadlab` with no command, --help, list and describe, run as a process.
#include <catch2/catch.hpp>

#include "lesson_list/lesson_list.hpp"
#include "cli_support.hpp"

using namespace tl;
using namespace tl::test;

TEST_CASE("cli: no command prints the help, with every command, and exits 0", "[cli]") {
    const ProcessResult r = run_threadlab({});
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    for (const char* cmd : {"list", "describe", "run", "gui"}) CHECK(r.out.find(cmd) != std::string::npos);
}

TEST_CASE("cli: --help on the program and on every command", "[cli]") {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--help"}, "Subcommands"},
        {{"list", "--help"}, "--lang"},
        {{"describe", "--help"}, "ID"},
        {{"run", "--help"}, "--trace"},
        {{"gui", "--help"}, "--screenshot"},
    };
    for (const auto& [args, expected] : cases) {
        INFO(args.front() << " " << (args.size() > 1 ? args[1] : ""));
        const ProcessResult r = run_threadlab(args);
        CHECK(r.exit_code == 0);
        CHECK(r.err.empty());
        CHECK(r.out.find(expected) != std::string::npos);
    }
}

TEST_CASE("cli: list shows every scenario's id and title, in both languages", "[cli]") {
    for (const std::string lang : {"en", "zh"}) {
        const ProcessResult r = run_threadlab({"list", "--lang", lang});
        REQUIRE(r.exit_code == 0);
        const auto lines = lines_of(r.out);
        REQUIRE(lines.size() == all_lessons().size() + 1);  // a header, then one line each
        for (size_t i = 0; i < all_lessons().size(); ++i) {
            const LessonEntry& s = *all_lessons()[i];
            CHECK(lines[i + 1].rfind(s.id, 0) == 0);
            CHECK(lines[i + 1].find(s.title.get(lang)) != std::string::npos);
        }
    }
}

TEST_CASE("cli: describe shows title, summary, every parameter and the numbered listing", "[cli]") {
    REQUIRE_FALSE(all_lessons().empty());
    for (const LessonEntry* lesson : all_lessons()) {
        const LessonEntry& s = *lesson;
        INFO(s.id);
        const ProcessResult r = run_threadlab({"describe", s.id});
        REQUIRE(r.exit_code == 0);
        CHECK(r.out.find(s.title.en) != std::string::npos);
        CHECK(r.out.find(s.summary.en) != std::string::npos);
        for (const ParamSpec& p : s.params) {
            CHECK(r.out.find("  " + p.name + " ") != std::string::npos);
            CHECK(r.out.find(p.help.en) != std::string::npos);
        }
        // Every listing line appears after its number.
        const auto listing = lines_of(s.python);
        const auto out_lines = lines_of(r.out);
        for (size_t i = 0; i < listing.size(); ++i) {
            char prefix[32];
            std::snprintf(prefix, sizeof prefix, "%4zu  ", i + 1);
            const std::string expected = prefix + listing[i];
            CHECK(std::find(out_lines.begin(), out_lines.end(), expected) != out_lines.end());
        }
    }
}

TEST_CASE("cli: describe --lang zh uses the Chinese texts", "[cli]") {
    for (const LessonEntry* lesson : all_lessons()) {
        const LessonEntry& s = *lesson;
        if (s.title.zh.empty()) continue;
        const ProcessResult r = run_threadlab({"describe", s.id, "--lang", "zh"});
        REQUIRE(r.exit_code == 0);
        CHECK(r.out.find(s.title.zh) != std::string::npos);
        for (const ParamSpec& p : s.params) CHECK(r.out.find(p.help.get("zh")) != std::string::npos);
    }
}

TEST_CASE("cli: describe says which parameters change a running program", "[cli]") {
    const ProcessResult r = run_threadlab({"describe", "producer-consumer"});
    REQUIRE(r.exit_code == 0);
    const auto rows = lines_of(r.out);
    auto row = [&](const std::string& name) {
        for (const std::string& l : rows)
            if (l.rfind("  " + name + " ", 0) == 0) return l;
        return std::string();
    };
    REQUIRE(row("consumers").find(" yes ") != std::string::npos);  // lesson.json: "live": "set_consumers"
    CHECK(row("producers").find(" yes ") == std::string::npos);
    CHECK(r.out.find("  name ") != std::string::npos);
    CHECK(r.out.find(" live ") != std::string::npos);
}
