// Names of the log's vocabularies, as exports and the GUI print them.
#include "threadlab/event.hpp"
#include "threadlab/runtime.hpp"

namespace tl {

std::string_view to_string(ThreadState s) {
    static constexpr std::string_view names[] = {"new",      "ready", "running", "blocked", "waiting",
                                                 "sleeping", "io",    "done",    "killed",  "failed"};
    return names[static_cast<int>(s)];
}

std::string_view to_string(ObjKind k) {
    static constexpr std::string_view names[] = {"Thread",    "Lock",  "RLock",   "Condition", "Semaphore",
                                                 "BoundedSemaphore", "Event", "Barrier", "Queue",
                                                 "Future",    "ThreadPoolExecutor", "GIL", "Pool"};
    return names[static_cast<int>(k)];
}

std::string_view to_string(Op o) {
    static constexpr std::string_view names[] = {
        "start", "join", "acquire", "release", "wait",     "notify", "notify_all",
        "set",   "clear", "put",    "get",     "task_done", "join",  "abort",
        "reset", "sleep", "cpu",    "io",      "raise",     "pending", "running",
        "finished", "cancelled", "callback", "result", "submit", "shutdown", "drop_request",
        "spawn", "terminate", "close", "switch", "exit", "phase", "resize"};
    return names[static_cast<int>(o)];
}

std::string_view to_string(EvKind k) {
    static constexpr std::string_view names[] = {"thread_new", "state",    "obj_new",  "op",
                                                 "excepthook", "print",    "deadlock", "run_end",
                                                 "run_start"};
    return names[static_cast<int>(k)];
}

std::string_view to_string(Mode m) { return m == Mode::Free ? "free" : "deterministic"; }

std::string_view to_string(GilMode g) {
    switch (g) {
        case GilMode::Modern: return "modern";
        case GilMode::Ticks: return "ticks";
        case GilMode::Off: return "off";
    }
    return "?";
}

std::string_view to_string(Policy p) {
    switch (p) {
        case Policy::Random: return "random";
        case Policy::RoundRobin: return "round-robin";
        case Policy::Manual: return "manual";
    }
    return "?";
}

}  // namespace tl
