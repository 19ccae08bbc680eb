#include "catalog/values.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace tl::catalog {

namespace {

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

[[noreturn]] void reject(const ValueRule& r, const std::string& text) {
    std::string what;
    switch (r.kind) {
        case ParamKind::Int:
            what = "an integer from " + number_text(r.min) + " to " + number_text(r.max);
            break;
        case ParamKind::Real:
            what = "a number from " + number_text(r.min) + " to " + number_text(r.max);
            break;
        case ParamKind::Bool:
            what = "true or false (or 1/0, yes/no, on/off)";
            break;
    }
    // A pasted 100 kB value is not echoed back whole.
    const std::string shown = text.size() > 40 ? text.substr(0, 40) + "..." : text;
    throw std::invalid_argument("parameter '" + r.name + "' must be " + what + ", got '" + shown + "'");
}

}  // namespace

std::string number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    return buf;
}

double parse_value(const ValueRule& rule, const std::string& text) {
    double value = 0;
    switch (rule.kind) {
        case ParamKind::Int: {
            long long i = 0;
            if (!parse_integer(text, i)) reject(rule, text);
            value = static_cast<double>(i);
            break;
        }
        case ParamKind::Real:
            if (!parse_real(text, value)) reject(rule, text);
            break;
        case ParamKind::Bool:
            if (!parse_bool(text, value)) reject(rule, text);
            return value;  // no range: false and true are both allowed
    }
    if (value < rule.min || value > rule.max) reject(rule, text);
    return value;
}

}  // namespace tl::catalog
