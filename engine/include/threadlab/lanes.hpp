// Lanes: coroutines (greenlets) shown as threads of the log that run inside
// an OS thread. A lane has a thread id of its own in the log, so the
// timeline, the summaries, the trace export and the checks draw it like any
// thread, with no change; but it is no engine thread (no ThreadCtl, never
// scheduled): the OS thread it belongs to runs it, one lane at a time, and
// says when it switches from one to another (greenlet.settrace reports each
// switch, see pybridge/py/coroutines.py).
//
// In the log (docs/TRACE.md, "Lanes"): a lane's ThreadNew has `other` = the
// OS thread's tid (kNone for a real thread) and `object` its Thread object; it is `running` while switched
// to, `ready` while suspended (`waiting` when it waits for gevent's hub),
// `done` once finished; each switch is an
// OpDone `switch` of the lane left, with `other` = the lane switched to and
// `object` that lane's object.
// Recording is never a scheduling point, so deterministic runs stay exact.
#pragma once
#include <cstdint>
#include <string>

#include "threadlab/event.hpp"

namespace tl {

// A new lane of the calling scenario thread, named `name`, in state
// `state` (Running for the coroutine running now, Ready for one not yet
// switched to), with a Thread object of its own named `object_name` (the
// greenlet's variable, `pong`: a detail, never listed), which the switches
// to it name, so that one reads `pong.switch`. Returns its tid in the log.
uint32_t new_lane(const std::string& name, const std::string& object_name, ThreadState state);
// The calling thread switches from lane `from` to lane `to`: a `switch` op
// of `from`, then `from` in state `left` (Ready: suspended, anyone may
// resume it; Waiting: it waits for an event loop to resume it, as a gevent
// greenlet that switched to its hub; Done: it has ended), `to` running.
// `line` is the student's line of the switch (0: none). Either may be the
// calling OS thread itself (a generator resumed by its caller, and back):
// the switch is recorded, but the thread's own states are the engine's.
void switch_lanes(uint32_t from, uint32_t to, ThreadState left, int line);
// The running lane waits outside the engine (gevent's hub in its event
// loop's epoll_wait) or is back from that wait: it and its OS thread are
// shown sleeping, then running again.
void lane_sleeps(uint32_t lane, bool sleeping);
// A lane ends without a switch (the program is over and it was never
// resumed): it is recorded in `final_state`, which must be final.
void end_lane(uint32_t lane, ThreadState final_state);

}  // namespace tl
