// queue.Queue (FIFO) holding integer items
#pragma once
#include <deque>

#include "threadlab/object.hpp"

namespace tl {

class Queue : public Object {
public:
    using Item = int64_t;
    // Queue(maxsize=0): maxsize <= 0 means unbounded.
    Queue(Runtime& rt, std::string name, int64_t maxsize = 0);

    // put(item, block=True, timeout=None): raises queue.Full when it gives up.
    void put(Item item, bool block = true, Timeout timeout = std::nullopt);
    // get(block=True, timeout=None): raises queue.Empty when it gives up.
    Item get(bool block = true, Timeout timeout = std::nullopt);
    void put_nowait(Item item) { put(item, false); }
    Item get_nowait() { return get(false); }
    // ValueError("task_done() called too many times")
    void task_done();
    // Blocks until every item put has been matched by a task_done().
    void join();

    int64_t qsize() const;
    bool empty() const;
    bool full() const;
    int64_t maxsize() const { return maxsize_; }
    // queue.SimpleQueue's getters wake in no particular order (an OS lock
    // decides). Executors built on one set this to wake a getter that is
    // still awake (free mode spins briefly before sleeping), else the one
    // that waited least: a hand-off without a kernel wake-up when possible.
    // Deterministic mode has no spinning, so its choice stays reproducible.
    void prefer_awake_getter(bool on) { awake_getter_first_ = on; }
    int64_t unfinished_tasks() const;

private:
    int64_t maxsize_;
    std::deque<Item> items_;
    int64_t unfinished_ = 0;
    WaitList getters_, putters_, joiners_;
    bool awake_getter_first_ = false;
};

}  // namespace tl
