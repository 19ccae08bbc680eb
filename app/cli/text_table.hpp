// A plain-text table for terminal reports, two spaces between columns.
// `align` has one letter per column, 'l' (text) or 'r' (numbers); columns
// beyond it are right-aligned, so the default suits "name, numbers...".
#pragma once
#include <ostream>
#include <string>
#include <vector>

namespace tl::cli {

class TextTable {
public:
    explicit TextTable(std::vector<std::string> header, std::string align = "l")
        : header_(std::move(header)), align_(std::move(align)) {}
    void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
    bool empty() const { return rows_.empty(); }
    void print(std::ostream& out, const std::string& indent = "  ") const;

private:
    std::vector<std::string> header_;
    std::string align_;
    std::vector<std::vector<std::string>> rows_;
};

// "3" for whole numbers, otherwise up to 6 significant digits ("0.25").
std::string format_number(double v);
// Fixed decimals, for milliseconds: "12.5".
std::string format_fixed(double v, int decimals = 1);

}  // namespace tl::cli
