// Which mark a lane gets for an operation, decided apart from drawing it so
// that tests can check it: a plain tick, a call that returned False, an
// exception (raised, or uncaught and ending the thread), a barrier that
// tripped (its last party arrived) or broke (abort, reset, or the
// BrokenBarrierError its waiters get), or main's program ending (Op::Exit:
// the interpreter's shutdown begins, joining the non-daemon threads). The
// "had to wait" mark comes from TraceIndex::waits, one per finished wait,
// whatever was waited on.
#pragma once
#include <cstdint>

#include "gui/trace_index.hpp"

namespace tl::gui {

enum class LaneMark : uint8_t { Tick, ReturnedFalse, Raised, Uncaught, BarrierTripped, BarrierBroken, MainReturned };
constexpr int kLaneMarkCount = 7;

// `kind` is the operation's object's kind, `parties` its ObjNew value.
// (With the index: a failed call on an internal object is a plain tick.)
LaneMark lane_mark(const OpMarker& m, ObjKind kind, int64_t parties);

// The same, reading the object's kind and parties from the index.
LaneMark lane_mark(const OpMarker& m, const TraceIndex& index);

// The mark the index decided for it when it was folded (the same answer).
inline LaneMark mark_of(const OpMarker& m) { return static_cast<LaneMark>(m.mark); }

}  // namespace tl::gui
