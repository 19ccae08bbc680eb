#include "catalog/program_constants.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

namespace tl::catalog {

namespace {

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

size_t skip_blanks(const std::string& s, size_t i, size_t end) {
    while (i < end && (s[i] == ' ' || s[i] == '\t')) ++i;
    return i;
}

}  // namespace

std::optional<double> literal_value(const std::string& literal) {
    if (literal == "True") return 1.0;
    if (literal == "False") return 0.0;
    std::string digits;
    for (char c : literal)
        if (c != '_') digits += c;  // 1_000_000
    if (digits.empty()) return std::nullopt;
    double v = 0;
    const char* first = digits.data();
    const char* last = first + digits.size();
    auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec != std::errc() || ptr != last || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<Constant> find_constant(const std::string& source, const std::string& name) {
    size_t start = 0;
    int line = 1;
    while (start <= source.size()) {
        size_t stop = source.find('\n', start);
        if (stop == std::string::npos) stop = source.size();
        // `NAME =` at column 0, not `NAME ==` and not `NAMES =`.
        if (source.compare(start, name.size(), name) == 0 && start + name.size() <= stop &&
            (start + name.size() == stop || !is_name_char(source[start + name.size()]))) {
            size_t i = skip_blanks(source, start + name.size(), stop);
            if (i < stop && source[i] == '=' && (i + 1 >= stop || source[i + 1] != '=')) {
                const size_t begin = skip_blanks(source, i + 1, stop);
                size_t end = begin;
                while (end < stop && source[end] != '#' && source[end] != '\r') ++end;
                while (end > begin && (source[end - 1] == ' ' || source[end - 1] == '\t')) --end;
                Constant c{line, begin, end, source.substr(begin, end - begin)};
                if (!literal_value(c.literal)) return std::nullopt;
                return c;
            }
        }
        if (stop == source.size()) break;
        start = stop + 1;
        ++line;
    }
    return std::nullopt;
}

}  // namespace tl::catalog
