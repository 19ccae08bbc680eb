#include "cli/flags.hpp"
#include "lesson_list/lesson_list.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>

#include <fcntl.h>
#include <unistd.h>

#include "cli/atomic_file.hpp"
#include "cli/text_table.hpp"
#include "cli/usage_error.hpp"

namespace tl::cli {

namespace {

// Shows the offending text quoted, so that empty values are visible too;
// a long one is cut (a 100 kB value is not echoed back whole).
std::string quoted(const std::string& text) {
    constexpr size_t kShown = 60;
    if (text.size() <= kShown) return "'" + text + "'";
    size_t cut = kShown;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
    return "'" + text.substr(0, cut) + "...' (" + std::to_string(text.size()) + " bytes)";
}

bool parse_int(const std::string& text, int64_t lo, int64_t hi, int64_t& out) {
    if (text.empty()) return false;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc() && ptr == end && out >= lo && out <= hi;
}

}  // namespace

std::string allowed_values(const std::string& flag) {
    static const std::map<std::string, std::string> allowed = {
        {"--set", "NAME=VALUE, see `threadlab describe ID`"},
        {"--mode", "free, deterministic"},
        {"--policy", "random, round-robin"},
        {"--seed", "an integer from 0 to 18446744073709551615"},
        {"--speed", "a number from " + format_number(kMinSpeed) + " to " + format_number(kMaxSpeed)},
        {"--lang", "en, zh"},
        {"--scale", "0 for automatic, or 0.5 to 4"},
        {"--frames", "an integer from 1 to 1000000"},
        {"--tab", "lesson, parameters, futures, objects, statistics"},
        {"--size", "WIDTHxHEIGHT, each an integer from 200 to 8192, e.g. 1600x900"},
        {"--trace", "a writable file path"},
        {"--screenshot", "a writable file path"},
        {"--lesson", lesson_ids()},
        {"--scenario", lesson_ids()},
    };
    auto it = allowed.find(flag);
    return it == allowed.end() ? "" : it->second;
}

bool parse_number(const std::string& text, double& out) {
    if (text.empty()) return false;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc() && ptr == end && std::isfinite(out);
}

std::string lesson_ids() {
    std::string ids;
    for (const LessonEntry* s : all_lessons()) ids += (ids.empty() ? "" : ", ") + s->id;
    return ids.empty() ? "none found" : ids;
}

const LessonEntry& require_lesson(const std::string& id) {
    if (const LessonEntry* s = find_lesson(id)) return *s;
    // A lesson folder of that name that could not be loaded says why.
    if (auto it = lesson_folders().broken.find(id); it != lesson_folders().broken.end())
        throw UsageError("lesson " + quoted(id) + " could not be loaded: " + it->second);
    throw UsageError("unknown lesson " + quoted(id) + " (allowed: " + lesson_ids() + ")");
}

// "--mode: unknown mode 'fast' (allowed: free, deterministic)"
[[noreturn]] static void reject(const std::string& flag, const std::string& problem) {
    throw UsageError(flag + ": " + problem + " (allowed: " + allowed_values(flag) + ")");
}

Mode parse_mode(const std::string& text) {
    if (text == "free") return Mode::Free;
    if (text == "deterministic") return Mode::Deterministic;
    reject("--mode", "unknown mode " + quoted(text));
}

Policy parse_policy(const std::string& text) {
    if (text == "random") return Policy::Random;
    if (text == "round-robin") return Policy::RoundRobin;
    reject("--policy", "unknown policy " + quoted(text));
}

uint64_t parse_seed(const std::string& text) {
    uint64_t seed = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, seed);
    if (!text.empty() && ptr == end && ec == std::errc()) return seed;
    // An integer all the same (negative, or past 2^64 - 1): out of range.
    const bool digits = text.find_first_not_of("0123456789", text[0] == '-' || text[0] == '+' ? 1 : 0) ==
                        std::string::npos && text.size() > (text[0] == '-' || text[0] == '+' ? 1u : 0u);
    if (!text.empty() && digits) reject("--seed", quoted(text) + " is out of range");
    reject("--seed", quoted(text) + " is not an integer");
}

double parse_speed(const std::string& text) {
    double speed = 0;
    if (!parse_number(text, speed)) reject("--speed", quoted(text) + " is not a number");
    if (speed < kMinSpeed || speed > kMaxSpeed) reject("--speed", quoted(text) + " is out of range");
    return speed;
}

std::string parse_lang(const std::string& text) {
    if (text == "en" || text == "zh") return text;
    reject("--lang", "unknown language " + quoted(text));
}

float parse_scale(const std::string& text) {
    double scale = 0;
    if (!parse_number(text, scale)) reject("--scale", quoted(text) + " is not a number");
    if (scale != 0 && (scale < 0.5 || scale > 4)) reject("--scale", quoted(text) + " is out of range");
    return static_cast<float>(scale);
}

int parse_frames(const std::string& text) {
    int64_t frames = 0;
    if (!parse_int(text, 1, 1000000, frames)) reject("--frames", quoted(text) + " is not allowed");
    return static_cast<int>(frames);
}

std::string parse_tab(const std::string& text) {
    for (const char* tab : {"lesson", "parameters", "futures", "objects", "pools", "statistics"})
        if (text == tab) return text;
    reject("--tab", "unknown tab " + quoted(text));
}

std::pair<int, int> parse_size(const std::string& text) {
    const auto x = text.find('x');
    int64_t w = 0, h = 0;
    if (x == std::string::npos || !parse_int(text.substr(0, x), 200, 8192, w) ||
        !parse_int(text.substr(x + 1), 200, 8192, h))
        reject("--size", quoted(text) + " is not allowed");
    return {static_cast<int>(w), static_cast<int>(h)};
}

std::unique_ptr<std::ofstream> open_output(const std::string& path, const std::string& flag) {
    if (path.empty()) reject(flag, "the file name is empty");
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) reject(flag, quoted(path) + " is a directory");
    auto out = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
    if (!*out) reject(flag, "cannot write " + quoted(path));
    return out;
}

void check_output(const std::string& path, const std::string& flag) {
    if (path.empty()) reject(flag, "the file name is empty");
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) reject(flag, quoted(path) + " is a directory");
    if (!can_write_atomically(path)) reject(flag, "cannot write " + quoted(path));
}

void check_writable(const std::string& path, const std::string& flag) {
    namespace fs = std::filesystem;
    if (path.empty()) reject(flag, "the file name is empty");
    std::error_code ec;
    if (fs::is_directory(path, ec)) reject(flag, quoted(path) + " is a directory");
    const bool exists = fs::exists(path, ec);
    fs::path dir = fs::path(path).parent_path();
    if (dir.empty()) dir = ".";
    bool ok = exists ? ::access(path.c_str(), W_OK) == 0
                     : fs::is_directory(dir, ec) && ::access(dir.c_str(), W_OK) == 0;
    // access() says yes to root for a folder such as /proc where no file can
    // be made: a new file is really made, and removed at once.
    if (ok && !exists) {
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        ok = fd >= 0;
        if (ok) {
            ::close(fd);
            ::unlink(path.c_str());
        }
    }
    if (!ok) reject(flag, "cannot write " + quoted(path));
}

}  // namespace tl::cli
