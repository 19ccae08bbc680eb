// The free functions scenario programs call: time, work, output, randomness.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "scheduler.hpp"
#include "thread_ctl.hpp"
#include "threadlab/errors.hpp"
#include "threadlab/object.hpp"
#include "threadlab/runtime.hpp"

namespace tl {

namespace {

detail::ThreadCtl& self() {
    detail::ThreadCtl* c = detail::current();
    if (!c) throw std::logic_error("ThreadLab engine call outside a scenario thread");
    return *c;
}

void record_op(detail::ThreadCtl& me, Op o, bool ok, int64_t value) {
    me.rt->record_op(me, EvKind::OpDone, static_cast<uint8_t>(o), kNone, ok, value);
}

Nanos checked_duration(detail::ThreadCtl& me, Op o, double seconds) {
    if (!(seconds >= 0) || !std::isfinite(seconds)) {
        ValueError err("sleep length must be non-negative");
        record_op(me, Op::Raise, false, me.rt->log().intern(err.formatted()));
        throw err;
    }
    Nanos d = timeout_nanos(seconds);
    record_op(me, o, true, d);
    return d;
}

// Sleeping and I/O: the thread leaves the CPU until scenario time has passed.
void wait_out(ThreadState state, Op o, double seconds) {
    detail::ThreadCtl& me = self();
    auto& sched = me.rt->scheduler();
    sched.gate(me, true);
    Nanos end = sched.now() + checked_duration(me, o, seconds);
    me.rt->release_gil(me);
    // (A sleeper may be woken early to let an outside actor in: Runtime::want_outside_turn.)
    const bool sleeping = o == Op::Sleep;
    for (;;) {
        me.set_state(state);  // again after a wake that was not the end of the wait
        me.pokeable.store(sleeping, std::memory_order_release);
        me.interruptible.store(true, std::memory_order_release);
        detail::Wake w = me.interrupted.load(std::memory_order_acquire) ? detail::Wake::Unparked
                                                                        : sched.park(me, nullptr, end);
        me.interruptible.store(false, std::memory_order_release);
        me.pokeable.store(false, std::memory_order_release);
        if (w == detail::Wake::Killed) throw ThreadKilled{};
        me.rt->serve_outside_turn(me);
        // A signal: its handler runs; if it raised, the sleep ends there
        // (PEP 475: else the sleep goes on to its end).
        if (me.rt->serve_interrupt(me)) {
            me.set_state(ThreadState::Running);
            throw WaitInterrupted{};
        }
        if (w == detail::Wake::Timeout || sched.now() >= end) break;
    }
    me.set_state(ThreadState::Running);
}

}  // namespace

void at(int line) { self().line = static_cast<uint16_t>(std::clamp(line, 0, 65535)); }

void sleep(double seconds) { wait_out(ThreadState::Sleeping, Op::Sleep, seconds); }

void io(double seconds) { wait_out(ThreadState::IO, Op::Io, seconds); }

void cpu(double seconds) {
    detail::ThreadCtl& me = self();
    auto& sched = me.rt->scheduler();
    sched.gate(me, true);
    me.rt->cpu_work(me, checked_duration(me, Op::Cpu, seconds));
}

void print(const std::string& line, bool to_stderr) {
    detail::ThreadCtl& me = self();
    me.rt->scheduler().gate(me, true);
    LogEvent e;
    e.kind = EvKind::Print;
    e.ok = !to_stderr;
    e.value = me.rt->log().intern(line);
    me.rt->record_from(me, e);
}

double uniform(double lo, double hi) { return lo + (hi - lo) * self().uniform01(); }

std::string current_thread_name() { return self().name; }

uint32_t current_thread_id() { return self().tid; }

double monotonic() { return double(self().rt->scheduler().now()) / 1e9; }

void program_exits(bool returned, int64_t status) {
    detail::ThreadCtl& me = self();
    me.rt->record_exit(me, returned, status);
}

void outside_begin() { self().set_state(ThreadState::IO); }

void outside_end() { self().set_state(ThreadState::Running); }

bool wait_for_other_processes(std::optional<double> deadline) {
    detail::ThreadCtl& me = self();
    std::optional<Nanos> until;
    if (deadline) until = Nanos(std::llround(std::min(*deadline, 1e9) * 1e9));
    me.rt->release_gil(me);
    const detail::Wake w = me.rt->scheduler().wait_for_other_processes(me, until);
    if (w == detail::Wake::Killed) throw ThreadKilled{};
    return w != detail::Wake::Timeout;
}

bool being_ended() {
    detail::ThreadCtl& me = self();
    return me.killed.load(std::memory_order_acquire) || me.rt->shutting_down();
}

uint32_t record_object(ObjKind kind, const std::string& name, int64_t initial, bool texts) {
    detail::ThreadCtl& me = self();
    const PartsOf::Scope& parts = PartsOf::current();
    ObjectInfo info{name, kind, initial};
    if (parts.active) {
        info.part_of = parts.whole;
        info.internal = true;
    }
    const uint32_t id = me.rt->log().add_object(info);
    me.rt->record_op(me, EvKind::ObjNew, static_cast<uint8_t>(kind), id, !info.internal, initial, texts ? 1 : 0,
                     info.part_of);
    return id;
}

void record_op_on(uint32_t object, Op op, bool ok, int64_t value, int64_t aux, uint32_t other) {
    detail::ThreadCtl& me = self();
    me.rt->record_op(me, EvKind::OpDone, static_cast<uint8_t>(op), object, ok, value, aux, other);
}

void switch_point() {
    detail::ThreadCtl& me = self();
    me.rt->scheduler().gate(me, true);
}

void charge_cpu(Nanos cost) {
    detail::ThreadCtl& me = self();
    me.rt->scheduler().charge(me, cost);
}

}  // namespace tl
