// Hand-built logs for the GUI tests of issue 9 (the lanes' marks, the
// palette's looks, the wait-for graph): threads, objects, states and
// operations appended at a settable time, as the engine would record them.
#pragma once
#include <string>

#include "threadlab/event_log.hpp"

namespace tl::gui::testing {

struct LogBuilder {
    EventLog log;
    Nanos t = 0;

    uint32_t thread(const std::string& name) {
        const uint32_t tid = log.add_thread(ThreadInfo{name, kNone, false});
        LogEvent e;
        e.kind = EvKind::ThreadNew;
        e.thread = tid;
        e.t = t;
        log.append(e);
        return tid;
    }
    uint32_t object(const std::string& name, ObjKind kind, int64_t initial = 0, bool internal = false) {
        const uint32_t id = log.add_object(ObjectInfo{name, kind, initial, kNone, internal});
        LogEvent e;
        e.kind = EvKind::ObjNew;
        e.object = id;
        e.code = static_cast<uint8_t>(kind);
        e.value = initial;
        e.ok = !internal;
        e.t = t;
        log.append(e);
        return id;
    }
    void state(uint32_t tid, ThreadState s, uint32_t object = kNone) {
        LogEvent e;
        e.kind = EvKind::State;
        e.thread = tid;
        e.code = static_cast<uint8_t>(s);
        e.object = object;
        e.t = t;
        log.append(e);
    }
    void op(uint32_t tid, uint32_t object, Op o, int64_t value = 0, int64_t aux = 0, bool ok = true) {
        LogEvent e;
        e.kind = EvKind::OpDone;
        e.thread = tid;
        e.object = object;
        e.code = static_cast<uint8_t>(o);
        e.value = value;
        e.aux = aux;
        e.ok = ok;
        e.t = t;
        log.append(e);
    }
    void raise(uint32_t tid, uint32_t object, const std::string& error, Op during) {
        op(tid, object, Op::Raise, log.intern(error), static_cast<int64_t>(during), false);
    }
    void excepthook(uint32_t tid, const std::string& error) {
        LogEvent e;
        e.kind = EvKind::Excepthook;
        e.thread = tid;
        e.value = log.intern(error);
        e.t = t;
        log.append(e);
    }
};

}  // namespace tl::gui::testing
