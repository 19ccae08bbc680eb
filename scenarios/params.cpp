// Scenario parameters: defaults, and NAME=VALUE settings checked against
// their specs. Every rejection is one line that names the parameter and says
// what is allowed, because it is shown as-is by the CLI and the GUI.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "scenario.hpp"

namespace tl {

namespace {

const ParamSpec* find_spec(const Scenario& s, const std::string& name) {
    for (const ParamSpec& p : s.params)
        if (p.name == name) return &p;
    return nullptr;
}

std::string allowed_names(const Scenario& s) {
    std::string out;
    for (const ParamSpec& p : s.params) out += (out.empty() ? "" : ", ") + p.name;
    return out.empty() ? "none" : out;
}

// 2, 0.5, 1e+06: the shortest form that reads back as the same number.
std::string number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    return buf;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// The whole text must be the number: "3x", "2.5" (for integers) or "" fail.
bool parse_integer(const std::string& text, long long& out) {
    const char* first = text.data();
    const char* last = first + text.size();
    if (first != last && *first == '+') ++first;  // from_chars rejects a leading '+'
    auto [ptr, ec] = std::from_chars(first, last, out);
    return first != last && ec == std::errc() && ptr == last;
}

bool parse_real(const std::string& text, double& out) {
    const char* first = text.data();
    const char* last = first + text.size();
    if (first != last && *first == '+') ++first;
    auto [ptr, ec] = std::from_chars(first, last, out);
    return first != last && ec == std::errc() && ptr == last && std::isfinite(out);
}

bool parse_bool(const std::string& text, double& out) {
    const std::string t = lower(text);
    if (t == "true" || t == "1" || t == "yes" || t == "on") {
        out = 1;
        return true;
    }
    if (t == "false" || t == "0" || t == "no" || t == "off") {
        out = 0;
        return true;
    }
    return false;
}

[[noreturn]] void reject(const ParamSpec& p, const std::string& text) {
    std::string what;
    switch (p.type) {
        case ParamType::Int:
            what = "an integer from " + number_text(p.min) + " to " + number_text(p.max);
            break;
        case ParamType::Real:
            what = "a number from " + number_text(p.min) + " to " + number_text(p.max);
            break;
        case ParamType::Bool:
            what = "true or false (or 1/0, yes/no, on/off)";
            break;
    }
    throw std::invalid_argument("parameter '" + p.name + "' must be " + what + ", got '" + text + "'");
}

}  // namespace

double Params::real(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) throw std::out_of_range("no parameter '" + name + "' in this parameter set");
    return it->second;
}

Params default_params(const Scenario& s) {
    Params params;
    for (const ParamSpec& p : s.params) params.set(p.name, p.def);
    return params;
}

double validate_param(const Scenario& s, const std::string& name, const std::string& text) {
    const ParamSpec* spec = find_spec(s, name);
    if (!spec)
        throw std::invalid_argument("unknown parameter '" + name + "' for " + s.id + " (allowed: " +
                                    allowed_names(s) + ")");
    double value = 0;
    switch (spec->type) {
        case ParamType::Int: {
            long long i = 0;
            if (!parse_integer(text, i)) reject(*spec, text);
            value = static_cast<double>(i);
            break;
        }
        case ParamType::Real:
            if (!parse_real(text, value)) reject(*spec, text);
            break;
        case ParamType::Bool:
            if (!parse_bool(text, value)) reject(*spec, text);
            return value;  // no range: false and true are both allowed
    }
    if (value < spec->min || value > spec->max) reject(*spec, text);
    return value;
}

Params parse_params(const Scenario& s, const std::vector<std::string>& settings) {
    Params params = default_params(s);
    for (const std::string& setting : settings) {
        const size_t eq = setting.find('=');
        if (eq == std::string::npos || eq == 0)
            throw std::invalid_argument("malformed setting '" + setting + "' (expected NAME=VALUE)");
        const std::string name = setting.substr(0, eq);
        params.set(name, validate_param(s, name, setting.substr(eq + 1)));
    }
    return params;
}

}  // namespace tl
