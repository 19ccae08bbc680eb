// Shared helpers for the command-line tests.
#pragma once
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "process.hpp"
#include "lesson_list/lesson_list.hpp"
#include "lesson_list/lesson_entry.hpp"

namespace tl::test {

// Every bad input must end the same way: nothing on stdout, exactly one
// line on stderr that mentions `field` and what is allowed (`allowed`: the
// word itself, or a text such as the range that the line must state), and
// exit code 2.
inline void expect_usage_error(const std::vector<std::string>& args, const std::string& field,
                               const std::string& allowed = "allowed") {
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    INFO("threadlab " << joined);
    const ProcessResult r = run_threadlab(args);
    INFO("stderr: " << r.err);
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(lines_of(r.err).size() == 1);
    CHECK(!r.err.empty());
    CHECK(r.err.back() == '\n');
    CHECK(r.err.find(field) != std::string::npos);
    CHECK(r.err.find(allowed) != std::string::npos);
}

inline nlohmann::json parse_json(const std::string& text) {
    INFO(text.substr(0, 400));
    REQUIRE(nlohmann::json::accept(text));
    return nlohmann::json::parse(text);
}

// The first parameter of the given type in any lesson, with its lesson;
// {nullptr, nullptr} when none exists.
inline std::pair<const LessonEntry*, const ParamSpec*> find_param(ParamType type) {
    for (const LessonEntry* s : all_lessons())
        for (const ParamSpec& p : s->params)
            if (p.type == type) return {s, &p};
    return {nullptr, nullptr};
}

}  // namespace tl::test
