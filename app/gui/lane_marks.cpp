#include "gui/lane_marks.hpp"

namespace tl::gui {

LaneMark lane_mark(const OpMarker& m, ObjKind kind, int64_t parties) {
    if (m.uncaught) return LaneMark::Uncaught;
    if (m.op == Op::Exit) return LaneMark::MainReturned;
    const bool barrier = m.object != kNone && kind == ObjKind::Barrier;
    if (barrier) {
        // Abort and reset break the waiters out; each of them then raises
        // BrokenBarrierError, which is where its lane shows the break.
        if (m.op == Op::Abort || m.op == Op::Reset || m.op == Op::Raise) return LaneMark::BarrierBroken;
        // The arrival that trips it is the last: index parties - 1 (CPython
        // returns it from wait(), and so does the engine's Barrier).
        const int64_t n = parties > 0 ? parties : m.aux;  // the engine's wait records parties too
        if (m.op == Op::Wait && m.ok && n > 0 && m.value == n - 1) return LaneMark::BarrierTripped;
    }
    if (m.op == Op::Raise) return LaneMark::Raised;
    if (!m.ok) return LaneMark::ReturnedFalse;
    return LaneMark::Tick;
}

LaneMark lane_mark(const OpMarker& m, const TraceIndex& index) {
    if (m.object == kNone) return lane_mark(m, ObjKind::Thread, 0);
    const LaneMark mark = lane_mark(m, index.object_kind(m.object), index.object_initial(m.object));
    // The library's own try-locks (a Condition's _is_owned()) fail all the
    // time: a tick, not a "returned False" the student wrote.
    // And an error inside the library's parts is its own business: a killed
    // thread unwinding a Queue's mutex raises "release unlocked lock".
    if ((mark == LaneMark::ReturnedFalse || mark == LaneMark::Raised) && index.object_internal(m.object))
        return LaneMark::Tick;
    return mark;
}

}  // namespace tl::gui
