// Loading one lesson folder. A teacher writes these by hand, so every
// mistake gets one line naming the file, the field and what is allowed, and
// a typo in a field's name is an error rather than a silently ignored field.
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>

#include "catalog/lesson.hpp"
#include "catalog/program_constants.hpp"
#include "catalog/values.hpp"

namespace tl::catalog {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::optional<std::string> read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Errors about one file: "DIR/lesson.json: parameters[0].max: must be ...".
class Complaint {
public:
    explicit Complaint(std::string file) : file_(std::move(file)) {}
    [[noreturn]] void fail(const std::string& field, const std::string& what) const {
        throw std::invalid_argument(file_ + ": " + (field.empty() ? "" : field + ": ") + what);
    }

private:
    std::string file_;
};

// Line and column of a byte offset, for JSON syntax errors.
std::string position_of(const std::string& text, size_t offset) {
    int line = 1;
    size_t col = 1;
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

void only_fields(const Complaint& c, const json& obj, const std::string& where, const std::set<std::string>& allowed) {
    for (auto it = obj.begin(); it != obj.end(); ++it)
        if (!allowed.count(it.key())) {
            std::string list;
            for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
            c.fail(where.empty() ? it.key() : where + "." + it.key(), "unknown field (allowed: " + list + ")");
        }
}

std::string text_field(const Complaint& c, const json& obj, const std::string& where, const char* key) {
    const json& v = obj.at(key);
    if (!v.is_string()) c.fail(where + "." + key, "must be a string");
    return v.get<std::string>();
}

// {"en": "...", "zh": "..."}: at least one; a missing one falls back to the other.
Bilingual bilingual_value(const Complaint& c, const json& v, const std::string& field) {
    if (!v.is_object()) c.fail(field, "must be an object {\"en\": \"...\", \"zh\": \"...\"}");
    only_fields(c, v, field, {"en", "zh"});
    Bilingual b;
    if (v.contains("en")) b.en = text_field(c, v, field, "en");
    if (v.contains("zh")) b.zh = text_field(c, v, field, "zh");
    if (b.en.empty() && b.zh.empty()) c.fail(field, "needs an \"en\" or a \"zh\" text");
    if (b.en.empty()) b.en = b.zh;
    if (b.zh.empty()) b.zh = b.en;
    return b;
}

Bilingual bilingual(const Complaint& c, const json& obj, const std::string& where, const char* key) {
    const std::string field = where.empty() ? key : where + "." + key;
    if (!obj.contains(key)) c.fail(field, "missing (expected {\"en\": \"...\", \"zh\": \"...\"})");
    return bilingual_value(c, obj.at(key), field);
}

double number_field(const Complaint& c, const json& obj, const std::string& where, const char* key) {
    const std::string field = where.empty() ? key : where + "." + key;
    if (!obj.contains(key)) c.fail(field, "missing (a number)");
    const json& v = obj.at(key);
    if (!v.is_number() || !std::isfinite(v.get<double>())) c.fail(field, "must be a number");
    return v.get<double>();
}

ParamKind kind_field(const Complaint& c, const json& obj, const std::string& where) {
    if (!obj.contains("type")) c.fail(where + ".type", "missing (allowed: int, real, bool)");
    const json& v = obj.at("type");
    const std::string t = v.is_string() ? v.get<std::string>() : "";
    if (t == "int") return ParamKind::Int;
    if (t == "real") return ParamKind::Real;
    if (t == "bool") return ParamKind::Bool;
    c.fail(where + ".type", "must be \"int\", \"real\" or \"bool\"");
}

LessonParam parameter(const Complaint& c, const Complaint& program_file, const json& obj, const std::string& where,
                      const std::string& program) {
    if (!obj.is_object()) c.fail(where, "must be an object with name, constant, type, min, max, help");
    only_fields(c, obj, where, {"name", "constant", "type", "min", "max", "help", "live"});
    LessonParam p;
    if (!obj.contains("name")) c.fail(where + ".name", "missing (the name used in --set NAME=VALUE)");
    p.name = text_field(c, obj, where, "name");
    if (p.name.empty() || p.name.find_first_of("= \t") != std::string::npos)
        c.fail(where + ".name", "must be a non-empty word without '=' or spaces");
    const std::string named = where + " (" + p.name + ")";
    if (!obj.contains("constant")) c.fail(named + ".constant", "missing (the program's top-level constant it sets)");
    p.constant = text_field(c, obj, named, "constant");
    p.kind = kind_field(c, obj, named);
    if (p.kind == ParamKind::Bool) {
        p.min = 0;
        p.max = 1;
    } else {
        p.min = number_field(c, obj, named, "min");
        p.max = number_field(c, obj, named, "max");
        if (p.min > p.max) c.fail(named + ".min", "must not be greater than max");
        if (p.kind == ParamKind::Int && (p.min != std::floor(p.min) || p.max != std::floor(p.max)))
            c.fail(named + ".min", "min and max of an int parameter must be integers");
    }
    p.help = bilingual(c, obj, named, "help");
    if (obj.contains("live")) {
        p.live = text_field(c, obj, named, "live");
        const bool identifier = !p.live.empty() && !std::isdigit(static_cast<unsigned char>(p.live[0])) &&
                                p.live.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
                                    std::string::npos;
        if (!identifier) c.fail(named + ".live", "must be the name of a function of program.py, such as \"set_" + p.name + "\"");
        if (program.rfind("def " + p.live + "(", 0) != 0 && program.find("\ndef " + p.live + "(") == std::string::npos)
            program_file.fail("", "parameter '" + p.name + "' is live through " + p.live + "(), but no top-level `def " +
                                      p.live + "(...)` is there");
    }
    const std::optional<Constant> k = find_constant(program, p.constant);
    if (!k)
        program_file.fail("", "parameter '" + p.name + "' sets constant " + p.constant +
                                  ", but no top-level line `" + p.constant + " = <number>` (or True/False) is there");
    p.line = k->line;
    const double v = *literal_value(k->literal);
    const bool boolean = k->literal == "True" || k->literal == "False";
    const std::string at = "line " + std::to_string(k->line) + ": " + p.constant + " = " + k->literal;
    if (p.kind == ParamKind::Bool && !boolean) program_file.fail("", at + " must be True or False (parameter '" + p.name + "' is a bool)");
    if (p.kind != ParamKind::Bool && boolean) program_file.fail("", at + " must be a number (parameter '" + p.name + "' is not a bool)");
    if (p.kind == ParamKind::Int && (k->literal.find_first_of(".eE") != std::string::npos))
        program_file.fail("", at + " must be an integer (parameter '" + p.name + "' is an int)");
    if (v < p.min || v > p.max)
        program_file.fail("", at + " is outside parameter '" + p.name + "''s range " + number_text(p.min) + " to " +
                                  number_text(p.max));
    p.def = v;
    return p;
}

}  // namespace

Lesson load_lesson(const std::string& dir) {
    const fs::path root(dir);
    Lesson l;
    l.dir = dir;
    l.id = root.filename().string();
    if (l.id.empty()) l.id = root.parent_path().filename().string();  // "lessons/x/"
    const std::string meta_path = (root / "lesson.json").string();
    const std::string program_path = (root / "program.py").string();
    const Complaint meta(meta_path);
    const Complaint program_file(program_path);

    const std::optional<std::string> meta_text = read_file(meta_path);
    if (!meta_text) meta.fail("", "cannot be read (every lesson folder needs lesson.json)");
    const std::optional<std::string> program = read_file(program_path);
    if (!program) program_file.fail("", "cannot be read (every lesson folder needs program.py)");
    l.program = *program;

    json j;
    try {
        j = json::parse(*meta_text);
    } catch (const json::parse_error& e) {
        meta.fail("", "not valid JSON at " + position_of(*meta_text, e.byte == 0 ? 0 : e.byte - 1));
    }
    if (!j.is_object()) meta.fail("", "must be a JSON object {\"title\": ..., \"summary\": ..., ...}");
    only_fields(meta, j, "", {"title", "summary", "order", "parameters", "predict"});
    l.title = bilingual(meta, j, "", "title");
    l.summary = bilingual(meta, j, "", "summary");
    if (j.contains("order")) l.order = number_field(meta, j, "", "order");
    if (j.contains("parameters")) {
        const json& ps = j.at("parameters");
        if (!ps.is_array()) meta.fail("parameters", "must be a list of parameters");
        std::set<std::string> names;
        for (size_t i = 0; i < ps.size(); ++i) {
            LessonParam p = parameter(meta, program_file, ps[i], "parameters[" + std::to_string(i) + "]", l.program);
            if (!names.insert(p.name).second)
                meta.fail("parameters[" + std::to_string(i) + "].name", "'" + p.name + "' is given twice");
            l.params.push_back(std::move(p));
        }
    }

    if (j.contains("predict")) {
        const json& p = j.at("predict");
        if (!p.is_object()) meta.fail("predict", "must be an object {\"question\": {...}, \"answers\": [...]}");
        only_fields(meta, p, "predict", {"question", "answers"});
        Prediction pr;
        pr.question = bilingual(meta, p, "predict", "question");
        if (!p.contains("answers") || !p.at("answers").is_array() || p.at("answers").size() < 2 ||
            p.at("answers").size() > 6)
            meta.fail("predict.answers", "must be a list of 2 to 6 answers, each {\"en\": ..., \"zh\": ...}");
        const json& answers = p.at("answers");
        for (size_t i = 0; i < answers.size(); ++i)
            pr.answers.push_back(bilingual_value(meta, answers[i], "predict.answers[" + std::to_string(i) + "]"));
        l.predict = std::move(pr);
    }

    const std::optional<std::string> en = read_file(root / "text.en.md");
    const std::optional<std::string> zh = read_file(root / "text.zh.md");
    if (!en && !zh)
        Complaint(dir).fail("", "needs a lesson text: text.en.md, text.zh.md or both");
    l.text.en = en ? *en : *zh;
    l.text.zh = zh ? *zh : *en;
    if (const std::optional<std::string> checks = read_file(root / "checks.py")) l.checks = *checks;
    return l;
}

}  // namespace tl::catalog
