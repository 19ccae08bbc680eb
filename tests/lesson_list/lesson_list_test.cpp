// The list both front ends show: every lesson folder as an entry, with its
// parameters as lesson.json gives them.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "lesson_list/lesson_list.hpp"

using namespace tl;

TEST_CASE("every lesson folder is listed once, in catalogue order, with its title and program", "[lesson_list]") {
    const catalog::Catalog& folders = lesson_folders();
    REQUIRE(folders.errors.empty());  // the built-in lessons all load
    const std::vector<const LessonEntry*>& list = all_lessons();
    REQUIRE(list.size() == folders.lessons.size());
    std::set<std::string> ids;
    for (size_t i = 0; i < list.size(); ++i) {
        const catalog::Lesson& l = folders.lessons[i];
        INFO(l.id);
        CHECK(list[i]->id == l.id);
        CHECK(ids.insert(l.id).second);
        CHECK(list[i]->title.en == l.title.en);
        CHECK(list[i]->title.get("zh") == l.title.get("zh"));
        CHECK(list[i]->python == l.program);
        CHECK(find_lesson(l.id) == list[i]);
        CHECK(find_lesson_folder(l.id) == &l);
    }
    CHECK(find_lesson("no-such-lesson") == nullptr);
    CHECK(&all_lessons() == &list);  // made once: the entries' addresses stay valid
}

TEST_CASE("a lesson's parameters keep their range, default, help and whether they are live", "[lesson_list]") {
    size_t live = 0;
    for (const catalog::Lesson& l : lesson_folders().lessons) {
        const LessonEntry* e = find_lesson(l.id);
        REQUIRE(e);
        REQUIRE(e->params.size() == l.params.size());
        for (size_t i = 0; i < l.params.size(); ++i) {
            const catalog::LessonParam& p = l.params[i];
            const ParamSpec& s = e->params[i];
            INFO(l.id << "." << p.name);
            CHECK(s.name == p.name);
            CHECK(s.def == p.def);
            CHECK(s.min == p.min);
            CHECK(s.max == p.max);
            CHECK(s.help.en == p.help.en);
            CHECK(s.live == !p.live.empty());
            live += s.live ? 1 : 0;
        }
    }
    CHECK(live > 0);  // producer-consumer's consumers, gil-contention's switch interval...
    const LessonEntry* gil = find_lesson("gil-contention");
    REQUIRE(gil);
    bool switch_live = false;
    for (const ParamSpec& s : gil->params) switch_live = switch_live || (s.name == "switch_ms" && s.live);
    CHECK(switch_live);
}

TEST_CASE("a check's verdict is PASS, FAIL or NOT SHOWN", "[lesson_list]") {
    CHECK(std::string(check_verdict(CheckResult{"a", true, ""})) == "PASS");
    CHECK(std::string(check_verdict(CheckResult{"a", false, ""})) == "FAIL");
    CheckResult not_shown{"a", false, "too short", true};
    CHECK(std::string(check_verdict(not_shown)) == "NOT SHOWN");
}
