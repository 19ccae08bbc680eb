// The building blocks under the primitives: the intrusive wait list (FIFO
// order, removal from anywhere), the spin-then-sleep object mutex (mutual
// exclusion under contention, including when holders sleep) and the
// append-only array a pool's workers read without a lock.
#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "threadlab/append_only_array.hpp"
#include "threadlab/object.hpp"

using tl::AppendOnlyArray;
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

TEST_CASE("an append-only array keeps every element in place across its segments") {
    AppendOnlyArray<int64_t> a;
    std::vector<int64_t*> where;
    // 1024 + 2048 + 4096 elements fill the first three segments exactly.
    constexpr size_t kCount = 1024 + 2048 + 4096 + 5;
    for (size_t i = 0; i < kCount; ++i) {
        REQUIRE(a.push_back(int64_t(i) * 7) == i);
        where.push_back(&a[i]);
    }
    REQUIRE(a.size() == kCount);
    for (size_t i : {size_t(0), size_t(1023), size_t(1024), size_t(3071), size_t(3072), size_t(7167), size_t(7168),
                     kCount - 1}) {
        REQUIRE(a[i] == int64_t(i) * 7);
        REQUIRE(&a[i] == where[i]);  // growing never moved it
    }
}

TEST_CASE("an append-only array is read without a lock while one thread appends") {
    // The reader learns of each element through its own release/acquire
    // hand-off, as a pool worker does through the work queue; ThreadSanitizer
    // checks that the lookups race with nothing the writer does.
    AppendOnlyArray<std::string> a;
    std::atomic<size_t> handed{0};
    constexpr size_t kCount = 5000;
    size_t wrong = 0;  // Catch's REQUIRE is for the test's own thread
    std::thread reader([&] {
        for (size_t i = 0; i < kCount; ++i) {
            while (handed.load(std::memory_order_acquire) <= i) std::this_thread::yield();
            if (a[i] != std::to_string(i)) ++wrong;
        }
    });
    for (size_t i = 0; i < kCount; ++i) {
        a.push_back(std::to_string(i));
        handed.store(i + 1, std::memory_order_release);
    }
    reader.join();
    REQUIRE(wrong == 0);
}
