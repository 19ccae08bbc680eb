#include "cli/flags.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <sstream>

#include <unistd.h>

#include "cli/usage_error.hpp"

namespace tl::cli {

namespace {

// Shows the offending text quoted, so that empty values are visible too.
std::string quoted(const std::string& text) { return "'" + text + "'"; }

bool parse_int(const std::string& text, int64_t lo, int64_t hi, int64_t& out) {
    if (text.empty()) return false;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc() && ptr == end && out >= lo && out <= hi;
}

}  // namespace

bool parse_number(const std::string& text, double& out) {
    if (text.empty()) return false;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc() && ptr == end && std::isfinite(out);
}

std::string scenario_ids() {
    std::string ids;
    for (const Scenario& s : all_scenarios()) ids += (ids.empty() ? "" : ", ") + s.id;
    return ids.empty() ? "none registered" : ids;
}

const Scenario& require_scenario(const std::string& id) {
    if (const Scenario* s = find_scenario(id)) return *s;
    throw UsageError("unknown scenario " + quoted(id) + " (allowed: " + scenario_ids() + ")");
}

Mode parse_mode(const std::string& text) {
    if (text == "free") return Mode::Free;
    if (text == "deterministic") return Mode::Deterministic;
    throw UsageError("--mode: unknown mode " + quoted(text) + " (allowed: free, deterministic)");
}

Policy parse_policy(const std::string& text) {
    if (text == "random") return Policy::Random;
    if (text == "round-robin") return Policy::RoundRobin;
    throw UsageError("--policy: unknown policy " + quoted(text) + " (allowed: random, round-robin)");
}

uint64_t parse_seed(const std::string& text) {
    uint64_t seed = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, seed);
    if (text.empty() || ec != std::errc() || ptr != end)
        throw UsageError("--seed: " + quoted(text) +
                         " is not an integer (allowed: 0 .. 18446744073709551615)");
    return seed;
}

double parse_speed(const std::string& text) {
    double speed = 0;
    std::ostringstream allowed;
    allowed << "(allowed: a number from " << kMinSpeed << " to " << kMaxSpeed << ")";
    if (!parse_number(text, speed)) throw UsageError("--speed: " + quoted(text) + " is not a number " + allowed.str());
    if (speed < kMinSpeed || speed > kMaxSpeed)
        throw UsageError("--speed: " + text + " is out of range " + allowed.str());
    return speed;
}

std::string parse_lang(const std::string& text) {
    if (text == "en" || text == "zh") return text;
    throw UsageError("--lang: unknown language " + quoted(text) + " (allowed: en, zh)");
}

float parse_scale(const std::string& text) {
    double scale = 0;
    const std::string allowed = " (allowed: 0 for automatic, or 0.5 to 4)";
    if (!parse_number(text, scale)) throw UsageError("--scale: " + quoted(text) + " is not a number" + allowed);
    if (scale != 0 && (scale < 0.5 || scale > 4)) throw UsageError("--scale: " + text + " is out of range" + allowed);
    return static_cast<float>(scale);
}

int parse_frames(const std::string& text) {
    int64_t frames = 0;
    if (!parse_int(text, 1, 1000000, frames))
        throw UsageError("--frames: " + quoted(text) + " is not allowed (allowed: an integer from 1 to 1000000)");
    return static_cast<int>(frames);
}

std::pair<int, int> parse_size(const std::string& text) {
    const auto x = text.find('x');
    int64_t w = 0, h = 0;
    if (x == std::string::npos || !parse_int(text.substr(0, x), 200, 8192, w) ||
        !parse_int(text.substr(x + 1), 200, 8192, h))
        throw UsageError("--size: " + quoted(text) +
                         " is not allowed (allowed: WIDTHxHEIGHT, each an integer from 200 to 8192, e.g. 1600x900)");
    return {static_cast<int>(w), static_cast<int>(h)};
}

std::unique_ptr<std::ofstream> open_output(const std::string& path, const std::string& flag) {
    if (path.empty()) throw UsageError(flag + ": the file name is empty (allowed: a writable file path)");
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw UsageError(flag + ": " + quoted(path) + " is a directory (allowed: a writable file path)");
    auto out = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
    if (!*out) throw UsageError(flag + ": cannot write " + quoted(path) + " (allowed: a writable file path)");
    return out;
}

void check_writable(const std::string& path, const std::string& flag) {
    namespace fs = std::filesystem;
    const std::string allowed = " (allowed: a writable file path)";
    if (path.empty()) throw UsageError(flag + ": the file name is empty" + allowed);
    std::error_code ec;
    if (fs::is_directory(path, ec)) throw UsageError(flag + ": " + quoted(path) + " is a directory" + allowed);
    const bool exists = fs::exists(path, ec);
    fs::path dir = fs::path(path).parent_path();
    if (dir.empty()) dir = ".";
    const bool ok = exists ? ::access(path.c_str(), W_OK) == 0
                           : fs::is_directory(dir, ec) && ::access(dir.c_str(), W_OK) == 0;
    if (!ok) throw UsageError(flag + ": cannot write " + quoted(path) + allowed);
}

}  // namespace tl::cli
