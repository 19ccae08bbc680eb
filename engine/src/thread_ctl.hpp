// The engine's private record of one scenario thread: its identity, its
// parking slot (used by both schedulers) and what it is doing now.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "threadlab/event.hpp"

namespace tl {
class Runtime;
class Thread;
namespace detail {

struct ThreadCtl {
    Runtime* rt = nullptr;
    uint32_t tid = 0;
    uint32_t object = kNone;       // the Thread object (joiners wait on it)
    std::string name;
    bool daemon = false;
    Thread* thread_obj = nullptr;  // nullptr for MainThread and adopted threads
    bool adopted = false;          // Runtime::adopt_here: no shutdown duty, no Thread object
    std::function<void()> body;
    std::thread os;
    bool os_started = false;       // set under the runtime's mutex by launch()

    // Parking slot. Guarded by park_mutex in free mode and by the
    // deterministic scheduler's mutex in deterministic mode. Other threads
    // write it (every unpark), so it has cache lines of its own: the thread's
    // own hot fields below stay in its core's cache across a hand-off.
    alignas(64) std::mutex park_mutex;
    std::condition_variable cv;
    bool permit = false;           // an unpark not yet consumed by park
    std::atomic<bool> permit_hint{false};  // permit, readable while spinning without the mutex
    bool idle = false;             // free mode: parked with no deadline and no permit
    std::atomic<bool> spinning{false};  // free mode: polling for a permit before it sleeps
    std::atomic<bool> killed{false};
    std::atomic<bool> finished{false};  // its body and shutdown are over

    // Deterministic scheduler's view (guarded by its mutex).
    bool runnable = false;
    bool parked = false;
    bool exited = false;
    bool timed_out = false;
    std::optional<Nanos> deadline;
    Nanos ready_since = 0;         // when it last became able to run (interval switching)
    bool computing = false;        // in cpu_work: progresses at the core-sharing rate
    Nanos work_left = 0;
    bool polling = false;          // waits in the kernel for another process (deterministic mode)
    // Deterministic mode's outside turn (Runtime::want_outside_turn): a
    // thread in time.sleep or in a timed wait on an object may be woken early
    // to run the outside hook, then waits on to its end. Written by the
    // thread (pokeable) and by the scheduler under its mutex (poked);
    // atomics, as both look.
    std::atomic<bool> pokeable{false};
    std::atomic<bool> poked{false};
    // Runtime::interrupt: the thread is in a wait a signal breaks
    // (interruptible, written by the thread) and one has come for it
    // (interrupted, written by whoever interrupts; taken by the thread).
    std::atomic<bool> interruptible{false};
    std::atomic<bool> interrupted{false};

    // Written only by the thread itself.
    alignas(64) ThreadState state = ThreadState::New;
    uint32_t state_object = kNone;
    uint16_t line = 0;
    uint64_t rng = 0;
    uint32_t pid = 0;              // interpreter (process) it belongs to
    std::byte* arena_next = nullptr;  // its own block for the objects it makes (see Runtime::allocate_object)
    std::byte* arena_end = nullptr;
    bool holds_gil = false;        // kept across engine calls until it blocks

    // Read by deadlock detection from the scheduler.
    std::atomic<uint32_t> waiting_on{kNone};

    // Records a State event when the state (or the object) changes.
    void set_state(ThreadState s, uint32_t obj = kNone);
    double uniform01();
};

// The calling thread's control block, or nullptr outside scenario threads.
ThreadCtl* current();

}  // namespace detail
}  // namespace tl
