// What the executors and pools do with their constructor arguments, the same
// way for each: CPython's check of max_workers, and a default name numbered
// per kind when none is given ("ThreadPoolExecutor-0", "Pool-1").
#pragma once
#include <string>

#include "threadlab/errors.hpp"
#include "threadlab/runtime.hpp"

namespace tl::detail {

// ValueError("max_workers must be greater than 0"), as both of CPython's executors say.
inline int checked_max_workers(int n) {
    if (n <= 0) throw ValueError("max_workers must be greater than 0");
    return n;
}

// `given`, or KIND-N for the N-th unnamed one of this kind in the run.
inline std::string name_or_numbered(Runtime& rt, const std::string& given, const std::string& kind) {
    return given.empty() ? kind + "-" + std::to_string(rt.next_index(kind)) : given;
}

}  // namespace tl::detail
