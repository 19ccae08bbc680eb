// The scenario's Python listing as lines (line N is element N-1), for the
// tests that check each event's line tag against what that line does.
#pragma once
#include <sstream>
#include <string>
#include <vector>

#include "scenario.hpp"

namespace tltest {

inline std::vector<std::string> listing_lines(const tl::Scenario& s) {
    std::vector<std::string> lines;
    std::istringstream in(s.python);
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
    return lines;
}

}  // namespace tltest
