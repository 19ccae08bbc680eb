// The registry, each scenario's descriptive fields, and the lesson files.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scenario.hpp"

namespace {

using namespace tl;

// The lessons still written in C++; every other lesson is a folder (lessons/).
const std::vector<std::string> kIds = {"gil-contention", "process-pool"};

bool has_cjk(const std::string& s) {
    // UTF-8 lead bytes 0xE4..0xE9 start the common CJK ideograph block.
    for (unsigned char c : s)
        if (c >= 0xE4 && c <= 0xE9) return true;
    return false;
}

size_t word_count(const std::string& s) {
    std::istringstream in(s);
    std::string w;
    size_t n = 0;
    while (in >> w) ++n;
    return n;
}

// Restores THREADLAB_ASSETS when a test that changed it ends.
class AssetsEnv {
public:
    explicit AssetsEnv(const std::string& value) {
        if (const char* old = std::getenv("THREADLAB_ASSETS")) old_ = old, had_ = true;
        setenv("THREADLAB_ASSETS", value.c_str(), 1);
    }
    ~AssetsEnv() {
        if (had_)
            setenv("THREADLAB_ASSETS", old_.c_str(), 1);
        else
            unsetenv("THREADLAB_ASSETS");
    }

private:
    std::string old_;
    bool had_ = false;
};

}  // namespace

TEST_CASE("the registry lists every scenario in lesson order", "[registry]") {
    std::vector<std::string> ids;
    for (const Scenario& s : all_scenarios()) ids.push_back(s.id);
    CHECK(ids == kIds);
    for (const std::string& id : kIds) {
        const Scenario* s = find_scenario(id);
        REQUIRE(s != nullptr);
        CHECK(s->id == id);
    }
    CHECK(find_scenario("no-such-scenario") == nullptr);
    CHECK(find_scenario("") == nullptr);
}

TEST_CASE("every scenario describes itself in English and Chinese", "[registry]") {
    for (const Scenario& s : all_scenarios()) {
        INFO(s.id);
        CHECK(!s.title.en.empty());
        CHECK(has_cjk(s.title.zh));
        CHECK(!s.summary.en.empty());
        CHECK(has_cjk(s.summary.zh));
        CHECK(s.title.get("zh") == s.title.zh);
        CHECK(s.title.get("fr") == s.title.en);
        REQUIRE(!s.python.empty());
        CHECK(s.python.front() != '\n');  // line 1 is the first line of code
        CHECK(s.python.find("import threading") != std::string::npos);
        CHECK(s.python.find('\t') == std::string::npos);
        CHECK(static_cast<bool>(s.program));
        CHECK(static_cast<bool>(s.checks));
        CHECK(static_cast<bool>(s.metrics));
    }
}

TEST_CASE("assets_dir defaults to the source tree and THREADLAB_ASSETS overrides it", "[lessons]") {
    const std::string built_in = assets_dir();
    CHECK(std::filesystem::is_directory(built_in + "/lessons"));

    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "threadlab-assets-test";
    std::filesystem::create_directories(dir / "lessons");
    std::ofstream(dir / "lessons" / "gil-contention.en.md") << "# Override\n";
    {
        AssetsEnv env(dir.string());
        CHECK(assets_dir() == dir.string());
        CHECK(lesson_markdown("gil-contention", "en") == "# Override\n");
        CHECK(lesson_markdown("gil-contention", "zh").empty());
    }
    CHECK(assets_dir() == built_in);
    std::filesystem::remove_all(dir);
}

TEST_CASE("lesson_markdown is empty for unknown ids, languages and unsafe names", "[lessons]") {
    CHECK(lesson_markdown("no-such-scenario", "en").empty());
    CHECK(lesson_markdown("gil-contention", "fr").empty());
    CHECK(lesson_markdown("../lessons/gil-contention", "en").empty());
    CHECK(lesson_markdown("gil-contention", "en/../zh").empty());
    CHECK(lesson_markdown("", "en").empty());
}

TEST_CASE("every scenario has a real lesson in both languages", "[lessons]") {
    for (const Scenario& s : all_scenarios()) {
        for (const char* lang : {"en", "zh"}) {
            INFO(s.id << "." << lang);
            const std::string md = lesson_markdown(s.id, lang);
            REQUIRE(!md.empty());
            CHECK(md.rfind("# ", 0) == 0);                      // opens with its title
            CHECK(md.find("\n## ") != std::string::npos);       // and has sections
            CHECK(md.find("```python") != std::string::npos);   // with Python code
            if (std::string(lang) == "en") {
                CHECK(word_count(md) >= 300);
                CHECK(word_count(md) <= 900);
            } else {
                CHECK(has_cjk(md));
            }
            // Only what the GUI renders: headings, paragraphs, lists, code.
            std::istringstream in(md);
            std::string line;
            bool fenced = false;
            while (std::getline(in, line)) {
                if (line.rfind("```", 0) == 0) fenced = !fenced;
                if (fenced) continue;
                INFO(line);
                CHECK(line.rfind("|", 0) != 0);
                CHECK(line.rfind(">", 0) != 0);
                CHECK(line.find("![") == std::string::npos);
                CHECK(line.find("](") == std::string::npos);
                CHECK(line.find('<') == std::string::npos);
            }
            CHECK_FALSE(fenced);  // every fence is closed
        }
    }
}
