// Chrome Trace Event Format export. Event kinds used (docs/TRACE.md):
//   M  metadata: process and thread names, thread order
//   X  complete slices: one per thread-state segment (from tl::Timeline)
//   i  instants: every primitive operation "OBJECT.OP", raises, prints,
//      excepthook, how each thread ended, deadlock edges, the end of the run
//   s/f flow pairs: from an operation that woke a thread to what that
//      thread did next on the same object (or its next running state)
#include "threadlab/trace_export.hpp"

#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <sstream>
#include <unordered_map>
#include <vector>

#include "threadlab/reduce.hpp"

namespace tl {

namespace {

using nlohmann::json;

// Chrome's tid 0 (and pid 0) are sometimes treated specially; shift by one.
int chrome_tid(uint32_t tid) { return tid == kNone ? 0 : static_cast<int>(tid) + 1; }
int chrome_pid(uint32_t interpreter) { return static_cast<int>(interpreter) + 1; }

double micros(Nanos t) { return static_cast<double>(t) / 1000.0; }

// Writes each trace event as soon as it is made, instead of building the
// whole document first: a run of a million events would otherwise hold
// every event as a JSON tree (over a gigabyte) before a byte is written.
class Emitter {
public:
    explicit Emitter(std::ostream& out) : out_(out) {}
    void push_back(const json& j) {
        if (!first_) out_ << ',';
        first_ = false;
        // Printed text may hold any bytes; never let invalid UTF-8 abort an export.
        out_ << j.dump(-1, ' ', false, json::error_handler_t::replace);
    }

private:
    std::ostream& out_;
    bool first_ = true;
};

// The first n events of the log, read in place (no copy of the log).
struct Prefix {
    const EventLog& log;
    size_t n;
    const LogEvent& operator[](size_t i) const { return log[i]; }
    size_t size() const { return n; }
};

// The names of everything the log refers to, read once (the log's lookups
// lock and copy).
struct Names {
    std::vector<ThreadInfo> threads;
    std::vector<ObjectInfo> objects;

    explicit Names(const EventLog& log) {
        for (size_t i = 0; i < log.thread_count(); ++i) threads.push_back(log.thread(uint32_t(i)));
        for (size_t i = 0; i < log.object_count(); ++i) objects.push_back(log.object(uint32_t(i)));
    }
    // Each interpreter (process) of the run is a Chrome process.
    int pid_of(uint32_t tid) const { return chrome_pid(tid < threads.size() ? threads[tid].pid : 0); }
    std::string thread(uint32_t tid) const {
        return tid < threads.size() ? threads[tid].name : "thread-" + std::to_string(tid);
    }
    // An operation that is not on any object (sleep, cpu, io) is the thread's
    // own doing, so it is named after the thread.
    std::string object(uint32_t id, uint32_t tid) const {
        if (id == kNone) return thread(tid);
        return id < objects.size() ? objects[id].name : "object-" + std::to_string(id);
    }
    json object_or_null(uint32_t id) const {
        return id == kNone ? json(nullptr) : json(object(id, kNone));
    }
};

// Adds what an operation's value and aux mean for its kind of object (see
// docs/TRACE.md, "Operation arguments"). Numbers without a meaning for the
// operation are left out rather than shown as zeros.
void add_op_values(const EventLog& log, const Names& names, ObjKind kind, Op op, const LogEvent& e, json& args) {
    const bool ok = e.ok != 0;
    auto text = [&](int64_t id) { return log.str(static_cast<uint32_t>(id)); };
    switch (kind) {
        case ObjKind::Lock:
        case ObjKind::RLock:
            // acquire: 1 (Lock) or the recursion depth (RLock); RLock release: depth left
            if (op == Op::Acquire || (kind == ObjKind::RLock && op == Op::Release)) args["value"] = e.value;
            break;
        case ObjKind::Semaphore:
        case ObjKind::BoundedSemaphore:
            if (op == Op::Acquire || op == Op::Release) args["value"] = e.value;  // the counter after
            if (op == Op::Release) args["n"] = e.aux;
            break;
        case ObjKind::Condition:
            if (op == Op::Notify || op == Op::NotifyAll) args["woken"] = e.value;
            if (op == Op::Notify) args["n"] = e.aux;
            break;
        case ObjKind::Event:
            if (op == Op::Wait) args["value"] = e.value;  // the flag
            if (op == Op::Set) args["woken"] = e.aux;
            break;
        case ObjKind::Barrier:
            if (op == Op::Wait) args["value"] = e.value;  // the arrival index
            if (op == Op::Abort || op == Op::Reset) args["woken"] = e.value;
            break;
        case ObjKind::Queue:
            if (op == Op::Put || op == Op::Get) {
                args["value"] = e.value;  // qsize after
                args["item"] = e.aux;
            }
            if (op == Op::TaskDone) args["value"] = e.value;  // unfinished tasks left
            break;
        case ObjKind::Future:
            if ((op == Op::Finished || op == Op::Result) && ok) args["value"] = e.value;
            if ((op == Op::Finished || op == Op::Result || op == Op::Callback) && !ok) args["error"] = text(e.aux);
            if (op == Op::Callback) args["index"] = e.value;
            break;
        case ObjKind::Executor:
        case ObjKind::Pool:
            if (op == Op::Spawn) args["pid"] = e.value;
            if (op == Op::Submit) {
                args["item"] = e.value;
                args["future"] = names.object(static_cast<uint32_t>(e.aux), kNone);
            }
            if (op == Op::Shutdown) {
                args["wait"] = e.value != 0;
                args["cancel_futures"] = e.aux != 0;
            }
            break;
        case ObjKind::Thread:  // threads and processes
            if (op == Op::Start) args["daemon"] = e.aux != 0;
            if (op == Op::Terminate) args["pid"] = e.value;
            break;
        case ObjKind::Gil:
            if (op == Op::DropRequest) args["interval_ms"] = static_cast<double>(e.value) / 1e6;
            break;
        default:  // kinds whose operations carry no extra numbers
            break;
    }
}

json base_event(const Names& names, const char* ph, const std::string& name, const char* cat, Nanos t,
                uint32_t tid) {
    return json{{"ph", ph},          {"name", name}, {"cat", cat}, {"ts", micros(t)}, {"pid", names.pid_of(tid)},
                {"tid", chrome_tid(tid)}};
}

json instant(const Names& names, const std::string& name, const char* cat, const LogEvent& e,
             const char* scope = "t") {
    json j = base_event(names, "i", name, cat, e.t, e.thread);
    j["s"] = scope;
    return j;
}

json metadata(const char* name, int pid, int tid, json args) {
    return {{"ph", "M"}, {"name", name}, {"pid", pid}, {"tid", tid}, {"args", std::move(args)}};
}

void add_metadata(const Names& names, Emitter& out) {
    // A process is named after its first thread (a Process's thread carries
    // the Process's name); the main interpreter is Python's MainProcess.
    std::set<uint32_t> named;
    out.push_back(metadata("process_name", chrome_pid(0), 0, {{"name", "MainProcess"}}));
    out.push_back(metadata("process_sort_index", chrome_pid(0), 0, {{"sort_index", 0}}));
    named.insert(0);
    for (const ThreadInfo& t : names.threads) {
        if (!named.insert(t.pid).second) continue;
        out.push_back(metadata("process_name", chrome_pid(t.pid), 0, {{"name", t.name}}));
        out.push_back(metadata("process_sort_index", chrome_pid(t.pid), 0, {{"sort_index", t.pid}}));
    }
    for (size_t tid = 0; tid < names.threads.size(); ++tid) {
        std::string label = names.threads[tid].name;
        if (names.threads[tid].daemon) label += " (daemon)";
        const int pid = names.pid_of(uint32_t(tid)), ctid = chrome_tid(uint32_t(tid));
        out.push_back(metadata("thread_name", pid, ctid, {{"name", label}}));
        out.push_back(metadata("thread_sort_index", pid, ctid, {{"sort_index", tid}}));
    }
}

void add_state_slices(const EventLog& log, size_t n, const Names& names, Emitter& out) {
    Timeline timeline;
    timeline.update(log, n);
    for (const Lane& lane : timeline.lanes()) {
        for (const Segment& s : lane.segments) {
            // Before start and after the end there is nothing to see.
            if (s.state == ThreadState::New || is_final(s.state)) continue;
            json j = base_event(names, "X", std::string(to_string(s.state)), "state", s.start, lane.tid);
            j["dur"] = micros(s.end - s.start);
            j["args"] = {{"object", names.object_or_null(s.object)}, {"line", s.line}};
            out.push_back(std::move(j));
        }
    }
}

// Operations whose `other` is the thread they act on, not one they woke.
bool acts_on_other(Op op) { return op == Op::Start || op == Op::Join || op == Op::Spawn || op == Op::Terminate; }

// The operation's name in the trace: the op's own, except for a Future's
// `cancelled` record of a cancel() that returned False (the future was
// running or done). That future did not become cancelled, so the trace calls
// it what it was, a call to cancel() that failed: `f3.cancel`, ok false.
std::string_view op_name(const Names& names, const LogEvent& e) {
    const Op op = static_cast<Op>(e.code);
    if (op == Op::Cancelled && !e.ok && e.object < names.objects.size() &&
        names.objects[e.object].kind == ObjKind::Future)
        return "cancel";
    return to_string(op);
}

json op_event(const EventLog& log, const Names& names, const LogEvent& e) {
    const Op op = static_cast<Op>(e.code);
    const std::string object = names.object(e.object, e.thread);
    const std::string_view name = op_name(names, e);
    json j = instant(names, object + "." + std::string(name), op == Op::Raise ? "error" : "op", e);
    json args = {{"object", object}, {"op", name}, {"ok", e.ok != 0}, {"line", e.line}};
    if (op == Op::Raise) {
        args["error"] = log.str(static_cast<uint32_t>(e.value));
        // Objects record which of their operations raised; sleep/cpu/io do not.
        if (e.object != kNone) args["during"] = to_string(static_cast<Op>(e.aux));
    } else if (e.object != kNone && e.object < names.objects.size()) {
        add_op_values(log, names, names.objects[e.object].kind, op, e, args);
    } else if (op == Op::Sleep || op == Op::Cpu || op == Op::Io) {
        args["seconds"] = static_cast<double>(e.value) / 1e9;
    }
    // Thread.start/join, a pool's spawn and a terminate name the thread they
    // act on; every other operation names the first thread it woke.
    if (e.other != kNone) args[acts_on_other(op) ? "thread" : "woke"] = names.thread(e.other);
    j["args"] = std::move(args);
    return j;
}

// Whether `other` of this operation is a thread it woke (or started). A
// join's `other` is the thread joined, which the joiner does not wake; a
// spawn or terminate names the worker or process it concerns.
bool wakes_other(const LogEvent& e) {
    const Op op = static_cast<Op>(e.code);
    return e.kind == EvKind::OpDone && e.other != kNone && op != Op::Join && op != Op::Spawn &&
           op != Op::Terminate;
}

// For each event index, where the flow from a wake-up it records should
// land: the woken thread's next operation on the same object, else its next
// Running state. Built by one backward pass so the export stays linear.
std::unordered_map<size_t, size_t> flow_targets(const Prefix& ev) {
    std::unordered_map<uint64_t, size_t> next_op;   // (thread, object) -> index
    std::unordered_map<uint32_t, size_t> next_run;  // thread -> index
    std::unordered_map<size_t, size_t> target;
    for (size_t i = ev.size(); i-- > 0;) {
        const LogEvent& e = ev[i];
        if (wakes_other(e)) {
            const uint64_t key = (uint64_t(e.other) << 32) | e.object;
            if (auto it = next_op.find(key); it != next_op.end() && e.object != kNone)
                target[i] = it->second;
            else if (auto r = next_run.find(e.other); r != next_run.end())
                target[i] = r->second;
        }
        if (e.kind == EvKind::OpDone && e.thread != kNone && e.object != kNone)
            next_op[(uint64_t(e.thread) << 32) | e.object] = i;
        if (e.kind == EvKind::State && static_cast<ThreadState>(e.code) == ThreadState::Running)
            next_run[e.thread] = i;
    }
    return target;
}

// How a thread ended, as an instant on its track at the moment it did:
// `done`, `killed` or `failed` (with the uncaught exception), since the
// state slices stop there and would not say which. Once per thread.
json end_event(const Names& names, const LogEvent& e, const std::string& error) {
    const auto state = static_cast<ThreadState>(e.code);
    json j = instant(names, std::string(to_string(state)), state == ThreadState::Failed ? "error" : "thread", e);
    j["args"] = {{"thread", names.thread(e.thread)}, {"state", to_string(state)}, {"line", e.line}};
    if (!error.empty()) j["args"]["error"] = error;
    return j;
}

void add_instants_and_flows(const EventLog& log, const Prefix& ev, const Names& names, Emitter& out) {
    const auto targets = flow_targets(ev);
    int64_t flow_id = 0;
    std::unordered_map<uint32_t, std::string> uncaught;  // tid -> its excepthook text
    std::set<uint32_t> ended;
    for (size_t i = 0; i < ev.size(); ++i) {
        const LogEvent& e = ev[i];
        switch (e.kind) {
            case EvKind::OpDone: {
                out.push_back(op_event(log, names, e));
                auto t = targets.find(i);
                if (t == targets.end()) break;
                const LogEvent& to = ev[t->second];
                ++flow_id;
                json s = base_event(names, "s", "wake", "wake", e.t, e.thread);
                s["id"] = flow_id;
                json f = base_event(names, "f", "wake", "wake", to.t, to.thread);
                f["id"] = flow_id;
                f["bp"] = "e";
                out.push_back(std::move(s));
                out.push_back(std::move(f));
                break;
            }
            case EvKind::ObjNew: {
                const std::string object = names.object(e.object, e.thread);
                json j = instant(names, object + ".new", "object", e, e.thread == kNone ? "p" : "t");
                j["args"] = {{"object", object},
                             {"kind", to_string(static_cast<ObjKind>(e.code))},
                             {"initial", e.value},
                             {"line", e.line}};
                out.push_back(std::move(j));
                break;
            }
            case EvKind::Excepthook: {
                json j = instant(names, "excepthook", "error", e);
                j["args"] = {{"error", log.str(static_cast<uint32_t>(e.value))}, {"line", e.line}};
                uncaught[e.thread] = j["args"]["error"];
                out.push_back(std::move(j));
                break;
            }
            case EvKind::State: {  // the X slices cover the states; only the end is an instant
                const auto state = static_cast<ThreadState>(e.code);
                if (!is_final(state) || !ended.insert(e.thread).second) break;
                const auto error = uncaught.find(e.thread);
                out.push_back(end_event(names, e, state == ThreadState::Failed && error != uncaught.end()
                                                      ? error->second
                                                      : std::string()));
                break;
            }
            case EvKind::Print: {
                json j = instant(names, "print", "output", e);
                j["args"] = {{"text", log.str(static_cast<uint32_t>(e.value))}, {"line", e.line}};
                out.push_back(std::move(j));
                break;
            }
            case EvKind::Deadlock: {
                json j = instant(names, "deadlock", "error", e);
                j["args"] = {{"object", names.object_or_null(e.object)},
                             {"holder", e.other == kNone ? json(nullptr) : json(names.thread(e.other))},
                             {"in_cycle", e.ok != 0}};
                out.push_back(std::move(j));
                break;
            }
            case EvKind::RunEnd: {
                json j = instant(names, "run_end", "run", e, "g");
                j["args"] = {{"ended_by_itself", e.ok != 0}};
                out.push_back(std::move(j));
                break;
            }
            case EvKind::RunStart:   // the run's settings go to otherData
            case EvKind::ThreadNew:  // the thread_name metadata covers these
                break;
        }
    }
}

}  // namespace

void write_chrome_trace(std::ostream& out, const EventLog& log, const std::map<std::string, std::string>& other_data) {
    const Prefix ev{log, log.size()};  // one consistent prefix, even during a run
    const Names names(log);
    json other = {{"generator", "ThreadLab"},
                  {"time_unit_of_ts", "microseconds of scenario time"},
                  {"events", ev.size()},
                  {"dropped_events", log.dropped()},
                  {"threads", names.threads.size()},
                  {"objects", names.objects.size()}};
    for (size_t i = 0; i < ev.size(); ++i) {
        const LogEvent& e = ev[i];
        if (e.kind != EvKind::RunStart) continue;
        other["mode"] = to_string(static_cast<Mode>(e.code));
        other["policy"] = to_string(static_cast<Policy>(e.line));
        other["seed"] = e.value;
        other["cores"] = e.object;
        other["gil"] = to_string(static_cast<GilMode>(e.other));
        other["switch_interval_s"] = double(e.aux) / 1e9;
        break;
    }
    for (const auto& [k, v] : other_data) other[k] = v;
    // The keys in the order a whole-document dump sorts them, so the file is
    // the same as it always was.
    out << "{\"displayTimeUnit\":\"ms\",\"otherData\":"
        << other.dump(-1, ' ', false, json::error_handler_t::replace) << ",\"traceEvents\":[";
    Emitter events(out);
    add_metadata(names, events);
    add_state_slices(log, ev.size(), names, events);
    add_instants_and_flows(log, ev, names, events);
    out << "]}";
}

std::string chrome_trace_json(const EventLog& log, const std::map<std::string, std::string>& other_data) {
    std::ostringstream out;
    write_chrome_trace(out, log, other_data);
    return out.str();
}

}  // namespace tl
