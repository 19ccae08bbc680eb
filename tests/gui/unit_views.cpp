// The logic behind the futures board, the objects pane's executors and GIL,
// the GIL marks of the timeline and the CPU shares, on logs built by hand
// (no threads, so every number is exact).
#include <catch2/catch.hpp>

#include <string>

#include "gui/cpu_share.hpp"
#include "gui/futures_view.hpp"
#include "gui/pool_model.hpp"
#include "gui/timeline_view.hpp"
#include "gui/trace_index.hpp"
#include "gui/widgets.hpp"
#include "headless.hpp"

using namespace tl;
using namespace tl::gui;

namespace {

// Writes a log the way the engine would, one call per record.
struct LogBuilder {
    EventLog log;
    Nanos t = 0;

    uint32_t thread(const std::string& name, uint32_t pid = 0) {
        const uint32_t tid = log.add_thread(ThreadInfo{name, kNone, false, pid});
        LogEvent e;
        e.kind = EvKind::ThreadNew;
        e.thread = tid;
        e.value = pid;
        e.t = t;
        log.append(e);
        return tid;
    }
    uint32_t object(const std::string& name, ObjKind kind, int64_t initial = 0) {
        const uint32_t id = log.add_object(ObjectInfo{name, kind, initial});
        LogEvent e;
        e.kind = EvKind::ObjNew;
        e.object = id;
        e.code = static_cast<uint8_t>(kind);
        e.value = initial;
        e.t = t;
        log.append(e);
        return id;
    }
    void state(uint32_t tid, ThreadState s, uint32_t object = kNone) {
        LogEvent e;
        e.kind = EvKind::State;
        e.thread = tid;
        e.code = static_cast<uint8_t>(s);
        e.object = object;
        e.t = t;
        log.append(e);
    }
    void op(uint32_t tid, uint32_t object, Op o, int64_t value = 0, int64_t aux = 0, uint32_t other = kNone,
            bool ok = true) {
        LogEvent e;
        e.kind = EvKind::OpDone;
        e.thread = tid;
        e.object = object;
        e.code = static_cast<uint8_t>(o);
        e.value = value;
        e.aux = aux;
        e.other = other;
        e.ok = ok;
        e.t = t;
        log.append(e);
    }
    // A future submitted to `executor` as work item `item`.
    uint32_t submit(uint32_t by, uint32_t executor, const std::string& name, int64_t item) {
        const uint32_t f = object(name, ObjKind::Future);
        op(by, f, Op::Pending);
        op(by, executor, Op::Submit, item, f);
        return f;
    }
};

// What the views are drawn from, folded from a hand-built log.
struct Views {
    World world;
    TraceIndex index;
    Timeline timeline;
    explicit Views(const EventLog& log) {
        world = world_at(log);
        index.update(log);
        timeline.update(log);
    }
    TimelineInput timeline_input() const {
        TimelineInput in;
        in.lanes = &timeline.lanes();
        in.index = &index;
        in.end_time = timeline.end_time();
        return in;
    }
};

std::vector<std::string> names(const Views& v, const std::vector<FutureCard>& cards) {
    std::vector<std::string> out;
    for (const FutureCard& c : cards) out.push_back(v.index.object_name(c.id));
    return out;
}

const std::vector<FutureCard>& column(const FutureBoard& b, CardColumn c) { return b.columns[static_cast<size_t>(c)]; }

}  // namespace

TEST_CASE("futures board: each future sits in the column of its state") {
    LogBuilder b;
    const uint32_t main = b.thread("MainThread");
    const uint32_t w0 = b.thread("E_0"), w1 = b.thread("E_1");
    const uint32_t ex = b.object("E", ObjKind::Executor, 2);
    const uint32_t f0 = b.submit(main, ex, "f0", 0);
    const uint32_t f1 = b.submit(main, ex, "f1", 1);
    const uint32_t f2 = b.submit(main, ex, "f2", 2);
    const uint32_t f3 = b.submit(main, ex, "f3", 3);
    const uint32_t f4 = b.submit(main, ex, "f4", 4);
    b.t = 10;
    b.op(w0, f0, Op::Running);
    b.op(w1, f1, Op::Running);
    b.t = 20;
    b.op(w0, f0, Op::Finished, 16);                                          // a result
    b.op(w0, f0, Op::Callback, 0);
    b.op(main, f4, Op::Cancelled, 0, 0, kNone, true);                        // cancelled while pending
    b.op(main, f3, Op::Cancelled, 0, 0, kNone, false);                       // a cancel() that failed changes nothing
    b.t = 30;
    b.op(w0, f2, Op::Running);
    b.t = 40;
    b.op(w0, f2, Op::Finished, 0, b.log.intern("ValueError: no page -1"), kNone, false);  // raised
    b.state(main, ThreadState::Waiting, f1);                                 // main in f1.result()

    Views v(b.log);
    const FutureBoard board = build_future_board(v.world, v.index);
    CHECK(board.total == 5);
    CHECK(names(v, column(board, CardColumn::Pending)) == std::vector<std::string>{"f3"});
    CHECK(names(v, column(board, CardColumn::Running)) == std::vector<std::string>{"f1"});
    // Newest change first: f2 raised at t=40, f0 finished at t=20.
    CHECK(names(v, column(board, CardColumn::Finished)) == std::vector<std::string>{"f2", "f0"});
    CHECK(names(v, column(board, CardColumn::Cancelled)) == std::vector<std::string>{"f4"});
    CHECK(column(board, CardColumn::Finished)[0].raised);
    CHECK_FALSE(column(board, CardColumn::Finished)[1].raised);

    const ObjectView& running = v.world.objects[f1];
    CHECK(running.worker == w1);
    CHECK(running.waiters == std::vector<uint32_t>{main});
    CHECK(v.world.objects[f0].callbacks == 1);
    CHECK(v.world.objects[f0].result == 16);
    CHECK(v.world.objects[f2].error == "ValueError: no page -1");
    REQUIRE(v.index.future(f3));
    CHECK(v.index.future(f3)->executor == ex);
    CHECK(v.index.future(f3)->argument == 3);
}

TEST_CASE("futures board: pending cards keep submission order, hundreds of them included") {
    LogBuilder b;
    const uint32_t main = b.thread("MainThread");
    const uint32_t ex = b.object("E", ObjKind::Executor, 1);
    for (int i = 0; i < 300; ++i) {
        b.t = 1000 - i;  // later submissions with earlier stamps must not reorder the queue
        b.submit(main, ex, "f" + std::to_string(i), i);
    }
    Views v(b.log);
    const FutureBoard board = build_future_board(v.world, v.index);
    const auto& pending = column(board, CardColumn::Pending);
    REQUIRE(pending.size() == 300);
    for (size_t i = 0; i < pending.size(); ++i) CHECK(v.index.object_name(pending[i].id) == "f" + std::to_string(i));

    // Drawing 300 cards shows what fits and counts the rest, without trouble.
    testing::Headless ui;
    ui.frame([&] { draw_futures(v.world, v.index); });
    CHECK(ImGui::GetDrawData()->TotalVtxCount > 0);
}

TEST_CASE("objects: the GIL is hidden until some thread takes it") {
    LogBuilder b;
    const uint32_t main = b.thread("MainThread");
    const uint32_t gil = b.object("GIL", ObjKind::Gil);
    const uint32_t lock = b.object("lock", ObjKind::Lock);
    {
        Views v(b.log);
        const PoolModel model = build_pool_model(v.world, v.index);
        CHECK(model.hidden[gil]);
        CHECK_FALSE(model.hidden[lock]);
        CHECK_FALSE(gil_in_use(v.world.objects[gil], v.index));
    }
    b.op(main, gil, Op::Acquire);
    b.op(main, gil, Op::Release);
    Views v(b.log);
    const PoolModel model = build_pool_model(v.world, v.index);
    CHECK_FALSE(model.hidden[gil]);  // released again, but it has been used: it stays
    CHECK(gil_in_use(v.world.objects[gil], v.index));
}

TEST_CASE("objects: a GIL's holder, waiters, hand-overs and drop requests") {
    LogBuilder b;
    const uint32_t a = b.thread("A"), c = b.thread("B");
    const uint32_t gil = b.object("GIL", ObjKind::Gil);
    b.op(a, gil, Op::Acquire);
    b.t = 5;
    b.state(c, ThreadState::Blocked, gil);
    b.t = 10;
    b.op(c, gil, Op::DropRequest, 5'000'000, 0, a);
    b.op(a, gil, Op::Release, 0, 0, c);  // forced switch: hands it to B
    b.state(a, ThreadState::Blocked, gil);
    b.state(c, ThreadState::Running);
    b.op(c, gil, Op::Acquire);
    Views v(b.log);
    const ObjectView& g = v.world.objects[gil];
    CHECK(g.owner == c);
    CHECK(g.waiters == std::vector<uint32_t>{a});
    CHECK(g.switches == 1);
    CHECK(g.drop_requests == 1);
    REQUIRE(v.index.gil_handoffs().size() == 1);
    const GilHandoff& h = v.index.gil_handoffs()[0];
    CHECK(h.t == 10);
    CHECK(h.from == a);
    CHECK(h.to == c);
    CHECK(h.gil == gil);
}

TEST_CASE("timeline: GIL hand-overs are drawn where they are in view, and only there") {
    LogBuilder b;
    const uint32_t a = b.thread("A"), c = b.thread("B");
    const uint32_t gil = b.object("GIL", ObjKind::Gil);
    b.state(a, ThreadState::Running);
    b.op(a, gil, Op::Acquire);
    b.state(c, ThreadState::Blocked, gil);
    // Three hand-overs far apart, then the run goes on to t = 3 s.
    const Nanos at[] = {1'000'000'000, 1'500'000'000, 2'000'000'000};
    for (int i = 0; i < 3; ++i) {
        const uint32_t from = i % 2 ? c : a, to = i % 2 ? a : c;
        b.t = at[i];
        b.op(to, gil, Op::DropRequest, 5'000'000, 0, from);
        b.op(from, gil, Op::Release, 0, 0, to);
        b.state(from, ThreadState::Blocked, gil);
        b.state(to, ThreadState::Running);
    }
    b.t = 3'000'000'000;
    b.state(a, ThreadState::Done);
    b.state(c, ThreadState::Done);

    Views v(b.log);
    REQUIRE(v.index.gil_handoffs().size() == 3);
    const TimelineInput in = v.timeline_input();
    testing::Headless ui;

    TimelineViewState view;
    view.follow = TimelineFollow::WholeRun;
    ui.frame([&] { draw_timeline(in, view); });
    CHECK(view.handoffs == 3);
    // Drop requests are marks of their own, acquire/release are not ticks.
    CHECK(view.markers == 3);

    view.follow = TimelineFollow::Free;  // 1.2 s .. 1.8 s: only the middle one
    view.left = 1.2e9;
    view.span = 0.6e9;
    ui.frame([&] { draw_timeline(in, view); });
    CHECK(view.handoffs == 1);
}

TEST_CASE("timeline: neighbouring pixel columns of one colour become one rectangle") {
    // One thread flipping between running and sleeping every microsecond for
    // 20 ms: zoomed out, every pixel column holds both states and shows the
    // more important one (running), so the whole stretch is one rectangle.
    LogBuilder b;
    const uint32_t tid = b.thread("T");
    for (int i = 0; i < 20000; ++i) {
        b.t = 1000 * i;
        b.state(tid, i % 2 ? ThreadState::Sleeping : ThreadState::Running);
    }
    const Views v(b.log);
    const TimelineInput in = v.timeline_input();
    testing::Headless ui;
    TimelineViewState view;
    view.follow = TimelineFollow::WholeRun;
    ui.frame([&] { draw_timeline(in, view); });
    CHECK(view.segments_seen == 20000);
    CHECK(view.rects <= 3);  // the new-state sliver at the start, the run, the open end
}

TEST_CASE("objects: an executor's work queue, workers and the future each one runs") {
    LogBuilder b;
    const uint32_t main = b.thread("MainThread");
    const uint32_t ex = b.object("ThreadPoolExecutor-0", ObjKind::Executor, 2);
    const uint32_t queue = b.object("ThreadPoolExecutor-0.work_queue", ObjKind::Queue);
    const uint32_t idle = b.object("ThreadPoolExecutor-0.idle", ObjKind::Semaphore);
    const uint32_t other = b.object("results", ObjKind::Queue);
    const uint32_t w0 = b.thread("ThreadPoolExecutor-0_0");
    const uint32_t w1 = b.thread("ThreadPoolExecutor-0_1");
    const uint32_t f0 = b.submit(main, ex, "f0", 0);
    b.op(main, queue, Op::Put, 1, 0);
    const uint32_t f1 = b.submit(main, ex, "f1", 1);
    b.op(main, queue, Op::Put, 2, 1);
    b.op(w0, queue, Op::Get, 1, 0);
    b.op(w0, f0, Op::Running);

    Views v(b.log);
    const PoolModel model = build_pool_model(v.world, v.index);
    REQUIRE(model.pools.size() == 1);
    const PoolParts& p = model.pools[0];
    CHECK(p.pool == ex);
    CHECK(p.work_queue == queue);
    REQUIRE(p.workers.size() == 2);
    CHECK(p.workers[0].tid == w0);
    CHECK(p.workers[0].future == f0);
    CHECK(p.workers[1].tid == w1);
    CHECK(p.workers[1].future == kNone);  // idle
    // The pool's own parts and the futures are drawn inside, not as blocks of their own.
    CHECK(model.hidden[queue]);
    CHECK(model.hidden[idle]);
    CHECK(model.hidden[f0]);
    CHECK_FALSE(model.hidden[other]);
    CHECK_FALSE(model.hidden[ex]);
    // Work items read as the futures they carry; -1 is CPython's None sentinel.
    CHECK(v.world.objects[queue].items == std::vector<int64_t>{1});
    CHECK(work_item_label(v.world, v.index, ex, 1) == v.index.object_name(f1));
    CHECK(work_item_label(v.world, v.index, ex, -1) == "None");
    CHECK(work_item_label(v.world, v.index, ex, 7) == "7");
}

TEST_CASE("objects: each process pool finds its own queues, worker processes and result handler") {
    // Two pools whose workers share a name prefix (ForkProcess-N, as in
    // CPython): only their `spawn` ops say whose they are.
    LogBuilder b;
    const uint32_t main = b.thread("MainThread");
    const uint32_t pool = b.object("Pool-0", ObjKind::Pool, 2);
    const uint32_t calls = b.object("Pool-0.call_queue", ObjKind::Queue);
    const uint32_t results = b.object("Pool-0.result_queue", ObjKind::Queue);
    const uint32_t handler = b.thread("Pool-0.result_handler");
    const uint32_t p1 = b.thread("ForkPoolWorker-1", 1);
    const uint32_t p2 = b.thread("ForkPoolWorker-2", 2);
    b.op(main, pool, Op::Spawn, 1, 0, p1);
    b.op(main, pool, Op::Spawn, 2, 0, p2);
    const uint32_t ppe = b.object("ProcessPoolExecutor-0", ObjKind::Pool, 1);
    const uint32_t calls2 = b.object("ProcessPoolExecutor-0.call_queue", ObjKind::Queue);
    const uint32_t results2 = b.object("ProcessPoolExecutor-0.result_queue", ObjKind::Queue);
    const uint32_t p3 = b.thread("ForkProcess-3", 3);
    b.op(main, ppe, Op::Spawn, 3, 0, p3);
    const uint32_t f = b.submit(main, pool, "f0", 5);
    b.op(p2, f, Op::Running);

    Views v(b.log);
    const PoolModel model = build_pool_model(v.world, v.index);
    REQUIRE(model.pools.size() == 2);
    const PoolParts& p = model.pools[0];
    CHECK(p.prefix == "Pool-0");
    CHECK(p.work_queue == calls);
    CHECK(p.result_queue == results);
    CHECK(p.result_handler == handler);
    REQUIRE(p.workers.size() == 2);
    CHECK(p.workers[0].tid == p1);
    CHECK(p.workers[0].future == kNone);
    CHECK(p.workers[1].tid == p2);
    CHECK(p.workers[1].future == f);
    const PoolParts& e = model.pools[1];
    CHECK(e.work_queue == calls2);
    CHECK(e.result_queue == results2);
    CHECK(e.result_handler == kNone);
    REQUIRE(e.workers.size() == 1);
    CHECK(e.workers[0].tid == p3);
    for (uint32_t id : {calls, results, calls2, results2}) CHECK(model.hidden[id]);
    CHECK(v.index.thread_pid(p2) == 2);
    CHECK(v.index.process_name(0) == "MainProcess");
    CHECK(v.index.process_name(2) == "ForkPoolWorker-2");
}

TEST_CASE("cpu shares: running time over the run and over each thread's lifetime") {
    LogBuilder b;
    const uint32_t a = b.thread("A"), c = b.thread("B"), idle = b.thread("idle");
    // A and B share one GIL for 100 ms: 10 ms slices each, 50 ms running each.
    b.state(idle, ThreadState::Sleeping);
    for (int i = 0; i < 10; ++i) {
        b.t = i * 10'000'000;
        b.state(i % 2 ? c : a, ThreadState::Running);
        b.state(i % 2 ? a : c, ThreadState::Blocked);
    }
    b.t = 100'000'000;
    b.state(a, ThreadState::Done);
    b.state(c, ThreadState::Done);
    b.t = 200'000'000;  // the run goes on without them
    b.state(idle, ThreadState::Done);

    Timeline timeline;
    CpuShares shares;
    // Folded in two steps, as frames do, to exercise the incremental part.
    timeline.update(b.log, b.log.size() / 2);
    shares.update(timeline);
    timeline.update(b.log);
    shares.update(timeline);

    REQUIRE(shares.shares().size() == 2);  // the sleeper never ran
    CHECK(shares.duration() == 200'000'000);
    for (const CpuShare& s : shares.shares()) {
        CHECK((s.tid == a || s.tid == c));
        CHECK(s.running == 50'000'000);
        CHECK(s.share == Approx(0.25));
        CHECK(s.lifetime == 100'000'000);
        CHECK(s.of_life == Approx(0.5));
    }
}

TEST_CASE("lane labels: a name too long for the column loses its middle, never its ends") {
    testing::Headless ui;
    ui.frame([] {
        const std::string name = "ProcessPoolExecutor-0.result_handler";
        const float full = ImGui::CalcTextSize(name.c_str()).x;
        CHECK(elide_middle(name, full) == name);
        const std::string cut = elide_middle(name, full * 0.6f);
        CHECK(ImGui::CalcTextSize(cut.c_str()).x <= full * 0.6f);
        CHECK(cut.find("...") != std::string::npos);
        CHECK(cut.rfind("Process", 0) == 0);  // both ends survive
        CHECK(cut.substr(cut.size() - 4) == "dler");
        // A name with Chinese characters is cut between characters.
        const std::string zh = "生产者-线程-0123456789";
        const std::string zcut = elide_middle(zh, ImGui::CalcTextSize(zh.c_str()).x * 0.5f);
        for (size_t i = 0; i + 1 < zcut.size(); ++i)
            if (zcut.compare(i, 3, "...") == 0) {
                CHECK((static_cast<unsigned char>(zcut[i + 3]) & 0xC0) != 0x80);
                break;
            }
        CHECK(elide_middle(name, 1.0f) == "...");
    });
}
