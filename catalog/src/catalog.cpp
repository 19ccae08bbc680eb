// Finding lesson folders, and a lesson's parameters: defaults, settings
// typed by a user, and the program with its constants rewritten.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <stdexcept>

#include "catalog/lesson.hpp"
#include "catalog/program_constants.hpp"
#include "catalog/values.hpp"

namespace tl::catalog {

namespace fs = std::filesystem;

const Lesson* Catalog::find(const std::string& id) const {
    for (const Lesson& l : lessons)
        if (l.id == id) return &l;
    return nullptr;
}

std::string builtin_lessons_dir() {
    if (const char* env = std::getenv("THREADLAB_LESSONS"); env && *env) return env;
    return THREADLAB_LESSONS_DEFAULT;
}

Catalog load_catalog(const std::vector<std::string>& dirs) {
    Catalog c;
    std::set<std::string> ids;
    for (const std::string& dir : dirs) {
        std::error_code ec;
        if (!fs::is_directory(dir, ec)) {
            c.errors.push_back(dir + ": not a folder of lessons (each lesson is a folder with lesson.json and program.py)");
            continue;
        }
        std::vector<fs::path> folders;
        for (const fs::directory_entry& e : fs::directory_iterator(dir, ec))
            if (e.is_directory() && e.path().filename().string()[0] != '.') folders.push_back(e.path());
        std::sort(folders.begin(), folders.end());
        std::vector<Lesson> found;
        for (const fs::path& f : folders) {
            try {
                Lesson l = load_lesson(f.string());
                if (!ids.insert(l.id).second) {
                    c.errors.push_back(f.string() + ": a lesson named '" + l.id +
                                       "' is already loaded; this one is skipped (rename its folder to run it)");
                    c.shadowed.emplace(l.id, c.errors.back());
                    continue;
                }
                found.push_back(std::move(l));
            } catch (const std::invalid_argument& e) {
                c.errors.push_back(e.what());
                c.broken.emplace(f.filename().string(), e.what());
            }
        }
        std::stable_sort(found.begin(), found.end(),
                         [](const Lesson& a, const Lesson& b) { return a.order < b.order; });
        for (Lesson& l : found) c.lessons.push_back(std::move(l));
    }
    // A folder that could not be loaded takes its id with it: a mistake in a
    // teacher's own version of a lesson is reported, never replaced by
    // another lesson of that name without a word.
    std::erase_if(c.lessons, [&](const Lesson& l) { return c.broken.count(l.id) > 0; });
    return c;
}

Values default_values(const Lesson& l) {
    Values v;
    for (const LessonParam& p : l.params) v[p.name] = p.def;
    return v;
}

double validate_value(const Lesson& l, const std::string& name, const std::string& text) {
    for (const LessonParam& p : l.params)
        if (p.name == name) return parse_value({p.name, p.kind, p.min, p.max}, text);
    std::string allowed;
    for (const LessonParam& p : l.params) allowed += (allowed.empty() ? "" : ", ") + p.name;
    throw std::invalid_argument("unknown parameter '" + name + "' for " + l.id + " (allowed: " +
                                (allowed.empty() ? "none" : allowed) + ")");
}

Values parse_settings(const Lesson& l, const std::vector<std::string>& settings) {
    Values v = default_values(l);
    for (const std::string& setting : settings) {
        const size_t eq = setting.find('=');
        if (eq == std::string::npos || eq == 0)
            throw std::invalid_argument("malformed setting '" + setting + "' (expected NAME=VALUE)");
        const std::string name = setting.substr(0, eq);
        v[name] = validate_value(l, name, setting.substr(eq + 1));
    }
    return v;
}

std::string format_value(const LessonParam& p, double v) {
    if (p.kind == ParamKind::Bool) return v != 0 ? "True" : "False";
    if (p.kind == ParamKind::Int) return std::to_string(static_cast<long long>(v));
    std::string t = number_text(v);
    // A real stays a float in Python: 2 -> 2.0.
    if (t.find_first_of(".eEn") == std::string::npos) t += ".0";
    return t;
}

std::string apply_values(const std::string& source, const Lesson& l, const Values& values) {
    std::string out = source;
    // Later constants first, so earlier byte offsets stay valid.
    std::vector<std::pair<Constant, std::string>> edits;
    for (const LessonParam& p : l.params) {
        auto it = values.find(p.name);
        if (it == values.end()) continue;
        if (std::optional<Constant> k = find_constant(out, p.constant)) edits.push_back({*k, format_value(p, it->second)});
    }
    std::sort(edits.begin(), edits.end(), [](const auto& a, const auto& b) { return a.first.begin > b.first.begin; });
    for (const auto& [k, text] : edits) out.replace(k.begin, k.end - k.begin, text);
    return out;
}

std::string program_with(const Lesson& l, const Values& values) { return apply_values(l.program, l, values); }

}  // namespace tl::catalog
