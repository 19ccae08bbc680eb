// A connection pool guarded by a threading.BoundedSemaphore: at most K of N
// clients hold a connection at once, and the others wait. With over_release
// one extra client gives its connection back twice and gets the ValueError
// that makes BoundedSemaphore worth choosing over Semaphore.
#include <algorithm>
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

CLIENTS, CONNECTIONS = 8, 3
HOLD_S = 0.3                     # average seconds a client keeps a connection
OVER_RELEASE = False             # True: one more client, with a release bug

pool = threading.BoundedSemaphore(CONNECTIONS)

def client(buggy=False):
    pool.acquire()               # take a connection; waits while none is free
    try:
        time.sleep(random.uniform(0.5, 1.5) * HOLD_S)   # run the queries
    finally:
        pool.release()           # give the connection back
    if buggy:
        pool.release()           # bug: gives back a connection it no longer has

clients = [threading.Thread(target=client, name=f"client-{i}")
           for i in range(CLIENTS)]
for c in clients:
    c.start()
for c in clients:
    c.join()
if OVER_RELEASE:                 # one more client, run when the pool is idle
    buggy = threading.Thread(target=client, name="buggy-client", args=(True,))
    buggy.start()
    buggy.join()                 # its ValueError went to threading.excepthook
print("all clients done")
)PY";

namespace line {
constexpr int make_pool = 9;
constexpr int acquire = 12;
constexpr int hold = 14;
constexpr int release = 16;
constexpr int release_again = 18;
constexpr int make_client = 20;
constexpr int start = 23;
constexpr int join = 25;
constexpr int make_buggy = 27;
constexpr int start_buggy = 28;
constexpr int join_buggy = 29;
constexpr int report = 30;
}  // namespace line

const std::string kBuggyName = "buggy-client";

// The body of client(buggy). Python's try/finally releases even when the
// queries raise; here the sleep raises only when the whole run is stopped,
// and then nothing should be recorded any more, so there is no finally.
void client(BoundedSemaphore& pool, double hold_s, bool buggy) {
    at(line::acquire);
    pool.acquire();
    at(line::hold);
    sleep(uniform(0.5, 1.5) * hold_s);
    at(line::release);
    pool.release();
    if (buggy) {
        at(line::release_again);
        pool.release();  // raises ValueError; the engine's excepthook reports it
    }
}

void program(const Params& p) {
    const int64_t clients = p.integer("clients");
    const double hold_s = p.real("hold_ms") / 1000.0;

    at(line::make_pool);
    BoundedSemaphore& pool = make<BoundedSemaphore>("pool", p.integer("connections"));

    std::vector<Thread*> threads;
    for (int64_t i = 0; i < clients; ++i) {
        at(line::make_client);
        threads.push_back(&make<Thread>("client-" + std::to_string(i), [&pool, hold_s] { client(pool, hold_s, false); }));
    }
    for (Thread* t : threads) {
        at(line::start);
        t->start();
    }
    for (Thread* t : threads) {
        at(line::join);
        t->join();
    }
    if (p.flag("over_release")) {
        at(line::make_buggy);
        Thread& buggy = make<Thread>(kBuggyName, [&pool, hold_s] { client(pool, hold_s, true); });
        at(line::start_buggy);
        buggy.start();
        at(line::join_buggy);
        buggy.join();
    }
    at(line::report);
    print("all clients done");
}

// What the log says about the pool and its clients.
struct PoolTrace {
    bool found = false;
    uint32_t pool = kNone;
    int64_t connections = 0;
    int64_t max_in_use = 0;
    int bad_values = 0;              // acquire/release results outside 0 .. K
    std::vector<std::string> raised; // "Type: message" of every raise on the pool, with its thread
    std::vector<uint32_t> raised_by;
    std::vector<uint32_t> acquired;  // tids with a successful acquire
    std::vector<uint32_t> waited;    // tids that had to wait for a connection
};

bool contains(const std::vector<uint32_t>& v, uint32_t x) { return std::find(v.begin(), v.end(), x) != v.end(); }

PoolTrace trace_pool(const EventLog& log) {
    PoolTrace tr;
    for (uint32_t id = 0; id < log.object_count() && !tr.found; ++id) {
        const ObjectInfo info = log.object(id);
        if (info.kind == ObjKind::BoundedSemaphore) {
            tr.found = true;
            tr.pool = id;
            tr.connections = info.initial;
        }
    }
    const size_t n = log.size();
    for (size_t i = 0; i < n && tr.found; ++i) {
        const LogEvent& e = log[i];
        if (e.kind == EvKind::State && e.object == tr.pool &&
            static_cast<ThreadState>(e.code) == ThreadState::Waiting && !contains(tr.waited, e.thread))
            tr.waited.push_back(e.thread);
        if (e.kind != EvKind::OpDone || e.object != tr.pool) continue;
        const Op op = static_cast<Op>(e.code);
        if (op == Op::Acquire && e.ok) {
            // value is the counter after the acquire: K - value connections are in use.
            if (e.value < 0 || e.value >= tr.connections) ++tr.bad_values;
            tr.max_in_use = std::max(tr.max_in_use, tr.connections - e.value);
            if (!contains(tr.acquired, e.thread)) tr.acquired.push_back(e.thread);
        } else if (op == Op::Release && e.ok) {
            // 0 when the unit went straight to a waiting client.
            if (e.value < 0 || e.value > tr.connections) ++tr.bad_values;
        } else if (op == Op::Raise) {
            tr.raised.push_back(log.str(static_cast<uint32_t>(e.value)));
            tr.raised_by.push_back(e.thread);
        }
    }
    return tr;
}

CheckResult check_limit(const PoolTrace& tr) {
    CheckResult r{"never more connections in use than the pool has", false, ""};
    if (!tr.found) {
        r.detail = "no BoundedSemaphore in the log";
        return r;
    }
    r.passed = tr.bad_values == 0 && tr.max_in_use <= tr.connections;
    r.detail = "at most " + std::to_string(tr.max_in_use) + " of " + std::to_string(tr.connections) +
               " connections in use at once; " + std::to_string(tr.bad_values) + " counter values out of range";
    return r;
}

CheckResult check_clients_served(const EventLog& log, const PoolTrace& tr, int64_t clients) {
    CheckResult r{"every client got a connection and finished", false, ""};
    const World w = world_at(log);
    int64_t seen = 0, served = 0;
    for (const ThreadView& t : w.threads) {
        if (log.thread(t.tid).name.rfind("client-", 0) != 0) continue;
        ++seen;
        if (t.state == ThreadState::Done && contains(tr.acquired, t.tid)) ++served;
    }
    r.passed = seen == clients && served == clients;
    r.detail = std::to_string(served) + " of " + std::to_string(clients) + " clients served and done";
    return r;
}

CheckResult check_release_errors(const EventLog& log, const PoolTrace& tr, bool over_release) {
    if (!over_release) {
        CheckResult r{"no release raised an error", false, ""};
        size_t hooks = 0;
        for (size_t i = 0; i < log.size(); ++i) hooks += log[i].kind == EvKind::Excepthook;
        r.passed = tr.found && tr.raised.empty() && hooks == 0;
        r.detail = std::to_string(tr.raised.size()) + " errors raised by the pool, " + std::to_string(hooks) +
                   " uncaught in threads";
        return r;
    }
    CheckResult r{"the extra release raised ValueError", false, ""};
    bool raised = false;
    for (size_t i = 0; i < tr.raised.size(); ++i)
        if (tr.raised[i].rfind("ValueError", 0) == 0 && log.thread(tr.raised_by[i]).name == kBuggyName) raised = true;
    bool hooked = false;
    for (size_t i = 0; i < log.size(); ++i) {
        const LogEvent& e = log[i];
        if (e.kind == EvKind::Excepthook && log.thread(e.thread).name == kBuggyName &&
            log.str(static_cast<uint32_t>(e.value)).rfind("ValueError", 0) == 0)
            hooked = true;
    }
    r.passed = raised && hooked;
    r.detail = std::string(kBuggyName) + (raised ? " got ValueError from release()" : " got no ValueError") +
               (hooked ? "; excepthook reported it" : "; excepthook did not report it");
    if (!tr.raised.empty()) r.detail += " (" + tr.raised.front() + ")";
    return r;
}

std::vector<CheckResult> checks(const EventLog& log, const Params& p) {
    const PoolTrace tr = trace_pool(log);
    return {check_limit(tr), check_clients_served(log, tr, p.integer("clients")),
            check_release_errors(log, tr, p.flag("over_release"))};
}

std::map<std::string, double> metrics(const EventLog& log, const Params&) {
    const PoolTrace tr = trace_pool(log);
    return {{"max_in_use", static_cast<double>(tr.max_in_use)},
            {"clients_waited", static_cast<double>(tr.waited.size())}};
}


}  // namespace

Scenario connection_pool_scenario() {
    Scenario s;
    s.id = "connection-pool";
    s.title = {"A connection pool with a BoundedSemaphore", "用 BoundedSemaphore 实现连接池"};
    s.summary = {
        "Many clients share a few connections: a threading.BoundedSemaphore lets at most K of them in at once. "
        "Releasing one time too many raises ValueError instead of silently growing the pool.",
        "许多客户端共用少量连接：threading.BoundedSemaphore 保证同一时刻最多 K 个客户端拿到连接；"
        "多释放一次会抛出 ValueError，而不是悄悄把连接池变大。"};
    s.params = {
        param("clients", ParamType::Int, 8, 1, 32, {"client threads", "客户端线程数"}),
        param("connections", ParamType::Int, 3, 1, 16, {"connections in the pool (semaphore value)",
                                                        "连接池中的连接数（信号量初始值）"}),
        param("hold_ms", ParamType::Int, 300, 1, 2000, {"average milliseconds a client keeps its connection",
                                                        "客户端占用连接的平均毫秒数"}),
        param("over_release", ParamType::Bool, 0, 0, 1,
              {"add a buggy client that releases twice (ValueError)", "加一个多释放一次的出错客户端（ValueError）"}),
    };
    s.python = kPython;
    s.program = program;
    s.checks = checks;
    s.metrics = metrics;
    return s;
}

}  // namespace tl
