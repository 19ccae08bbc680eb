// `threadlab gui --lessons DIR`: a teacher's lesson folders are listed in
// the window beside the built-in ones, and one that cannot be loaded is
// reported (one line naming its file and field), never silently missing.
// A test binary of its own: the lesson folders are found once per process,
// so the directories are added before anything looks them up.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "gui/controls_view.hpp"
#include "gui/i18n.hpp"
#include "gui/session.hpp"
#include "headless.hpp"
#include "lesson_list/lesson_list.hpp"

using namespace tl;
using namespace tl::gui;
namespace fs = std::filesystem;

namespace {

// A folder of lessons with one broken lesson in it: a typo in lesson.json.
const std::string& broken_dir() {
    static const std::string dir = [] {
        std::string tmpl = (fs::temp_directory_path() / "threadlab-teacher-XXXXXX").string();
        const fs::path root = ::mkdtemp(tmpl.data());
        const fs::path l = root / "broken-lesson";
        fs::create_directories(l);
        std::ofstream(l / "program.py") << "X = 1\nprint(X)\n";
        std::ofstream(l / "text.en.md") << "# Broken\n";
        std::ofstream(l / "lesson.json") << R"({"title": {"en": "Broken"}, "summary": {"en": "a typo"}, "ordre": 1})";
        std::atexit([] { std::error_code ec; fs::remove_all(fs::path(broken_dir()), ec); });
        return root.string();
    }();
    return dir;
}

// What `threadlab --lessons A --lessons B gui` does before the window opens.
void add_dirs_once() {
    static const bool added = [] {
        add_lesson_dirs({THREADLAB_EXAMPLE_LESSONS, broken_dir()});
        return true;
    }();
    (void)added;
}

}  // namespace

TEST_CASE("teacher lessons: a --lessons folder's lesson is in the window's list, selectable and judged") {
    add_dirs_once();
    bool listed = false;
    for (const LessonEntry* s : all_lessons()) listed = listed || s->id == "two-counters";
    CHECK(listed);
    const catalog::Lesson* l = find_lesson_folder("two-counters");
    REQUIRE(l != nullptr);

    Session s;
    s.set_child_program(THREADLAB_BINARY);
    s.config().mode = Mode::Deterministic;
    s.select_lesson(*l, catalog::parse_settings(*l, {"adds=200"}));
    CHECK(s.python());
    CHECK(s.edited_text().find("ADDS = 200") != std::string::npos);
    s.start();
    s.wait();
    REQUIRE(s.checks().state == CheckList::State::Done);
    CHECK(s.checks().rows.size() == 2);
    CHECK(s.checks().failed() == 0);

    testing::Headless ui;
    UiState state;
    ui.frame([&] { draw_lesson_browser(s, state); });
}

TEST_CASE("teacher lessons: a broken lesson folder is reported under the list, one line naming it") {
    add_dirs_once();
    CHECK(find_lesson_folder("broken-lesson") == nullptr);
    const std::vector<std::string>& errors = lesson_folders().errors;
    REQUIRE_FALSE(errors.empty());
    bool named = false;
    for (const std::string& e : errors) {
        CHECK(e.find('\n') == std::string::npos);
        named = named || (e.find("broken-lesson") != std::string::npos && e.find("ordre") != std::string::npos);
    }
    CHECK(named);
    // The list draws them (in red, under the lessons) in both languages.
    testing::Headless ui;
    Session s;
    UiState state;
    for (const char* lang : {"en", "zh"}) {
        set_language(lang);
        ui.frame([&] {
            draw_lesson_browser(s, state);
            draw_lesson_errors(errors);
        });
    }
    set_language("en");
}
