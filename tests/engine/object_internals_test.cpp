// The two building blocks under every primitive: the intrusive wait list
// (FIFO order, removal from anywhere) and the spin-then-sleep object mutex
// (mutual exclusion under contention, including when holders sleep).
#include <catch2/catch.hpp>

#include <thread>
#include <vector>

#include "threadlab/object.hpp"

using tl::Object;
using tl::ObjectMutex;

TEST_CASE("a wait list keeps its waiters in arrival order and removes from anywhere") {
    Object::WaitList list;
    Object::Waiter a, b, c, d;
    CHECK(list.empty());
    for (auto* w : {&a, &b, &c, &d}) list.push_back(w);
    CHECK(list.size() == 4);
    CHECK(list.front() == &a);
    CHECK(list.back() == &d);

    CHECK(list.remove(&b));   // from the middle (a timed-out waiter)
    CHECK_FALSE(list.remove(&b));
    CHECK(list.pop_back() == &d);  // the newest (a SimpleQueue-style wake)
    CHECK(list.pop_front() == &a);
    CHECK(list.size() == 1);
    CHECK(list.front() == &c);
    CHECK(list.back() == &c);

    // A waiter moved to another list leaves the first one intact.
    Object::WaitList woken;
    list.push_back(&a);
    woken.push_back(list.pop_front());
    CHECK(woken.front() == &c);
    CHECK(list.front() == &a);
    CHECK(list.size() == 1);
    CHECK(woken.pop_front() == &c);
    CHECK(woken.empty());
    CHECK(list.pop_front() == &a);
    CHECK(list.empty());
    CHECK(list.front() == nullptr);
}

TEST_CASE("the object mutex excludes, whether waiters spin or sleep") {
    ObjectMutex m;
    int64_t counter = 0;  // a data race on it would make ThreadSanitizer fail this test
    constexpr int kThreads = 4, kRounds = 20000;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < kRounds; ++i) {
                std::lock_guard lk(m);
                int64_t seen = counter;
                // Now and then hold it long enough that the others give up
                // spinning and sleep on the futex.
                if (i % 2000 == t) std::this_thread::yield();
                counter = seen + 1;
            }
        });
    for (auto& t : threads) t.join();
    CHECK(counter == int64_t(kThreads) * kRounds);
    CHECK(m.try_lock());
    CHECK_FALSE(m.try_lock());
    m.unlock();
}
