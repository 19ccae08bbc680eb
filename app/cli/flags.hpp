// Validation of the command-line flag values shared by `run` and `gui`.
// CLI11 hands every value over as text, so that each mistake gets our own
// one-line message naming the flag and the allowed values instead of a
// generic conversion error.
#pragma once
#include <cstdint>
#include <fstream>
#include <memory>
#include <string>

#include "threadlab/runtime.hpp"
#include "lesson_list/lesson_entry.hpp"

namespace tl::cli {

const LessonEntry& require_lesson(const std::string& id);  // "unknown lesson 'x' (allowed: ...)"
std::string lesson_ids();                                // "a, b, c"

Mode parse_mode(const std::string& text);          // free | deterministic
Policy parse_policy(const std::string& text);      // random | round-robin
uint64_t parse_seed(const std::string& text);      // a non-negative integer
double parse_speed(const std::string& text);       // kMinSpeed .. kMaxSpeed
std::string parse_lang(const std::string& text);   // en | zh
float parse_scale(const std::string& text);        // 0 (auto) or 0.5 .. 4
int parse_frames(const std::string& text);         // 1 .. 1000000
std::string parse_tab(const std::string& text);    // lesson | parameters | futures | objects | statistics
std::pair<int, int> parse_size(const std::string& text);  // WxH, each 200 .. 8192

// Opens `path` for writing now, so that an unwritable path is reported before
// a run starts rather than after it. `flag` names the option in the message.
// It truncates the file at once: for a file written at the end, prefer
// check_output now and write_file_atomically (atomic_file.hpp) then.
std::unique_ptr<std::ofstream> open_output(const std::string& path, const std::string& flag);
// Checks now, without creating or truncating anything, that
// write_file_atomically(path) can write `path` later, so that an unwritable
// path is reported before a run starts. Throws UsageError naming `flag`.
void check_output(const std::string& path, const std::string& flag);
// Checks that `path` could be written later (by another component, e.g. the
// GUI's screenshot): a file that does not exist yet is made and removed
// again. Throws UsageError otherwise.
void check_writable(const std::string& path, const std::string& flag);

// What a flag accepts, for messages: "free, deterministic"; "" when unknown.
std::string allowed_values(const std::string& flag);

// Parses a whole string as a finite double; false on anything else.
bool parse_number(const std::string& text, double& out);

}  // namespace tl::cli
