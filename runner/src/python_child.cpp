// The child side of a Python run: initialise the interpreter, run the
// program over a fresh engine Runtime on this (the main) thread, stream the
// log to the parent, and leave without finalising the interpreter (daemon
// threads may still be inside Python, as CPython also leaves them).
#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "runner/log_stream.hpp"
#include "runner/python_run.hpp"
#include "threadlab/errors.hpp"

namespace tl::runner {

namespace {

constexpr int kStreamFd = 3;
// How long daemon threads get to unwind after main's shutdown killed them
// before they are abandoned (a daemon in a loop that makes no engine call
// never notices it was killed; CPython too just stops running it).
constexpr double kDaemonGrace = 0.5;

std::string outcome_json(const py::ProgramOutcome& o) {
    nlohmann::json j;
    j["compiled"] = o.compiled;
    j["main_raised"] = o.main_raised;
    j["error"] = o.error;
    j["error_line"] = o.error_line;
    j["exit_status"] = o.exit_status;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

RunConfig config_from(const nlohmann::json& j) {
    RunConfig c;
    c.mode = j.at("mode").get<std::string>() == "deterministic" ? Mode::Deterministic : Mode::Free;
    const std::string policy = j.at("policy").get<std::string>();
    c.policy = policy == "round-robin" ? Policy::RoundRobin : policy == "manual" ? Policy::Manual : Policy::Random;
    c.seed = j.at("seed").get<uint64_t>();
    c.cores = j.value("cores", 2);
    c.switch_interval = j.value("switch_interval", 0.005);
    c.gil = GilMode::Off;  // Python threads are under CPython's own GIL, never the modelled one
    c.speed = 1.0;
    return c;
}

}  // namespace

int python_child_main(const std::string& config_json) {
    // Programs the student's program starts (subprocess) must not hold the
    // stream open after this process has gone.
    fcntl(kStreamFd, F_SETFD, FD_CLOEXEC);
    nlohmann::json j = nlohmann::json::parse(config_json);
    py::ProgramSpec spec;
    spec.path = j.at("path").get<std::string>();
    spec.granularity = py::parse_granularity(j.at("granularity").get<std::string>()).value_or(py::Granularity::Switch);
    std::ifstream in(spec.path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    spec.source = text.str();

    py::initialize_interpreter(spec.path);
    py::ProgramOutcome syntax = py::check_syntax(spec);
    if (!syntax.compiled) {
        EventLog empty;
        LogShipper shipper(empty, kStreamFd);
        shipper.finish(outcome_json(syntax));
        ::_exit(0);
    }

    Runtime rt(config_from(j));
    LogShipper shipper(rt.log(), kStreamFd);
    py::set_flush_hook([&shipper] { shipper.flush(); });
    py::ProgramOutcome outcome;
    rt.run_main_here([&] {
        outcome = py::run_program(rt, spec);
        // Only daemon threads are left (threading's shutdown joined the
        // rest): the engine ends them as the interpreter's exit would.
        py::interrupt_threads();
        py::leave_interpreter();
        if (outcome.stopped) throw ThreadKilled{};
        if (outcome.main_raised) {
            const size_t colon = outcome.error.find(": ");
            throw PyError(outcome.error.substr(0, colon),
                          colon == std::string::npos ? "" : outcome.error.substr(colon + 2));
        }
    });
    if (!rt.wait_for(kDaemonGrace)) rt.abandon(true);
    shipper.finish(outcome_json(outcome));
    ::_exit(0);  // no interpreter finalisation, no Runtime destructor: threads may still be running
}

}  // namespace tl::runner
