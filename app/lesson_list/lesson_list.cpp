#include "lesson_list/lesson_list.hpp"

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

LessonEntry entry_of(const catalog::Lesson& l) {
    LessonEntry s;
    s.id = l.id;
    s.title = l.title;
    s.summary = l.summary;
    for (const catalog::LessonParam& p : l.params)
        s.params.push_back(ParamSpec{p.name, type_of(p.kind), p.def, p.min, p.max, p.help, !p.live.empty()});
    s.python = l.program;
    return s;
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

const std::vector<const LessonEntry*>& all_lessons() {
    // Made once, on first use (after add_lesson_dirs): a deque keeps each
    // entry where it is, so the pointers stay valid.
    static const std::deque<LessonEntry> entries = [] {
        std::deque<LessonEntry> out;
        for (const catalog::Lesson& l : lesson_folders().lessons) out.push_back(entry_of(l));
        return out;
    }();
    static const std::vector<const LessonEntry*> list = [] {
        std::vector<const LessonEntry*> out;
        for (const LessonEntry& e : entries) out.push_back(&e);
        return out;
    }();
    return list;
}

const LessonEntry* find_lesson(const std::string& id) {
    for (const LessonEntry* s : all_lessons())
        if (s->id == id) return s;
    return nullptr;
}

}  // namespace tl
