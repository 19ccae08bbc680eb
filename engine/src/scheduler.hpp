// The park/unpark layer that each run mode provides. Every primitive is
// written once over these calls (see object.cpp); only the schedulers know
// whether threads run in parallel or one at a time.
#pragma once
#include <atomic>
#include <mutex>
#include <optional>
#include <vector>

#include "thread_ctl.hpp"
#include "threadlab/event.hpp"
#include "threadlab/object_mutex.hpp"

namespace tl::detail {

enum class Wake { Unparked, Timeout, Killed };

class Scheduler {
public:
    virtual ~Scheduler() = default;

    // Scenario time used to stamp events.
    virtual Nanos now() const = 0;
    // Scenario time for a live display (deterministic paced mode moves it
    // smoothly between wake-ups; otherwise the same as now()).
    virtual Nanos display_now() const { return now(); }

    // Thread lifecycle. on_spawn runs on the parent (before the OS thread
    // exists), on_enter first thing on the new thread, on_exit last.
    virtual void on_spawn(ThreadCtl& t) = 0;
    virtual void on_enter(ThreadCtl& t) = 0;  // throws ThreadKilled when stopped before it ran
    virtual void on_exit(ThreadCtl& t) = 0;

    // The scheduling point at the start of every engine call.
    virtual void gate(ThreadCtl& me, bool may_throw) = 0;
    // Parks the caller until unparked, past `deadline`, or killed. `obj_lock`
    // (the primitive's mutex, held on entry) is released while parked and
    // held again on return. May return Unparked spuriously: callers loop.
    virtual Wake park(ThreadCtl& me, std::unique_lock<ObjectMutex>* obj_lock,
                      std::optional<Nanos> deadline) = 0;
    virtual void unpark(ThreadCtl& t) = 0;
    // CPU-bound work for `duration` of scenario time. Stops early when
    // *interrupt becomes true (a GIL drop request; the requester also
    // unparks the thread). Returns the work done.
    virtual Nanos cpu_work(ThreadCtl& me, Nanos duration, const std::atomic<bool>* interrupt) = 0;
    // Deterministic mode: the holder has computed for `cost` (see
    // tl::charge_cpu). Free mode: real time passes by itself; nothing.
    virtual void charge(ThreadCtl&, Nanos) {}
    // A lock that does not hand over is released while threads wait for it:
    // does the woken waiter take it before the releasing thread can come
    // back for it? True hands it straight to that waiter. In free mode the
    // real race decides (false: the lock is freed and the waiter retries).
    virtual bool waiter_wins_release() { return false; }

    // Deterministic mode with several processes (process_turns.hpp): parks
    // the caller until its process's next turn (when it looks at the kernel
    // again) or `deadline`. Free mode never calls it: its waits are real.
    virtual Wake wait_for_other_processes(ThreadCtl&, std::optional<Nanos>) { return Wake::Unparked; }
    // fork(): the scheduler's own mutex is held across it (with the
    // runtime's), and the child keeps only the forking thread.
    virtual void hold_for_fork() {}
    virtual void release_after_fork() {}
    virtual void keep_only_after_fork(ThreadCtl&) {}

    // Makes t throw ThreadKilled at its next engine call (daemon shutdown).
    virtual void kill(ThreadCtl& t) = 0;
    // Ends the run: every thread unwinds, whatever it is doing.
    virtual void stop_all() = 0;

    virtual void set_speed(double s) = 0;
    virtual double speed() const = 0;
    virtual void pause() = 0;
    virtual void resume() = 0;
    virtual bool paused() const = 0;
    virtual void step() = 0;
    virtual std::vector<uint32_t> choices() const { return {}; }
    virtual void pick(uint32_t) {}
    // Free mode's step: pause again once one more event is recorded.
    virtual void after_record() {}
    // Deterministic mode: something outside the program (a teacher's live
    // change) wants a turn at virtual time `at` (0: as soon as it can).
    // While every thread sleeps, the clock stops there and a sleeping
    // thread is woken to run the runtime's outside hook. Free mode: nothing
    // (the outside acts on a thread of its own, Runtime::adopt_here).
    virtual void want_outside_turn(Nanos) {}
};

}  // namespace tl::detail
