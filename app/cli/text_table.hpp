// A plain-text table for terminal reports: the first column left-aligned
// (names), the others right-aligned (numbers), two spaces between columns.
#pragma once
#include <ostream>
#include <string>
#include <vector>

namespace tl::cli {

class TextTable {
public:
    explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
    void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
    bool empty() const { return rows_.empty(); }
    void print(std::ostream& out, const std::string& indent = "  ") const;

private:
    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> rows_;
};

// "3" for whole numbers, otherwise up to 6 significant digits ("0.25").
std::string format_number(double v);
// Fixed decimals, for milliseconds: "12.5".
std::string format_fixed(double v, int decimals = 1);

}  // namespace tl::cli
