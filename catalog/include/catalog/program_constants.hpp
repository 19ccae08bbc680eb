// The top-level constants of a program that a lesson's parameters set:
// lines of the form `NAME = literal` (an int, a float, True or False, with
// an optional comment after it) at the start of a line. Found and rewritten
// as text, so everything else in the program stays exactly as written.
#pragma once
#include <optional>
#include <string>

namespace tl::catalog {

struct Constant {
    int line = 0;            // 1-based
    size_t begin = 0;        // the literal's byte range in the source
    size_t end = 0;
    std::string literal;     // "3", "0.25", "True"
};

// The first top-level assignment to `name` whose value is a plain literal;
// nullopt when there is none (or the first assignment is not a literal).
std::optional<Constant> find_constant(const std::string& source, const std::string& name);

// The literal's value: ints and floats as numbers, True 1, False 0;
// nullopt when it is none of these.
std::optional<double> literal_value(const std::string& literal);

}  // namespace tl::catalog
