// Lanes of coroutines inside an OS thread (threadlab/lanes.hpp): names in the
// log's thread table, events stamped like any other record. Nothing here
// parks, wakes or gates: a lane is a picture of what its OS thread runs.
#include "threadlab/lanes.hpp"

#include <mutex>
#include <stdexcept>
#include <vector>

#include "thread_ctl.hpp"
#include "threadlab/runtime.hpp"

namespace tl {

namespace {

detail::ThreadCtl& me() {
    detail::ThreadCtl* t = detail::current();
    if (!t) throw std::logic_error("a coroutine lane outside a scenario thread");
    return *t;
}

// Each lane's object, by tid: what a switch to it names. Lanes of several
// threads may be made at once. (A lane is made before any switch to it, so
// an entry left by an earlier run in this process is overwritten first.)
std::mutex objects_mutex;
std::vector<uint32_t> lane_objects;

uint32_t object_of(uint32_t lane) {
    std::lock_guard lk(objects_mutex);
    return lane < lane_objects.size() ? lane_objects[lane] : kNone;
}

void record_state(Runtime& rt, uint32_t lane, ThreadState s, uint16_t line) {
    LogEvent e;
    e.kind = EvKind::State;
    e.thread = lane;
    e.code = static_cast<uint8_t>(s);
    e.line = line;
    rt.record(e);
}

}  // namespace

uint32_t new_lane(const std::string& name, const std::string& object_name, ThreadState state) {
    detail::ThreadCtl& t = me();
    Runtime& rt = *t.rt;
    const uint32_t object = rt.log().add_object({object_name, ObjKind::Thread, 0, kNone, true});
    LogEvent born;
    born.kind = EvKind::ObjNew;
    born.thread = t.tid;
    born.object = object;
    born.code = static_cast<uint8_t>(ObjKind::Thread);
    born.ok = 0;  // a detail: the objects pane does not list it
    born.line = t.line;
    rt.record(born);
    const uint32_t lane = rt.log().add_thread({name, object, false, t.pid});
    {
        std::lock_guard lk(objects_mutex);
        if (lane_objects.size() <= lane) lane_objects.resize(lane + 1, kNone);
        lane_objects[lane] = object;
    }
    LogEvent e;
    e.kind = EvKind::ThreadNew;
    e.thread = lane;
    e.object = object;
    e.ok = 0;
    e.value = t.pid;
    e.other = t.tid;  // the OS thread it runs in: what makes it a lane
    e.line = t.line;
    rt.record(e);
    record_state(rt, lane, state, t.line);
    return lane;
}

void switch_lanes(uint32_t from, uint32_t to, ThreadState left, int line) {
    detail::ThreadCtl& t = me();
    Runtime& rt = *t.rt;
    const uint16_t at = line > 0 ? static_cast<uint16_t>(line) : t.line;
    LogEvent e;
    e.kind = EvKind::OpDone;
    e.code = static_cast<uint8_t>(Op::Switch);
    e.thread = from;
    e.other = to;
    e.object = to == t.tid ? kNone : object_of(to);  // none for the OS thread itself (a generator's yield)
    e.line = at;
    rt.record(e);
    // The OS thread itself (a generator's caller) keeps its own states.
    if (from != kNone && from != t.tid) record_state(rt, from, left, at);
    if (to != kNone && to != t.tid) record_state(rt, to, ThreadState::Running, at);
}

void lane_sleeps(uint32_t lane, bool sleeping) {
    detail::ThreadCtl& t = me();
    const ThreadState s = sleeping ? ThreadState::Sleeping : ThreadState::Running;
    record_state(*t.rt, lane, s, t.line);
    t.set_state(s);  // only the picture: the thread is not parked, nobody waits for it to wake
}

void end_lane(uint32_t lane, ThreadState final_state) {
    if (!is_final(final_state)) throw std::logic_error("end_lane needs a final state");
    detail::ThreadCtl& t = me();
    record_state(*t.rt, lane, final_state, t.line);
}

}  // namespace tl
