// A ring of N threads, each holding one Lock and waiting for the next one's
// (the lock-ordering lesson's tellers as an engine program of its own, kept
// when that lesson's C++ mirror went): the deadlock is reported as a wait-for
// cycle of all N, in every policy and in free mode, and ends the run with
// ok=0; the same ring taking its locks in one global order never deadlocks,
// and every transfer happens.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "support.hpp"

using namespace tl;
using namespace tltest;

namespace {

struct Bank {
    explicit Bank(int n) : accounts(n), balances(static_cast<size_t>(n), 100) {}
    int accounts;
    std::vector<Lock*> locks;
    std::vector<int64_t> balances;
};

// One teller per account pays `transfers` times into the next account,
// holding both accounts' locks. Unordered, each takes its own account's lock
// first and a barrier makes sure every teller holds one before any asks for
// its second: the ring is certain whatever the timing. Ordered, each takes
// the lower-numbered lock first.
void tellers(Bank& bank, bool ordered, int transfers) {
    for (int i = 0; i < bank.accounts; ++i) bank.locks.push_back(&make<Lock>("account-" + std::to_string(i)));
    Barrier* all_hold = ordered ? nullptr : &make<Barrier>("all_hold", bank.accounts);
    std::vector<Thread*> threads;
    for (int src = 0; src < bank.accounts; ++src)
        threads.push_back(&make<Thread>("teller-" + std::to_string(src), [&bank, all_hold, ordered, transfers, src] {
            const int dst = (src + 1) % bank.accounts;
            const int first = ordered ? std::min(src, dst) : src;
            const int second = ordered ? std::max(src, dst) : dst;
            for (int k = 0; k < transfers; ++k) {
                With<Lock> a(*bank.locks[static_cast<size_t>(first)]);
                if (all_hold) all_hold->wait();
                sleep(0.01);
                With<Lock> b(*bank.locks[static_cast<size_t>(second)]);
                bank.balances[static_cast<size_t>(src)] -= src + 1;
                bank.balances[static_cast<size_t>(dst)] += src + 1;
            }
        }));
    for (Thread* t : threads) t->start();
    for (Thread* t : threads) t->join();
}

const LogEvent& run_end(const EventLog& log) {
    REQUIRE(log.size() > 0);
    REQUIRE(log[log.size() - 1].kind == EvKind::RunEnd);
    return log[log.size() - 1];
}

// Every teller in the cycle, each waiting for the next account's lock held
// by the next teller; the run ended because of it, every thread ended.
void require_ring(const Runtime& rt, int n) {
    const auto d = rt.deadlock();
    REQUIRE(d.has_value());
    REQUIRE(d->cycle.size() == static_cast<size_t>(n));
    const std::string text = d->describe(rt.log());
    INFO(text);
    for (int i = 0; i < n; ++i) {
        const std::string next = std::to_string((i + 1) % n);
        CHECK(text.find("teller-" + std::to_string(i) + " waits for account-" + next + " held by teller-" + next) !=
              std::string::npos);
    }
    CHECK(run_end(rt.log()).ok == 0);
    const World w = world_at(rt.log());
    CHECK(w.ended);
    CHECK_FALSE(w.stopped);
    for (const auto& t : w.threads)
        if (t.started) CHECK(is_final(t.state));
}

// No deadlock, the run ended by itself, every transfer done and no money lost.
void require_completed(const Runtime& rt, const Bank& bank, int transfers) {
    CHECK_FALSE(rt.deadlock().has_value());
    CHECK(run_end(rt.log()).ok == 1);
    const int n = bank.accounts;
    for (int i = 0; i < n; ++i) {
        const int prev = (i + n - 1) % n;
        INFO("account " << i);
        CHECK(bank.balances[static_cast<size_t>(i)] == 100 - transfers * (i + 1) + transfers * (prev + 1));
    }
    CHECK(std::accumulate(bank.balances.begin(), bank.balances.end(), int64_t(0)) == 100 * n);
    for (int i = 0; i < n; ++i)
        CHECK(final_state(rt.log(), "teller-" + std::to_string(i)) == ThreadState::Done);
}

}  // namespace

TEST_CASE("Deadlock: a ring of N threads is one wait-for cycle of N, in every policy", "[deadlock]") {
    for (int n = 2; n <= 6; ++n) {
        for (uint64_t seed : {1u, 2u, 3u}) {
            INFO("n=" << n << " seed=" << seed);
            Bank bank(n);
            Runtime rt(det(seed));
            rt.run([&] { tellers(bank, false, 2); });
            require_ring(rt, n);
        }
        INFO("n=" << n << " round-robin");
        Bank bank(n);
        Runtime rt(det(4, Policy::RoundRobin));
        rt.run([&] { tellers(bank, false, 2); });
        require_ring(rt, n);
    }
    // Reproducible through the deadlock and the unwinding after it.
    Bank a(4), b(4);
    Runtime first(det(7)), second(det(7));
    first.run([&] { tellers(a, false, 2); });
    second.run([&] { tellers(b, false, 2); });
    CHECK(dump(first.log()) == dump(second.log()));
}

TEST_CASE("Deadlock: free mode reports the ring of N too", "[deadlock][free]") {
    for (int n : {3, 5}) {
        for (int i = 0; i < 5; ++i) {  // the interleavings differ every time
            INFO("n=" << n << " try " << i);
            Bank bank(n);
            Runtime rt(free_fast());
            rt.run([&] { tellers(bank, false, 2); });
            require_ring(rt, n);
        }
    }
}

TEST_CASE("Deadlock: the same ring taking its locks in one global order never deadlocks", "[deadlock]") {
    for (int n : {2, 4, 6}) {
        for (uint64_t seed : {1u, 2u, 3u}) {
            INFO("n=" << n << " seed=" << seed);
            Bank bank(n);
            Runtime rt(det(seed));
            rt.run([&] { tellers(bank, true, 3); });
            require_completed(rt, bank, 3);
        }
        {
            INFO("n=" << n << " round-robin");
            Bank bank(n);
            Runtime rt(det(4, Policy::RoundRobin));
            rt.run([&] { tellers(bank, true, 3); });
            require_completed(rt, bank, 3);
        }
        INFO("n=" << n << " free");
        Bank bank(n);
        Runtime rt(free_fast());
        rt.run([&] { tellers(bank, true, 3); });
        require_completed(rt, bank, 3);
    }
}
