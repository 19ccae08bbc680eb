// threading.Barrier
#pragma once
#include <functional>

#include "threadlab/object.hpp"

namespace tl {

class Barrier : public Object {
public:
    // Barrier(parties, action=None, timeout=None). ValueError when parties < 1.
    Barrier(Runtime& rt, std::string name, int parties, std::function<void()> action = nullptr,
            Timeout timeout = std::nullopt);

    // Returns the arrival index, 0 .. parties-1. The last thread to arrive
    // runs the action first. Raises BrokenBarrierError when the barrier is
    // or becomes broken: abort(), reset() while waiting, a timeout (which
    // breaks it for everyone), or an action that raised.
    int wait(Timeout timeout = std::nullopt);
    // Back to the empty state; threads waiting now get BrokenBarrierError.
    void reset();
    // Breaks the barrier: current and future waiters get BrokenBarrierError.
    void abort();

    int parties() const { return parties_; }
    int n_waiting() const;
    bool broken() const;

private:
    void break_locked(detail::ThreadCtl& t);
    int parties_;
    std::function<void()> action_;
    Timeout default_timeout_;
    int count_ = 0;
    bool broken_ = false;
    WaitList waiters_;
};

}  // namespace tl
