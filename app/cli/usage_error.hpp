// The one kind of error the command line reports for bad input: a single
// line naming the problem and what is allowed, printed on stderr with exit
// code 2. Anything thrown as UsageError is meant for the user verbatim.
#pragma once
#include <stdexcept>
#include <string>

namespace tl::cli {

constexpr int kExitOk = 0;
constexpr int kExitChecksFailed = 1;
constexpr int kExitUsage = 2;

struct UsageError : std::runtime_error {
    explicit UsageError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace tl::cli
