#include <algorithm>
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace tl;
using namespace tltest;

TEST_CASE("Barrier: indices, the action runs once, nobody passes early", "[barrier]") {
    auto seed = GENERATE(1, 2, 3, 4);
    Runtime rt(det(seed));
    std::vector<int> indices;
    int actions = 0;
    std::vector<double> passed_at;
    double last_arrival = 0;
    rt.run([&] {
        auto& b = make<Barrier>("gate", 3, [&] { ++actions; });
        for (int i = 0; i < 3; ++i)
            make<Thread>("t" + std::to_string(i), [&, i] {
                sleep(0.1 * (i + 1));
                last_arrival = std::max(last_arrival, monotonic());
                indices.push_back(b.wait());
                passed_at.push_back(monotonic());
            }).start();
    });
    std::sort(indices.begin(), indices.end());
    CHECK(indices == std::vector<int>{0, 1, 2});
    CHECK(actions == 1);
    for (double t : passed_at) CHECK(t >= last_arrival);
}

TEST_CASE("Barrier: abort, reset and timeout break it with BrokenBarrierError", "[barrier][errors]") {
    Runtime rt(det(9));
    std::vector<std::string> errs;
    std::string after_abort, bad_parties;
    bool broken_after_timeout = false, broken_after_reset = true;
    int waiting_before_reset = -1;
    rt.run([&] {
        bad_parties = error_of([&] { make<Barrier>("zero", 0); });
        auto& a = make<Barrier>("aborted", 3);
        for (int i = 0; i < 2; ++i)
            make<Thread>("a" + std::to_string(i), [&] { errs.push_back(error_of([&] { a.wait(); })); }).start();
        sleep(0.1);
        a.abort();
        after_abort = error_of([&] { a.wait(); });

        auto& r = make<Barrier>("resettable", 2);
        auto& w = make<Thread>("r0", [&] { errs.push_back(error_of([&] { r.wait(); })); });
        w.start();
        sleep(0.1);
        waiting_before_reset = r.n_waiting();
        r.reset();
        w.join();
        broken_after_reset = r.broken();

        auto& t = make<Barrier>("timed", 2, nullptr, 0.5);
        errs.push_back(error_of([&] { t.wait(); }));
        broken_after_timeout = t.broken();
    });
    REQUIRE(errs.size() == 4);
    for (auto& e : errs) CHECK(e == "threading.BrokenBarrierError");
    CHECK(after_abort == "threading.BrokenBarrierError");
    CHECK(bad_parties == "ValueError: parties must be >= 1");
    CHECK(waiting_before_reset == 1);
    CHECK_FALSE(broken_after_reset);
    CHECK(broken_after_timeout);
}

TEST_CASE("Barrier: an action that raises breaks the barrier", "[barrier]") {
    Runtime rt(det());
    std::string other, last;
    rt.run([&] {
        auto& b = make<Barrier>("b", 2, [] { throw ValueError("boom"); });
        auto& t = make<Thread>("t", [&] { other = error_of([&] { b.wait(); }); });
        t.start();
        sleep(0.1);
        last = error_of([&] { b.wait(); });
    });
    CHECK(other == "threading.BrokenBarrierError");
    CHECK(last == "ValueError: boom");
}

TEST_CASE("Queue: FIFO, bounded, Full and Empty, timeouts", "[queue][errors]") {
    Runtime rt(det());
    std::vector<int64_t> got;
    std::string full, empty, timed_full, timed_empty, neg;
    double waited = 0;
    rt.run([&] {
        auto& q = make<Queue>("q", 2);
        q.put(1);
        q.put(2);
        full = error_of([&] { q.put_nowait(3); });
        double t0 = monotonic();
        timed_full = error_of([&] { q.put(3, true, 0.4); });
        waited = monotonic() - t0;
        neg = error_of([&] { q.put(3, true, -1.0); });
        got.push_back(q.get());
        got.push_back(q.get());
        empty = error_of([&] { q.get_nowait(); });
        timed_empty = error_of([&] { q.get(true, 0.1); });
    });
    CHECK(got == std::vector<int64_t>{1, 2});
    CHECK(full == "queue.Full");
    CHECK(timed_full == "queue.Full");
    CHECK(empty == "queue.Empty");
    CHECK(timed_empty == "queue.Empty");
    CHECK(neg == "ValueError: 'timeout' must be a non-negative number");
    CHECK(waited == Approx(0.4));
}

TEST_CASE("Queue: task_done and join; task_done too often is a ValueError", "[queue][errors]") {
    Runtime rt(det(4));
    std::string too_many;
    int64_t processed = 0;
    rt.run([&] {
        auto& q = make<Queue>("jobs");
        auto& worker = make<Thread>("worker", [&] {
            for (;;) {
                q.get();
                sleep(0.05);
                ++processed;
                q.task_done();
            }
        });
        worker.set_daemon(true);
        worker.start();
        for (int i = 0; i < 5; ++i) q.put(i);
        q.join();
        too_many = error_of([&] { q.task_done(); });
    });
    CHECK(processed == 5);
    CHECK(too_many == "ValueError: task_done() called too many times");
    CHECK(final_state(rt.log(), "worker") == ThreadState::Killed);
}

TEST_CASE("Queue: never over capacity, every item once, in free mode with many threads", "[queue][free]") {
    Runtime rt(free_fast());
    std::vector<int64_t> consumed;
    rt.run([&] {
        auto& q = make<Queue>("q", 3);
        auto& done = make<Lock>("consumed");
        std::vector<Thread*> producers;
        for (int p = 0; p < 3; ++p) {
            producers.push_back(&make<Thread>("p" + std::to_string(p), [&, p] {
                for (int i = 0; i < 50; ++i) q.put(p * 1000 + i);
            }));
            producers.back()->start();
        }
        std::vector<Thread*> consumers;
        for (int c = 0; c < 3; ++c) {
            consumers.push_back(&make<Thread>("c" + std::to_string(c), [&] {
                for (;;) {
                    int64_t item = q.get();
                    if (item < 0) return;
                    With<Lock> g(done);
                    consumed.push_back(item);
                }
            }));
            consumers.back()->start();
        }
        for (auto* p : producers) p->join();
        for (int c = 0; c < 3; ++c) q.put(-1);
    });
    std::sort(consumed.begin(), consumed.end());
    CHECK(consumed.size() == 150);
    CHECK(std::adjacent_find(consumed.begin(), consumed.end()) == consumed.end());
    // The log says the same: no put ever left more than 3 items.
    World w = world_at(rt.log());
    for (const auto& o : w.objects)
        if (o.kind == ObjKind::Queue) CHECK(o.max_value <= 3);
}
