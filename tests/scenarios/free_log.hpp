// Hand-built event logs of free-mode runs, for the tests of what a check says
// when the machine's scheduling (not the program) kept a run from showing its
// effect. Timing-free: every moment is written by the test, so each test
// reproduces one exact condition seen in real free runs at speed 20 (a thread
// that got a CPU only after the other's work had ended, a worker woken too
// late to take a task) and the control that makes it a real failure.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "threadlab/event_log.hpp"
#include "threadlab/runtime.hpp"

namespace freelog {

using namespace tl;

constexpr Nanos kMs = 1'000'000;

class Builder {
public:
    // The RunStart record says which mode ran; the checks excuse scheduling
    // only in free runs.
    explicit Builder(Mode mode = Mode::Free) {
        LogEvent e;
        e.kind = EvKind::RunStart;
        e.code = static_cast<uint8_t>(mode);
        append(e);
        main_ = thread("MainThread", 0);
        state(0, main_, ThreadState::Running);
    }

    uint32_t object(const std::string& name, ObjKind kind, int64_t initial = 0) {
        const uint32_t id = log.add_object({name, kind, initial});
        LogEvent e;
        e.kind = EvKind::ObjNew;
        e.object = id;
        e.code = static_cast<uint8_t>(kind);
        e.value = initial;
        append(e);
        return id;
    }
    // A thread in interpreter `pid` (0: the parent process), made but not started.
    uint32_t thread(const std::string& name, uint32_t pid, Nanos t = 0, bool daemon = false) {
        const uint32_t obj = object(name, ObjKind::Thread);
        const uint32_t tid = log.add_thread({name, obj, daemon, pid});
        LogEvent e;
        e.t = t;
        e.kind = EvKind::ThreadNew;
        e.thread = tid;
        e.object = obj;
        e.ok = daemon;
        append(e);
        return tid;
    }
    void state(Nanos t, uint32_t tid, ThreadState s, uint32_t obj = kNone, uint16_t line = 0) {
        LogEvent e;
        e.t = t;
        e.kind = EvKind::State;
        e.thread = tid;
        e.code = static_cast<uint8_t>(s);
        e.object = obj;
        e.line = line;
        append(e);
    }
    void op(Nanos t, uint32_t tid, uint32_t obj, Op o, uint16_t line = 0, int64_t value = 0, int64_t aux = 0,
            uint32_t other = kNone, bool ok = true) {
        LogEvent e;
        e.t = t;
        e.kind = EvKind::OpDone;
        e.thread = tid;
        e.object = obj;
        e.code = static_cast<uint8_t>(o);
        e.ok = ok;
        e.value = value;
        e.aux = aux;
        e.other = other;
        e.line = line;
        append(e);
    }
    void print(Nanos t, uint32_t tid, const std::string& text, uint16_t line = 0) {
        LogEvent e;
        e.t = t;
        e.kind = EvKind::Print;
        e.thread = tid;
        e.value = log.intern(text);
        e.line = line;
        append(e);
    }
    // MainThread's start() of `tid` returned at `t`.
    void start(Nanos t, uint32_t tid, uint16_t line = 0) {
        op(t, main_, log.thread(tid).object, Op::Start, line, 0, 0, tid);
    }
    // Writes the log: every event in order of time (ties in the order they
    // were written), as the engine records them, then RunEnd.
    const EventLog& end(Nanos t) {
        std::stable_sort(pending_.begin(), pending_.end(),
                         [](const LogEvent& a, const LogEvent& b) { return a.t < b.t; });
        for (const LogEvent& e : pending_) log.append(e);
        pending_.clear();
        LogEvent e;
        e.t = t;
        e.kind = EvKind::RunEnd;
        e.ok = 1;
        log.append(e);
        return log;
    }
    uint32_t main() const { return main_; }

    EventLog log;

private:
    void append(const LogEvent& e) { pending_.push_back(e); }

    std::vector<LogEvent> pending_;
    uint32_t main_ = 0;
};

}  // namespace freelog
