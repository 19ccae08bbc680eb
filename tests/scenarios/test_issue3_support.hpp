// Helpers shared by the tests of the GIL and process scenarios, on top of
// support.hpp: their metrics, and checking that events carry listing
// lines that do what the event says.
#pragma once
#include <catch2/catch.hpp>

#include <initializer_list>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "scenario.hpp"
#include "listing.hpp"
#include "support.hpp"
#include "threadlab/reduce.hpp"
#include "threadlab/runtime.hpp"

namespace issue3 {

using namespace tl;

using tltest::check_named;
using tltest::describe;
using tltest::deterministic;
using tltest::free_fast;
using tltest::run;
using tltest::scenario;

// These scenarios have at least four checks each.
inline void require_checks_pass(const Scenario& s, const Params& params, const EventLog& log) {
    tltest::require_checks_pass(s, params, log, 4);
}

// Runs scenario `id` with each list of settings and each seed, the run
// configuration made by `config(seed)` (deterministic or free_fast), and
// requires every check of every run to pass.
template <class Config>
void require_checks_pass_each(const std::string& id, const std::vector<std::vector<std::string>>& cases,
                              std::initializer_list<uint64_t> seeds, Config config) {
    const Scenario& s = scenario(id);
    for (const auto& settings : cases) {
        const Params p = parse_params(s, settings);
        for (uint64_t seed : seeds) {
            INFO(describe(id, settings) << " seed=" << seed);
            auto rt = run(s, p, config(seed));
            require_checks_pass(s, p, rt->log());
        }
    }
}

inline double metric(const Scenario& s, const EventLog& log, const Params& p, const std::string& name) {
    const auto m = s.metrics(log, p);
    auto it = m.find(name);
    REQUIRE(it != m.end());
    return it->second;
}

using tltest::listing_lines;

// What the listing line of an event must contain (any of the words); empty
// when the event says nothing checkable about its line.
inline std::vector<const char*> expected_words(const LogEvent& e) {
    switch (e.kind) {
        case EvKind::Print: return {"print("};
        case EvKind::ThreadNew:
            // Pools make their workers in their constructor or on submit.
            return {"Thread(", "Process(", "neighbour(", "Pool(", "ProcessPoolExecutor(", ".submit(", ".map("};
        case EvKind::State:
            switch (static_cast<ThreadState>(e.code)) {
                case ThreadState::Sleeping:
                case ThreadState::IO: return {"sleep("};
                default: return {};
            }
        case EvKind::OpDone:
            switch (static_cast<Op>(e.code)) {
                case Op::Sleep:
                case Op::Io: return {"sleep("};
                case Op::Cpu: return {"-= 1", "countdown("};
                case Op::Submit: return {".submit(", ".map(", ".apply(", ".apply_async("};
                case Op::Shutdown: return {".shutdown(", "ProcessPoolExecutor("};
                case Op::Terminate: return {".terminate("};
                case Op::Close: return {".close("};
                case Op::Start: return {".start(", "Pool(", "ProcessPoolExecutor(", ".submit(", ".map("};
                default: return {};
            }
        default: return {};
    }
}

// Every event tagged with a line points inside the listing, at a line that
// does what the event says; MainThread's own ops are all tagged (except the
// joins Python does at exit), and results, cancels and callbacks are where
// the listing asks for them.
inline void check_listing_lines(const Scenario& s, const EventLog& log, const std::string& what) {
    const std::vector<std::string> lines = listing_lines(s);
    REQUIRE(lines.size() >= 15);
    REQUIRE(lines.size() <= 60);
    size_t tagged = 0;
    for (size_t i = 0; i < log.size(); ++i) {
        const LogEvent& e = log[i];
        if (e.line == 0) {
            if (e.kind == EvKind::OpDone && e.thread == 0) {
                INFO(what << ": untagged MainThread op " << to_string(static_cast<Op>(e.code)) << " at event " << i);
                // After main returns, Python joins the threads and pools' exit hooks stop their workers.
                const Op op = static_cast<Op>(e.code);
                CHECK((op == Op::Join || op == Op::Put || op == Op::Get || op == Op::Acquire || op == Op::Release ||
                       op == Op::Submit || op == Op::Shutdown));
            }
            continue;
        }
        INFO(what << ": event " << i << " (" << to_string(e.kind) << ") on line " << e.line);
        REQUIRE(e.line <= lines.size());
        const std::string& text = lines[e.line - 1];
        INFO("line text: " << text);
        std::vector<const char*> words = expected_words(e);
        if (e.kind == EvKind::OpDone && e.object != kNone && log.object(e.object).kind == ObjKind::Future) {
            const Op op = static_cast<Op>(e.code);
            if (op == Op::Result && e.thread == 0) words = {".result(", ".map(", ".apply("};
            // A done-callback asks for the result itself; a Pool's result
            // handler does it for `callback=` (the pool's machinery).
            if (op == Op::Result && e.thread != 0) words = {".result(", "Pool("};
            if (op == Op::Cancelled && e.thread == 0) words = {".cancel(", ".shutdown("};
        }
        if (words.empty()) continue;
        bool found = false;
        for (const char* w : words) found |= text.find(w) != std::string::npos;
        CHECK(found);
        ++tagged;
    }
    CHECK(tagged > 10);
}

}  // namespace issue3
