#include "lesson_list/lesson_entry.hpp"

#include <stdexcept>

namespace tl {

double Params::real(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) throw std::out_of_range("no parameter '" + name + "' in this parameter set");
    return it->second;
}

const char* check_verdict(const CheckResult& c) {
    if (c.passed) return "PASS";
    return c.not_shown ? "NOT SHOWN" : "FAIL";
}

}  // namespace tl
