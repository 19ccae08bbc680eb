// The pool sweep reducer (reduce_pool_sweep.hpp) over hand-written logs:
// futures grouped by the executor that submitted them, the workers' prefix,
// and throughput = finished / (last finish - first submit).
#include <catch2/catch.hpp>

#include "threadlab/reduce_pool_sweep.hpp"

using namespace tl;

namespace {

constexpr Nanos kMs = 1'000'000;

struct Builder {
    EventLog log;
    uint32_t object(const std::string& name, ObjKind kind, int64_t initial = 0) {
        ObjectInfo info;
        info.name = name;
        info.kind = kind;
        info.initial = initial;
        const uint32_t id = log.add_object(info);
        LogEvent e;
        e.kind = EvKind::ObjNew;
        e.object = id;
        e.code = uint8_t(kind);
        e.value = initial;
        log.append(e);
        return id;
    }
    uint32_t thread(const std::string& name) {
        ThreadInfo info;
        info.name = name;
        return log.add_thread(info);
    }
    void op(Nanos t, uint32_t tid, uint32_t object, Op op, int64_t aux = 0, bool ok = true) {
        LogEvent e;
        e.kind = EvKind::OpDone;
        e.t = t;
        e.thread = tid;
        e.object = object;
        e.code = uint8_t(op);
        e.aux = aux;
        e.ok = ok ? 1 : 0;
        log.append(e);
    }
    // A job submitted at `submit`, run by `worker` and finished at `finish`.
    void job(uint32_t main, uint32_t executor, uint32_t worker, Nanos submit, Nanos finish, bool raised = false) {
        const uint32_t f = object("future", ObjKind::Future);
        op(submit, main, executor, Op::Submit, f);
        op(submit, worker, f, Op::Running);
        op(finish, worker, f, Op::Finished, 0, !raised);
    }
};

}  // namespace

TEST_CASE("pool sweep: futures are grouped by executor, with its size, prefix and throughput", "[reduce][pools]") {
    Builder b;
    const uint32_t main = b.thread("MainThread");
    const uint32_t one = b.object("pool", ObjKind::Executor, 1);
    const uint32_t io0 = b.thread("io_0");
    for (int i = 0; i < 4; ++i) b.job(main, one, io0, 100 * kMs * i, 100 * kMs * (i + 1));
    const uint32_t two = b.object("pool", ObjKind::Executor, 2);
    const uint32_t a = b.thread("io_0");
    const uint32_t c = b.thread("io_1");
    b.job(main, two, a, 400 * kMs, 500 * kMs);
    b.job(main, two, c, 400 * kMs, 500 * kMs, true);  // an exception counts as finished
    b.job(main, two, a, 400 * kMs, 600 * kMs);
    b.job(main, two, c, 400 * kMs, 600 * kMs);

    const std::vector<PoolSweepRow> rows = pool_sweep(b.log);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].executor == one);
    CHECK(rows[0].max_workers == 1);
    CHECK(rows[0].prefix == "io");
    CHECK(rows[0].workers == 1);
    CHECK(rows[0].submitted == 4);
    CHECK(rows[0].finished == 4);
    CHECK(rows[0].throughput == Approx(10.0));  // 4 jobs in 0.4 s
    CHECK(rows[1].executor == two);
    CHECK(rows[1].max_workers == 2);
    CHECK(rows[1].workers == 2);
    CHECK(rows[1].finished == 4);
    CHECK(rows[1].first_submit == 400 * kMs);
    CHECK(rows[1].last_finish == 600 * kMs);
    CHECK(rows[1].throughput == Approx(20.0));  // 4 jobs in 0.2 s

    // A prefix of the log: only what had happened by then.
    const std::vector<PoolSweepRow> early = pool_sweep(b.log, 8);
    REQUIRE(early.size() == 1);
    CHECK(early[0].submitted == 2);
    CHECK(early[0].finished == 1);
}

TEST_CASE("pool sweep: cancelled and unfinished futures, other objects and unused pools", "[reduce][pools]") {
    Builder b;
    const uint32_t main = b.thread("MainThread");
    b.object("unused", ObjKind::Executor, 6);  // never submitted to: no row
    const uint32_t pool = b.object("pool", ObjKind::Executor, 3);
    const uint32_t lock = b.object("lock", ObjKind::Lock);
    const uint32_t w = b.thread("ThreadPoolExecutor-1_0");
    b.job(main, pool, w, 0, 50 * kMs);
    const uint32_t cancelled = b.object("late", ObjKind::Future);
    b.op(10 * kMs, main, pool, Op::Submit, cancelled);
    b.op(10 * kMs, main, cancelled, Op::Cancelled);
    const uint32_t open = b.object("open", ObjKind::Future);
    b.op(20 * kMs, main, pool, Op::Submit, open);
    b.op(20 * kMs, w, open, Op::Running);
    b.op(30 * kMs, main, lock, Op::Submit, open);  // not an executor: ignored

    const std::vector<PoolSweepRow> rows = pool_sweep(b.log);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].max_workers == 3);
    CHECK(rows[0].prefix == "ThreadPoolExecutor-1");
    CHECK(rows[0].submitted == 3);
    CHECK(rows[0].finished == 1);
    CHECK(rows[0].throughput == Approx(20.0));  // 1 finished in 0.05 s
}

TEST_CASE("pool sweep: nothing finished, or no time passed, is a throughput of 0", "[reduce][pools]") {
    Builder b;
    const uint32_t main = b.thread("MainThread");
    const uint32_t pool = b.object("pool", ObjKind::Executor, 2);
    const uint32_t f = b.object("f", ObjKind::Future);
    b.op(0, main, pool, Op::Submit, f);
    REQUIRE(pool_sweep(b.log).size() == 1);
    CHECK(pool_sweep(b.log)[0].prefix.empty());
    CHECK(pool_sweep(b.log)[0].throughput == 0);
    b.op(0, main, f, Op::Running);
    b.op(0, main, f, Op::Finished);
    CHECK(pool_sweep(b.log)[0].finished == 1);
    CHECK(pool_sweep(b.log)[0].throughput == 0);
}

TEST_CASE("pool sweep: a worker's prefix is its name without the trailing _N", "[reduce][pools]") {
    CHECK(worker_prefix("io_3") == "io");
    CHECK(worker_prefix("cpu_12") == "cpu");
    CHECK(worker_prefix("ThreadPoolExecutor-0_0") == "ThreadPoolExecutor-0");
    CHECK(worker_prefix("a_b_7") == "a_b");
    CHECK(worker_prefix("worker") == "worker");
    CHECK(worker_prefix("io_") == "io_");
    CHECK(worker_prefix("io_x1") == "io_x1");
}

TEST_CASE("pool sweep: a future a worker ran before its submit was recorded still counts", "[reduce][pools]") {
    // submit() is recorded when it returns; a fast job may be finished by then.
    Builder b;
    const uint32_t main = b.thread("MainThread");
    const uint32_t pool = b.object("pool", ObjKind::Executor, 4);
    const uint32_t w = b.thread("cpu_0");
    const uint32_t f = b.object("f", ObjKind::Future);
    b.op(1 * kMs, w, f, Op::Running);
    b.op(2 * kMs, w, f, Op::Finished);
    b.op(3 * kMs, main, pool, Op::Submit, f);
    b.job(main, pool, w, 3 * kMs, 5 * kMs);
    const std::vector<PoolSweepRow> rows = pool_sweep(b.log);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].prefix == "cpu");
    CHECK(rows[0].workers == 1);
    CHECK(rows[0].finished == 2);
    CHECK(rows[0].throughput == Approx(1000.0));  // 2 in 2 ms, counted from the first submit
}

TEST_CASE("pool sweep: the time starts when the first future is made, if that is before its submit", "[reduce][pools]") {
    Builder b;
    const uint32_t main = b.thread("MainThread");
    const uint32_t pool = b.object("pool", ObjKind::Executor, 1);
    const uint32_t w = b.thread("cpu_0");
    const uint32_t f = b.object("f", ObjKind::Future);
    b.op(0, main, f, Op::Pending);
    b.op(0, w, f, Op::Running);
    b.op(4 * kMs, w, f, Op::Finished);
    b.op(4 * kMs, main, pool, Op::Submit, f);  // recorded when submit() returned
    const std::vector<PoolSweepRow> rows = pool_sweep(b.log);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].first_submit == 0);
    CHECK(rows[0].throughput == Approx(250.0));  // 1 in 4 ms
}

TEST_CASE("pool sweep: a process pool counts its processes, and times its jobs once they are up", "[reduce][pools]") {
    Builder b;
    const uint32_t main = b.thread("MainThread");
    const uint32_t manager = b.thread("Thread-1");  // the executor's manager thread sets its futures running
    const uint32_t pool = b.object("pool", ObjKind::Pool, 2);
    // The warm-up job: made at 0, then both processes start (forked at the first submit).
    const uint32_t warm = b.object("future", ObjKind::Future);
    b.op(0, main, warm, Op::Pending);
    b.op(5 * kMs, main, pool, Op::Spawn, 101);
    b.op(5 * kMs, main, pool, Op::Submit, warm);
    b.op(6 * kMs, manager, warm, Op::Running);
    b.op(7 * kMs, manager, warm, Op::Finished);
    // Four jobs once they are up: 10 ms to 30 ms. The second spawn is recorded late (after them,
    // as the merged log of two processes may place it) but at the time it happened.
    for (int i = 0; i < 4; ++i) {
        const uint32_t f = b.object("future", ObjKind::Future);
        b.op((10 + i) * kMs, main, f, Op::Pending);
        b.op((10 + i) * kMs, main, pool, Op::Submit, f);
        b.op((11 + i) * kMs, manager, f, Op::Running);
        b.op((20 + 3 * i) * kMs, manager, f, Op::Finished);
    }
    b.op(5 * kMs, main, pool, Op::Spawn, 102);
    const std::vector<PoolSweepRow> rows = pool_sweep(b.log);
    REQUIRE(rows.size() == 1);
    const PoolSweepRow& r = rows[0];
    CHECK(r.processes);
    CHECK(r.prefix == "processes");
    CHECK(r.max_workers == 2);
    CHECK(r.workers == 2);     // the processes it started, not the manager thread
    CHECK(r.submitted == 4);   // the warm-up job paid for the forks: not timed
    CHECK(r.finished == 4);
    CHECK(r.first_submit == 10 * kMs);
    CHECK(r.last_finish == 29 * kMs);
    CHECK(r.throughput == Approx(4 / 0.019));
}

TEST_CASE("pool sweep: a process pool without a warm-up still times the jobs made after its processes started",
          "[reduce][pools]") {
    Builder b;
    const uint32_t main = b.thread("MainThread");
    const uint32_t pool = b.object("pool", ObjKind::Pool, 1);
    const uint32_t first = b.object("future", ObjKind::Future);
    b.op(0, main, first, Op::Pending);
    b.op(2 * kMs, main, pool, Op::Spawn, 101);
    b.op(2 * kMs, main, pool, Op::Submit, first);
    b.op(12 * kMs, main, first, Op::Finished);
    b.job(main, pool, main, 3 * kMs, 23 * kMs);
    const std::vector<PoolSweepRow> rows = pool_sweep(b.log);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].submitted == 1);
    CHECK(rows[0].finished == 1);
    CHECK(rows[0].throughput == Approx(1 / 0.020));
}
