#include "gui/event_line.hpp"

#include <cstdio>
#include <initializer_list>

#include "gui/i18n.hpp"

namespace tl::gui {
namespace {

// tr(key) filled with `args` (each a %s of the label, in order).
std::string fill(S key, std::initializer_list<std::string> args) {
    const std::string format = tr(key);
    std::string out;
    auto arg = args.begin();
    for (size_t i = 0; i < format.size(); ++i) {
        if (format[i] == '%' && i + 1 < format.size() && format[i + 1] == 's' && arg != args.end()) {
            out += *arg++;
            ++i;
        } else {
            out += format[i];
        }
    }
    return out;
}

std::string thread_of(const LogEvent& e, const TraceIndex& index) {
    return e.thread == kNone ? std::string("?") : index.thread_name(e.thread);
}

}  // namespace

std::string event_line(const EventLog& log, const LogEvent& e, const TraceIndex& index) {
    const std::string who = thread_of(e, index);
    switch (e.kind) {
    case EvKind::RunStart: return tr(S::EvRunStart);
    case EvKind::RunEnd: return tr(e.ok ? S::EvRunEnd : S::EvRunStopped);
    case EvKind::ThreadNew: return fill(S::EvThreadNew, {who});
    case EvKind::ObjNew:
        return fill(S::EvObjNew, {std::string(to_string(static_cast<ObjKind>(e.code))), index.object_name(e.object)});
    case EvKind::State: {
        const std::string state = state_name(static_cast<ThreadState>(e.code));
        if (e.object == kNone) return fill(S::EvState, {who, state});
        return fill(S::EvStateOn, {who, state, index.object_name(e.object)});
    }
    case EvKind::OpDone: {
        if (static_cast<Op>(e.code) == Op::Raise)
            return fill(S::EvRaise, {who, log.str(static_cast<uint32_t>(e.value))});
        if (static_cast<Op>(e.code) == Op::Phase)  // code, as the program wrote it
            return who + ": threadlab.phase(\"" + log.str(static_cast<uint32_t>(e.value)) + "\")";
        OpMarker m;
        m.t = e.t;
        m.value = e.value;
        m.aux = e.aux;
        m.object = e.object;
        m.line = e.line;
        m.op = static_cast<Op>(e.code);
        m.ok = e.ok != 0;
        return who + ": " + index.describe(m);
    }
    case EvKind::Excepthook: return fill(S::EvUncaught, {who, log.str(static_cast<uint32_t>(e.value))});
    case EvKind::Print: return fill(S::EvPrint, {who, log.str(static_cast<uint32_t>(e.value))});
    case EvKind::Deadlock: {
        const std::string on = e.object == kNone ? std::string("?") : index.object_name(e.object);
        if (e.other == kNone) return fill(S::EvDeadlock, {who, on});
        return fill(S::EvDeadlockHeld, {who, on, index.thread_name(e.other)});
    }
    }
    return {};
}

}  // namespace tl::gui
