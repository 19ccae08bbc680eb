// The global interpreter lock of one interpreter (process). A thread must
// hold it to do CPU work (tl::cpu) and keeps it across engine calls until it
// blocks, sleeps, does I/O or ends, as a CPython thread keeps it while it
// runs bytecode. The log shows every acquire, release (with the thread it
// was handed to) and drop request.
#pragma once
#include <atomic>

#include "threadlab/object.hpp"
#include "threadlab/runtime.hpp"

namespace tl::detail {

class Gil : public Object {
public:
    Gil(Runtime& rt, std::string name, GilMode mode);
    // CPU work for `work` ns of scenario time, holding the GIL throughout
    // (except when asked to drop it, after which it queues again).
    void run_cpu(ThreadCtl& me, Nanos work);
    // Gives the GIL up before the thread blocks; hands it to the longest waiter.
    void release_for_blocking(ThreadCtl& me);

private:
    void run_cpu_ticks(ThreadCtl& me, Nanos work);
    void acquire(ThreadCtl& me);
    void release_locked(ThreadCtl& me);
    GilMode mode_;
    ThreadCtl* holder_ = nullptr;
    uint64_t switches_ = 0;               // hand-overs so far: "did a switch happen while I waited?"
    std::atomic<bool> drop_request_{false};
    WaitList waiters_;
};

}  // namespace tl::detail
