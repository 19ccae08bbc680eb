// Bank tellers that each move money from their own account to the next one
// and need both accounts' locks. Taking "my account first" builds a ring of
// threads, each holding one lock and waiting for the next one's: a deadlock
// the engine reports with its wait-for cycle. Taking the two locks in one
// global order (the lower account number first) makes the ring impossible.
#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "scenario.hpp"
#include "threadlab/reduce.hpp"
#include "threadlab/threading.hpp"

namespace tl {

namespace {

const char* const kPython = R"PY(import random
import threading
import time

ACCOUNTS, TRANSFERS = 3, 3       # one teller thread per account
HOLD_S = 0.1                     # seconds a teller holds its first lock
ORDERED = False                  # True: every teller locks in account order

balances = [100] * ACCOUNTS
locks = [threading.Lock() for _ in range(ACCOUNTS)]
all_hold = threading.Barrier(ACCOUNTS)  # makes the bad timing certain

def teller(src):
    dst = (src + 1) % ACCOUNTS   # each teller pays the next account
    first, second = src, dst
    if ORDERED:
        first, second = min(src, dst), max(src, dst)
    for _ in range(TRANSFERS):
        amount = random.randint(1, 20)
        locks[first].acquire()
        if not ORDERED:
            all_hold.wait()      # every teller now holds one lock
        time.sleep(HOLD_S)       # look up the balances
        locks[second].acquire()  # waits forever unless ORDERED
        balances[src] -= amount
        balances[dst] += amount
        locks[second].release()
        locks[first].release()

tellers = [threading.Thread(target=teller, args=(i,), name=f"teller-{i}")
           for i in range(ACCOUNTS)]
for t in tellers:
    t.start()
for t in tellers:
    t.join()
print(f"balances {balances}, total {sum(balances)}")
)PY";

namespace line {
constexpr int make_locks = 10;
constexpr int make_barrier = 11;
constexpr int acquire_first = 20;
constexpr int barrier_wait = 22;
constexpr int hold = 23;
constexpr int acquire_second = 24;
constexpr int release_second = 27;
constexpr int release_first = 28;
constexpr int make_teller = 30;
constexpr int start = 33;
constexpr int join = 35;
constexpr int report = 36;
}  // namespace line

constexpr int64_t kStartBalance = 100;
const std::string kTellerPrefix = "teller-";
const std::string kTotalWord = "total ";

// The program's data, shared with the tellers by pointer: when a deadlock
// kills MainThread its stack unwinds, while the tellers may still be unwinding.
struct Bank {
    std::vector<Lock*> locks;
    std::vector<int64_t> balances;  // guarded by locks[i], as in the listing
    Barrier* all_hold = nullptr;
};

void teller(Bank& bank, size_t src, int64_t transfers, double hold_s, bool ordered) {
    const size_t dst = (src + 1) % bank.locks.size();
    size_t first = src, second = dst;
    if (ordered) first = std::min(src, dst), second = std::max(src, dst);
    for (int64_t n = 0; n < transfers; ++n) {
        const auto amount = static_cast<int64_t>(std::floor(uniform(1, 21)));  // randint(1, 20)
        // Plain acquire/release as in the listing, no RAII guard: a killed
        // thread unwinds from the blocked acquire and must not call the engine again.
        at(line::acquire_first);
        bank.locks[first]->acquire();
        if (!ordered) {
            at(line::barrier_wait);
            bank.all_hold->wait();
        }
        at(line::hold);
        sleep(hold_s);
        at(line::acquire_second);
        bank.locks[second]->acquire();
        bank.balances[src] -= amount;
        bank.balances[dst] += amount;
        at(line::release_second);
        bank.locks[second]->release();
        at(line::release_first);
        bank.locks[first]->release();
    }
}

void program(const Params& p) {
    const auto accounts = static_cast<size_t>(p.integer("accounts"));
    const int64_t transfers = p.integer("transfers");
    const double hold_s = p.real("hold_ms") / 1000.0;
    const bool ordered = p.flag("ordered");

    auto bank = std::make_shared<Bank>();
    bank->balances.assign(accounts, kStartBalance);
    for (size_t i = 0; i < accounts; ++i) {
        at(line::make_locks);
        bank->locks.push_back(&make<Lock>("lock-" + std::to_string(i)));
    }
    at(line::make_barrier);
    bank->all_hold = &make<Barrier>("all_hold", static_cast<int>(accounts));

    std::vector<Thread*> tellers;
    for (size_t i = 0; i < accounts; ++i) {
        at(line::make_teller);
        tellers.push_back(&make<Thread>(kTellerPrefix + std::to_string(i), [bank, i, transfers, hold_s, ordered] {
            teller(*bank, i, transfers, hold_s, ordered);
        }));
    }
    for (Thread* t : tellers) {
        at(line::start);
        t->start();
    }
    for (Thread* t : tellers) {
        at(line::join);
        t->join();
    }
    std::string text = "balances [";
    for (size_t i = 0; i < accounts; ++i) text += (i ? ", " : "") + std::to_string(bank->balances[i]);
    const int64_t total = std::accumulate(bank->balances.begin(), bank->balances.end(), int64_t{0});
    at(line::report);
    print(text + "], " + kTotalWord + std::to_string(total));
}

bool is_teller(const EventLog& log, uint32_t tid) { return log.thread(tid).name.rfind(kTellerPrefix, 0) == 0; }

std::vector<uint32_t> teller_ids(const EventLog& log) {
    std::vector<uint32_t> ids;
    for (uint32_t tid = 0; tid < log.thread_count(); ++tid)
        if (is_teller(log, tid)) ids.push_back(tid);
    return ids;
}

std::vector<size_t> deadlock_records(const EventLog& log) {
    std::vector<size_t> found;
    for (size_t i = 0; i < log.size(); ++i)
        if (log[i].kind == EvKind::Deadlock) found.push_back(i);
    return found;
}

CheckResult check_deadlock_reported(const EventLog& log) {
    CheckResult r{"a deadlock was reported", false, ""};
    const World w = world_at(log);
    const std::vector<uint32_t> tellers = teller_ids(log);
    size_t killed = 0;
    for (uint32_t tid : tellers) killed += w.threads.at(tid).state == ThreadState::Killed;
    r.passed = !w.deadlock.empty() && w.ended && !w.stopped && !tellers.empty() && killed == tellers.size();
    r.detail = std::to_string(w.deadlock.size()) + " threads reported stuck; " + std::to_string(killed) + " of " +
               std::to_string(tellers.size()) + " tellers ended killed" +
               (w.ended ? (w.stopped ? "; the run was stopped" : "") : "; the run did not end");
    return r;
}

// The Deadlock records marked as in the cycle must be exactly the tellers,
// each waiting for a Lock that the log shows another cycle member owning,
// and following "waits for the holder" from one of them visits them all.
CheckResult check_cycle(const EventLog& log) {
    CheckResult r{"the wait-for cycle names every thread in it: each waits for a lock the next one holds", false, ""};
    const std::vector<size_t> records = deadlock_records(log);
    if (records.empty()) {
        r.detail = "no Deadlock records";
        return r;
    }
    // Lock owners as the log had them when the deadlock was found.
    const World before = world_at(log, records.front());
    std::vector<LogEvent> cycle;
    for (size_t i : records)
        if (log[i].ok) cycle.push_back(log[i]);
    auto edge_of = [&](uint32_t tid) -> const LogEvent* {
        for (const LogEvent& e : cycle)
            if (e.thread == tid) return &e;
        return nullptr;
    };
    std::string problem;
    for (const LogEvent& e : cycle) {
        const std::string who = log.thread(e.thread).name;
        if (e.object == kNone || e.object >= before.objects.size() || log.object(e.object).kind != ObjKind::Lock)
            problem = who + " waits on no lock";
        else if (e.other == kNone || !edge_of(e.other))
            problem = who + " waits for a thread outside the cycle";
        else if (before.objects[e.object].owner != e.other)
            problem = log.object(e.object).name + " is not held by " + log.thread(e.other).name;
        if (!problem.empty()) break;
    }
    std::vector<uint32_t> in_cycle;
    for (const LogEvent& e : cycle) in_cycle.push_back(e.thread);
    std::sort(in_cycle.begin(), in_cycle.end());
    if (problem.empty() && in_cycle != teller_ids(log)) problem = "the cycle is not exactly the tellers";
    std::string path;
    if (problem.empty()) {
        // One ring through every member, back to the start.
        const LogEvent* e = &cycle.front();
        for (size_t steps = 0; steps < cycle.size(); ++steps) {
            path += (steps ? "; " : "") + log.thread(e->thread).name + " waits for " + log.object(e->object).name +
                    " held by " + log.thread(e->other).name;
            e = edge_of(e->other);
        }
        if (e != &cycle.front()) problem = "the edges do not form one ring";
    }
    r.passed = problem.empty();
    r.detail = problem.empty() ? path : problem + " (" + std::to_string(cycle.size()) + " threads in the cycle)";
    return r;
}

CheckResult check_no_deadlock(const EventLog& log) {
    CheckResult r{"no deadlock", false, ""};
    const World w = world_at(log);
    r.passed = w.deadlock.empty() && w.ended && !w.stopped;
    r.detail = w.deadlock.empty() ? (w.ended ? "the run ended by itself" : "the run did not end")
                                  : std::to_string(w.deadlock.size()) + " threads reported stuck in a deadlock";
    return r;
}

// A transfer is done when its teller, holding both of its account locks,
// lets them go: counted from the Acquire/Release records.
CheckResult check_transfers(const EventLog& log, int64_t accounts, int64_t transfers) {
    CheckResult r{"every transfer completed", false, ""};
    std::vector<uint32_t> owner(log.object_count(), kNone);
    std::vector<int64_t> held(log.thread_count(), 0), done(log.thread_count(), 0);
    for (size_t i = 0; i < log.size(); ++i) {
        const LogEvent& e = log[i];
        if (e.kind != EvKind::OpDone || !e.ok || e.object >= owner.size() ||
            log.object(e.object).kind != ObjKind::Lock)
            continue;
        const Op op = static_cast<Op>(e.code);
        if (op == Op::Acquire) {
            owner[e.object] = e.thread;
            ++held[e.thread];
        } else if (op == Op::Release && owner[e.object] == e.thread) {
            if (held[e.thread] == 2) ++done[e.thread];
            owner[e.object] = kNone;
            --held[e.thread];
        }
    }
    const World w = world_at(log);
    const std::vector<uint32_t> tellers = teller_ids(log);
    int64_t total = 0, complete = 0;
    for (uint32_t tid : tellers) {
        total += done[tid];
        complete += done[tid] == transfers && w.threads.at(tid).state == ThreadState::Done;
    }
    r.passed = static_cast<int64_t>(tellers.size()) == accounts && complete == accounts;
    r.detail = std::to_string(total) + " of " + std::to_string(accounts * transfers) + " transfers done; " +
               std::to_string(complete) + " of " + std::to_string(accounts) + " tellers finished all of theirs";
    return r;
}

CheckResult check_conserved(const EventLog& log, int64_t accounts) {
    CheckResult r{"money is conserved", false, ""};
    const int64_t expected = accounts * kStartBalance;
    const World w = world_at(log);
    std::string shown;
    for (const auto& [tid, text] : w.output) {
        const size_t pos = text.rfind(kTotalWord);
        if (tid == 0 && pos != std::string::npos) shown = text.substr(pos + kTotalWord.size());
    }
    r.passed = !shown.empty() && shown == std::to_string(expected);
    r.detail = shown.empty() ? "MainThread printed no total"
                             : "printed total " + shown + ", expected " + std::to_string(expected);
    return r;
}

std::vector<CheckResult> checks(const EventLog& log, const Params& p) {
    if (!p.flag("ordered")) return {check_deadlock_reported(log), check_cycle(log)};
    const int64_t accounts = p.integer("accounts");
    return {check_no_deadlock(log), check_transfers(log, accounts, p.integer("transfers")),
            check_conserved(log, accounts)};
}

std::map<std::string, double> metrics(const EventLog& log, const Params&) {
    size_t in_cycle = 0;
    for (size_t i : deadlock_records(log)) in_cycle += log[i].ok;
    return {{"deadlocked_threads", static_cast<double>(in_cycle)}};
}

}  // namespace

Scenario lock_ordering_scenario() {
    Scenario s;
    s.id = "lock-ordering";
    s.title = {"Deadlock and lock ordering", "死锁与加锁顺序"};
    s.summary = {
        "Bank tellers each lock their own account, then the next one: every teller ends up holding one lock and "
        "waiting for another, a deadlock. Taking the two locks in one global order makes the cycle impossible.",
        "每个柜员先锁自己的账户，再去锁下一个账户：结果每人都攥着一把锁、等着别人的锁，形成死锁。"
        "所有线程都按同一个全局顺序加锁，环就不可能出现。"};
    s.params = {
        param("accounts", ParamType::Int, 3, 2, 6, {"accounts, one teller thread per account",
                                                    "账户数，每个账户一个柜员线程"}),
        param("transfers", ParamType::Int, 3, 1, 20, {"transfers each teller makes", "每个柜员的转账次数"}),
        param("hold_ms", ParamType::Int, 100, 1, 1000, {"milliseconds a teller holds its first lock",
                                                        "柜员拿着第一把锁停留的毫秒数"}),
        param("ordered", ParamType::Bool, 0, 0, 1,
              {"take the two locks in account order (the cure)", "按账户编号顺序加锁（解决办法）"}),
    };
    s.python = kPython;
    s.program = program;
    s.checks = checks;
    s.metrics = metrics;
    return s;
}

}  // namespace tl
