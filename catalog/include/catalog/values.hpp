// Parameter values typed on a command line or in a lesson file, checked
// against their kind and range. Every rejection is one line that names the
// parameter and says what is allowed: the CLI and the GUI show it as it is.
#pragma once
#include <string>

#include "catalog/lesson.hpp"

namespace tl::catalog {

struct ValueRule {
    std::string name;  // the parameter, as the message names it
    ParamKind kind = ParamKind::Int;
    double min = 0;
    double max = 0;
};

// The value of `text` under `rule`; throws std::invalid_argument
// ("parameter 'capacity' must be an integer from 1 to 20, got '0'").
double parse_value(const ValueRule& rule, const std::string& text);

// 2, 0.5, 1e+06: the shortest form that reads back as the same number.
std::string number_text(double v);

}  // namespace tl::catalog
