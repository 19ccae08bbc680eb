// Small helpers shared by the engine tests.
#pragma once
#include <string>

#include "threadlab/reduce.hpp"
#include "threadlab/threading.hpp"

namespace tltest {

inline tl::RunConfig det(uint64_t seed = 1, tl::Policy policy = tl::Policy::Random) {
    tl::RunConfig c;
    c.mode = tl::Mode::Deterministic;
    c.seed = seed;
    c.policy = policy;
    return c;
}

inline tl::RunConfig free_fast() {
    tl::RunConfig c;
    c.mode = tl::Mode::Free;
    c.speed = tl::kMaxSpeed;
    return c;
}

// Runs f, returning the formatted Python error it raised ("" when none).
template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const tl::PyError& e) {
        return e.formatted();
    }
    return "";
}

// The final state of the thread called `name`.
inline tl::ThreadState final_state(const tl::EventLog& log, const std::string& name) {
    tl::World w = tl::world_at(log);
    for (const auto& t : w.threads)
        if (log.thread(t.tid).name == name) return t.state;
    return tl::ThreadState::New;
}

inline size_t count_ops(const tl::EventLog& log, tl::Op op, const std::string& object = "") {
    size_t n = 0;
    for (size_t i = 0; i < log.size(); ++i) {
        const auto& e = log[i];
        if (e.kind == tl::EvKind::OpDone && static_cast<tl::Op>(e.code) == op &&
            (object.empty() || (e.object != tl::kNone && log.object(e.object).name == object)))
            ++n;
    }
    return n;
}

}  // namespace tltest
