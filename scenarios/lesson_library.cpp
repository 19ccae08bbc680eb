#include "lesson_library.hpp"

#include <deque>

namespace tl {

namespace {

std::vector<std::string>& extra_dirs() {
    static std::vector<std::string> dirs;
    return dirs;
}

ParamType type_of(catalog::ParamKind k) {
    switch (k) {
        case catalog::ParamKind::Int: return ParamType::Int;
        case catalog::ParamKind::Real: return ParamType::Real;
        case catalog::ParamKind::Bool: return ParamType::Bool;
    }
    return ParamType::Int;
}

Scenario as_scenario(const catalog::Lesson& l) {
    Scenario s;
    s.id = l.id;
    s.title = {l.title.en, l.title.zh};
    s.summary = {l.summary.en, l.summary.zh};
    for (const catalog::LessonParam& p : l.params)
        s.params.push_back(param(p.name, type_of(p.kind), p.def, p.min, p.max, {p.help.en, p.help.zh}));
    s.python = l.program;
    return s;
}

// Folder lessons as Scenarios, made once (their addresses stay valid).
const std::deque<Scenario>& folder_scenarios() {
    static const std::deque<Scenario> list = [] {
        std::deque<Scenario> out;
        for (const catalog::Lesson& l : lesson_folders().lessons) out.push_back(as_scenario(l));
        return out;
    }();
    return list;
}

}  // namespace

void add_lesson_dirs(const std::vector<std::string>& dirs) {
    for (const std::string& d : dirs) extra_dirs().push_back(d);
}

const catalog::Catalog& lesson_folders() {
    static const catalog::Catalog c = [] {
        std::vector<std::string> dirs{catalog::builtin_lessons_dir()};
        for (const std::string& d : extra_dirs()) dirs.push_back(d);
        return catalog::load_catalog(dirs);
    }();
    return c;
}

const catalog::Lesson* find_lesson_folder(const std::string& id) { return lesson_folders().find(id); }

std::vector<const Scenario*> all_lessons() {
    std::vector<const Scenario*> out;
    for (const Scenario& s : folder_scenarios()) out.push_back(&s);
    // A C++ scenario stands in only where no folder of its id exists: a
    // broken folder is an error, not a quiet fall back to the old version.
    for (const Scenario& s : all_scenarios())
        if (!find_lesson_folder(s.id) && !lesson_folders().broken.count(s.id)) out.push_back(&s);
    return out;
}

const Scenario* find_lesson(const std::string& id) {
    for (const Scenario* s : all_lessons())
        if (s->id == id) return s;
    return nullptr;
}

}  // namespace tl
