#include "catalog/live_changes.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <stdexcept>

#include "catalog/values.hpp"

namespace tl::catalog {

namespace {

constexpr double kLatestChange = 86400;  // a day of run time: later is a typo

std::string live_names(const Lesson& l) {
    std::string names;
    for (const LessonParam& p : l.params)
        if (!p.live.empty()) names += (names.empty() ? "" : ", ") + p.name;
    return names.empty() ? "none" : names;
}

double parse_seconds(const std::string& change, const std::string& text) {
    double s = 0;
    const char* last = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), last, s);
    if (text.empty() || ec != std::errc() || ptr != last || !std::isfinite(s) || s < 0 || s > kLatestChange)
        throw std::invalid_argument("'" + change + "': the time after @ must be seconds from 0 to " +
                                    number_text(kLatestChange) + ", got '" + text.substr(0, 40) + "'");
    return s;
}

}  // namespace

std::string live_label(const LessonParam& p, const std::string& from, const std::string& to) {
    return "teacher: " + p.name + " " + from + " -> " + to;
}

std::vector<LiveChange> parse_changes(const Lesson& l, const Values& start, const std::vector<std::string>& texts) {
    std::vector<LiveChange> changes;
    for (const std::string& text : texts) {
        const std::string shown = text.size() > 60 ? text.substr(0, 60) + "..." : text;
        const size_t eq = text.find('=');
        const size_t at = text.rfind('@');
        if (eq == std::string::npos || eq == 0 || at == std::string::npos || at < eq)
            throw std::invalid_argument("'" + shown + "': expected NAME=VALUE@SECONDS, e.g. consumers=4@1.5");
        LiveChange c;
        c.param = text.substr(0, eq);
        const LessonParam* spec = nullptr;
        for (const LessonParam& p : l.params)
            if (p.name == c.param) spec = &p;
        if (!spec || spec->live.empty())
            throw std::invalid_argument("'" + shown + "': '" + c.param.substr(0, 40) + "' is not a live parameter of " +
                                        l.id + " (live: " + live_names(l) + ")");
        c.function = spec->live;
        try {
            c.number = validate_value(l, c.param, text.substr(eq + 1, at - eq - 1));
            c.value = format_value(*spec, c.number);
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument("'" + shown + "': " + e.what());
        }
        c.at_s = parse_seconds(shown, text.substr(at + 1));
        changes.push_back(c);
    }
    std::stable_sort(changes.begin(), changes.end(),
                     [](const LiveChange& a, const LiveChange& b) { return a.at_s < b.at_s; });
    // Labels in the order the run meets them: each from the value before it.
    std::map<std::string, std::string> now;
    for (const LessonParam& p : l.params) now[p.name] = format_value(p, start.at(p.name));
    for (LiveChange& c : changes) {
        for (const LessonParam& p : l.params)
            if (p.name == c.param) c.label = live_label(p, now[c.param], c.value);
        now[c.param] = c.value;
    }
    return changes;
}

}  // namespace tl::catalog
