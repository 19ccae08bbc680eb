#include "gui/trace_index.hpp"

#include "gui/lane_marks.hpp"

#include <algorithm>

namespace tl::gui {
namespace {
const std::string kUnknown = "?";
const std::vector<OpMarker> kNoMarkers;

// Operations that are already visible as a state segment of their own.
bool shown_as_state(Op op) { return op == Op::Sleep || op == Op::Cpu || op == Op::Io; }
}  // namespace

TraceIndex::ThreadRow& TraceIndex::thread_row(const EventLog& log, uint32_t tid) {
    // tid < kNone here: kNone + 1 would wrap to 0.
    if (tid >= threads_.size()) threads_.resize(tid + 1);
    ThreadRow& row = threads_[tid];
    if (row.name.empty()) {
        ThreadInfo info = log.thread(tid);
        row.name = info.name;
        row.pid = info.pid;
        // A process is named after its first thread (the Process object's own).
        if (info.pid >= processes_.size()) processes_.resize(info.pid + 1);
        if (processes_[info.pid].empty()) processes_[info.pid] = info.pid == 0 ? "MainProcess" : info.name;
    }
    return row;
}

TraceIndex::ObjectRow& TraceIndex::object_row(const EventLog& log, uint32_t id) {
    if (id >= objects_.size()) objects_.resize(id + 1);
    ObjectRow& row = objects_[id];
    if (row.name.empty()) {
        ObjectInfo info = log.object(id);
        row.name = info.name;
        row.kind = info.kind;
        row.initial = info.initial;
        row.internal = info.internal;
        auto ends_with = [&](const char* tail) {
            const std::string t(tail);
            return row.name.size() > t.size() && row.name.compare(row.name.size() - t.size(), t.size(), t) == 0;
        };
        row.work_queue = row.kind == ObjKind::Queue && (ends_with(".work_queue") || ends_with(".call_queue"));
    }
    return row;
}

void TraceIndex::update(const EventLog& log, size_t upto) {
    const size_t n = std::min(upto, log.size());
    for (; consumed_ < n; ++consumed_) {
        const LogEvent& e = log[consumed_];
        // Records not tied to a thread (or an object) have nothing to index here.
        const bool has_thread = e.thread != kNone, has_object = e.object != kNone;
        switch (e.kind) {
        case EvKind::ThreadNew:
            if (has_thread) thread_row(log, e.thread).host = e.other;
            break;
        case EvKind::ObjNew:
            if (has_object) object_row(log, e.object).text_values = e.aux == 1;
            break;
        case EvKind::Print: {
            print_stderr_.push_back(e.ok == 0);
            // A live change's thread prints its label first ("teacher: ticks 4 -> 2").
            if (!has_thread) break;
            ThreadRow& row = thread_row(log, e.thread);
            const std::string& text = log.str(static_cast<uint32_t>(e.value));
            static const std::string kHead = "teacher: ";
            if (!row.change && row.name == "teacher" && text.rfind(kHead, 0) == 0)
                row.change = LiveChange{e.t, text.substr(kHead.size())};
            break;
        }
        case EvKind::State: {
            if (!has_thread) break;
            ThreadRow& row = thread_row(log, e.thread);
            auto s = static_cast<ThreadState>(e.code);
            const bool waits = (s == ThreadState::Blocked || s == ThreadState::Waiting) && e.object != kNone;
            if (waits) row.waited_on.push_back(e.object);
            // A wait ends when the thread is woken; one ended by its death
            // (killed after a deadlock) never got what it waited for.
            if (row.in_wait && !(waits && e.object == row.open.object && s == row.open.state)) {
                row.in_wait = false;
                if (!is_final(s)) end_wait(row, e.t);
            }
            if (waits && !row.in_wait) {
                row.in_wait = true;
                row.open = WaitSpan{e.t, e.t, e.object, s, e.line};
                row.open.in_start = e.object == row.just_started;
                row.just_started = kNone;  // one start, one wait for it
                object_row(log, e.object);  // its name and kind, for idle_wait()
            }
            break;
        }
        case EvKind::OpDone: {
            if (!has_thread) break;
            ThreadRow& row = thread_row(log, e.thread);
            auto op = static_cast<Op>(e.code);
            // A thread doing an operation is no longer waiting (a log may
            // say so before any state record does). Not a raise: a thread
            // killed in its wait unwinds through the library's locks first.
            if (row.in_wait && op != Op::Raise) {
                row.in_wait = false;
                end_wait(row, e.t);
            }
            // start() in a Python program then waits until its thread has
            // begun (on the Thread object, as a join does): not one of the
            // lesson's waits. Internal ops (its Event's locks) come between.
            if (op == Op::Start) row.just_started = e.object;
            else if (e.object == kNone || !object_row(log, e.object).internal) row.just_started = kNone;
            bool waited = std::find(row.waited_on.begin(), row.waited_on.end(), e.object) != row.waited_on.end();
            row.waited_on.clear();
            if (shown_as_state(op)) break;
            if (e.object != kNone) note_object_op(log, e, op);
            int64_t value = e.value;
            if (op == Op::Phase) {
                phases_.push_back({e.t, log.str(static_cast<uint32_t>(e.value))});
                break;  // a band over the lanes, not a mark on one
            }
            if (op == Op::Raise) {
                raised_.push_back(log.str(static_cast<uint32_t>(e.value)));
                value = static_cast<int64_t>(raised_.size() - 1);
            }
            row.markers.push_back(OpMarker{e.t, value, e.aux, e.object, e.line, op, e.ok != 0, waited});
            row.markers.back().mark = static_cast<uint8_t>(lane_mark(row.markers.back(), *this));
            break;
        }
        case EvKind::Excepthook: {
            if (!has_thread) break;
            ThreadRow& row = thread_row(log, e.thread);
            raised_.push_back(log.str(static_cast<uint32_t>(e.value)));
            OpMarker m{e.t, static_cast<int64_t>(raised_.size() - 1), 0, kNone, e.line, Op::Raise, false, false};
            m.uncaught = true;
            m.mark = static_cast<uint8_t>(LaneMark::Uncaught);
            row.markers.push_back(m);
            break;
        }
        default: break;
        }
    }
}

void TraceIndex::note_object_op(const EventLog& log, const LogEvent& e, Op op) {
    ObjectRow& row = object_row(log, e.object);
    ++row.ops;
    if (row.text_values && e.ok) {
        const bool item = row.kind == ObjKind::Queue && (op == Op::Put || op == Op::Get);
        const bool result = row.kind == ObjKind::Future && op == Op::Finished;
        const int64_t id = item ? e.aux : result ? e.value : -1;
        if (id >= 0 && !texts_.count(id)) texts_.emplace(id, log.str(static_cast<uint32_t>(id)));
    }
    switch (row.kind) {
    case ObjKind::Future: {
        FutureRow& f = row.future;
        if (!row.is_future) {
            row.is_future = true;
            f.created = e.t;
            f.order = futures_seen_++;
        }
        if (op == Op::Pending || op == Op::Running || op == Op::Finished || (op == Op::Cancelled && e.ok))
            f.changed = e.t;
        break;
    }
    case ObjKind::Executor:
    case ObjKind::Pool:
        if (op == Op::Submit && e.ok && e.aux >= 0) {
            ObjectRow& f = object_row(log, static_cast<uint32_t>(e.aux));
            f.future.executor = e.object;
            f.future.argument = e.value;
        }
        if (op == Op::Spawn && e.other != kNone) object_row(log, e.object).spawned.push_back(e.other);
        break;
    case ObjKind::Gil:
        if (op == Op::Release && e.other != kNone) {
            GilHandoff h{e.t, e.thread, e.other, e.object};
            // Events arrive nearly in time order; keep the list sorted for binary search.
            auto at = std::upper_bound(handoffs_.begin(), handoffs_.end(), h.t,
                                       [](Nanos t, const GilHandoff& x) { return t < x.t; });
            handoffs_.insert(at, h);
        }
        break;
    default: break;
    }
}

const std::string& TraceIndex::thread_name(uint32_t tid) const {
    return tid < threads_.size() && !threads_[tid].name.empty() ? threads_[tid].name : kUnknown;
}

const TraceIndex::LiveChange* TraceIndex::live_change(uint32_t tid) const {
    return tid < threads_.size() && threads_[tid].change ? &*threads_[tid].change : nullptr;
}

const std::vector<uint32_t>& TraceIndex::spawned(uint32_t pool) const {
    static const std::vector<uint32_t> kNoWorkers;
    return pool < objects_.size() ? objects_[pool].spawned : kNoWorkers;
}

const std::string& TraceIndex::object_name(uint32_t id) const {
    return id < objects_.size() && !objects_[id].name.empty() ? objects_[id].name : kUnknown;
}

ObjKind TraceIndex::object_kind(uint32_t id) const {
    return id < objects_.size() ? objects_[id].kind : ObjKind::Lock;
}

size_t TraceIndex::op_count(uint32_t id) const { return id < objects_.size() ? objects_[id].ops : 0; }

uint32_t TraceIndex::lane_host(uint32_t tid) const { return tid < threads_.size() ? threads_[tid].host : kNone; }

uint32_t TraceIndex::thread_pid(uint32_t tid) const { return tid < threads_.size() ? threads_[tid].pid : 0; }

const std::string& TraceIndex::process_name(uint32_t pid) const {
    return pid < processes_.size() && !processes_[pid].empty() ? processes_[pid] : kUnknown;
}

const FutureRow* TraceIndex::future(uint32_t id) const {
    return id < objects_.size() && objects_[id].is_future ? &objects_[id].future : nullptr;
}

const std::string& TraceIndex::text(int64_t id) const {
    auto it = texts_.find(id);
    return it != texts_.end() ? it->second : kUnknown;
}

std::string TraceIndex::value_text(uint32_t object, int64_t value) const {
    if (object < objects_.size() && objects_[object].text_values) return text(value);
    return std::to_string(value);
}

const std::vector<WaitSpan>& TraceIndex::waits(uint32_t tid) const {
    static const std::vector<WaitSpan> kNoWaits;
    return tid < threads_.size() ? threads_[tid].waits : kNoWaits;
}

int64_t TraceIndex::object_initial(uint32_t id) const { return id < objects_.size() ? objects_[id].initial : 0; }

void TraceIndex::end_wait(ThreadRow& row, Nanos t) {
    row.open.end = t;
    row.open.marked = marks_wait(row.open);
    row.waits.push_back(row.open);
}

bool TraceIndex::marks_wait(const WaitSpan& w) const {
    return !w.in_start && !idle_wait(w.object) && object_kind(w.object) != ObjKind::Gil && !object_internal(w.object);
}

bool TraceIndex::object_internal(uint32_t id) const { return id < objects_.size() && objects_[id].internal; }

bool TraceIndex::idle_wait(uint32_t id) const {
    if (id >= objects_.size()) return false;
    const ObjectRow& o = objects_[id];
    // (A process pool's workers are processes: what waits on the Pool itself
    // is a thread joining it, pool.join(), not an idle worker.)
    return o.kind == ObjKind::Executor || o.work_queue;
}

const std::vector<OpMarker>& TraceIndex::markers(uint32_t tid) const {
    return tid < threads_.size() ? threads_[tid].markers : kNoMarkers;
}

std::string TraceIndex::describe(const OpMarker& m) const {
    std::string target = m.object == kNone ? std::string("threading") : object_name(m.object);
    // Main's end: what CPython runs then (its shutdown joins the non-daemon threads).
    if (m.op == Op::Exit) return std::string(m.ok ? "main returned" : "main raised") + ": threading._shutdown()";
    std::string text = target + "." + std::string(to_string(m.op)) + "(";
    const bool is_queue = m.object != kNone && object_kind(m.object) == ObjKind::Queue;
    if (is_queue && m.op == Op::Put) text += value_text(m.object, m.aux);
    text += ")";
    if (m.uncaught && m.value >= 0 && static_cast<size_t>(m.value) < raised_.size())
        text = "uncaught " + raised_[static_cast<size_t>(m.value)];
    else if (m.op == Op::Raise && m.value >= 0 && static_cast<size_t>(m.value) < raised_.size())
        text = target + ": raise " + raised_[static_cast<size_t>(m.value)];
    else if (!m.ok) text += " -> False";
    else if (is_queue && m.op == Op::Get) text += " -> " + value_text(m.object, m.aux);
    return text;
}

}  // namespace tl::gui
