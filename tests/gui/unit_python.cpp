// What the views show of a Python program's log, built by hand the way the
// bridge records it: parts that are never listed, Queue items and Future
// results that are texts, tracebacks on stderr, an executor whose workers
// are not named after it, and the error line of the code pane.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "gui/code_view.hpp"
#include "gui/fonts.hpp"
#include "gui/futures_view.hpp"
#include "gui/output_view.hpp"
#include "gui/pool_model.hpp"
#include "gui/trace_index.hpp"
#include "headless.hpp"
#include "log_builder.hpp"

using namespace tl;
using namespace tl::gui;

namespace {

// A hand-built log of a Python program: LogBuilder's threads and operations
// at t = 0, objects that may be parts of others, lines on the states.
struct PyLog : tl::gui::testing::LogBuilder {
    // `part_of`: made by another object's constructor (internal); `texts`: its values are string ids.
    uint32_t object(const std::string& name, ObjKind kind, int64_t initial = 0, uint32_t part_of = kNone,
                    bool texts = false) {
        ObjectInfo info{name, kind, initial};
        info.part_of = part_of;
        info.internal = part_of != kNone;
        const uint32_t id = log.add_object(info);
        LogEvent e;
        e.kind = EvKind::ObjNew;
        e.object = id;
        e.code = static_cast<uint8_t>(kind);
        e.value = initial;
        e.ok = !info.internal;
        e.other = part_of;
        e.aux = texts ? 1 : 0;
        log.append(e);
        return id;
    }
    void print(uint32_t tid, const std::string& line, bool to_stderr) {
        LogEvent e;
        e.kind = EvKind::Print;
        e.thread = tid;
        e.value = log.intern(line);
        e.ok = !to_stderr;
        log.append(e);
    }
    void state(uint32_t tid, ThreadState s, uint16_t line, uint32_t object = kNone) {
        LogEvent e;
        e.kind = EvKind::State;
        e.thread = tid;
        e.code = static_cast<uint8_t>(s);
        e.object = object;
        e.line = line;
        log.append(e);
    }
};

}  // namespace

TEST_CASE("python: a Queue's parts are never listed, the Queue is, with its items as text") {
    PyLog p;
    const uint32_t main = p.thread("MainThread");
    const uint32_t q = p.object("q", ObjKind::Queue, 2, kNone, true);
    const uint32_t mutex = p.object("q.mutex", ObjKind::Lock, 0, q);
    const uint32_t not_empty = p.object("q.not_empty", ObjKind::Condition, 0, q);
    const uint32_t apple = p.log.intern("'apple'");
    p.op(main, q, Op::Put, 1, apple);
    World world = world_at(p.log);
    TraceIndex index;
    index.update(p.log);

    const PoolModel model = build_pool_model(world, index);
    CHECK_FALSE(model.hidden[q]);
    CHECK(model.hidden[mutex]);
    CHECK(model.hidden[not_empty]);

    REQUIRE(world.objects[q].items.size() == 1);
    CHECK(index.value_text(q, world.objects[q].items[0]) == "'apple'");
    const std::vector<OpMarker>& marks = index.markers(main);
    REQUIRE(marks.size() == 1);
    CHECK(index.describe(marks[0]) == "q.put('apple')");

    p.op(main, q, Op::Get, 0, apple);
    index.update(p.log);
    CHECK(index.describe(index.markers(main)[1]) == "q.get() -> 'apple'");
}

TEST_CASE("python: a scenario's queue items stay numbers") {
    PyLog p;
    const uint32_t main = p.thread("MainThread");
    const uint32_t q = p.object("q", ObjKind::Queue, 2);
    p.op(main, q, Op::Put, 1, 7);
    TraceIndex index;
    index.update(p.log);
    CHECK(index.value_text(q, 7) == "7");
    CHECK(index.describe(index.markers(main)[0]) == "q.put(7)");
}

TEST_CASE("python: a Future's result is text, and its executor's workers are the threads that ran its futures") {
    PyLog p;
    const uint32_t main = p.thread("MainThread");
    const uint32_t worker = p.thread("ThreadPoolExecutor-0_0");
    const uint32_t ex = p.object("ex", ObjKind::Executor, 1);
    const uint32_t work_queue = p.object("ex._work_queue", ObjKind::Queue, 0, ex);
    const uint32_t f = p.object("f", ObjKind::Future, 0, kNone, true);
    p.op(main, f, Op::Pending);
    p.op(main, ex, Op::Submit, 0, f);
    p.op(worker, f, Op::Running);
    p.op(worker, f, Op::Finished, p.log.intern("1024"));
    const World world = world_at(p.log);
    TraceIndex index;
    index.update(p.log);

    const ObjectView& future = world.objects[f];
    CHECK(future.values_are_text);
    CHECK(index.text(future.result) == "1024");

    const PoolModel model = build_pool_model(world, index);
    REQUIRE(model.pools.size() == 1);
    REQUIRE(model.pools[0].workers.size() == 1);
    CHECK(model.pools[0].workers[0].tid == worker);
    CHECK(model.hidden[work_queue]);
    CHECK(model.hidden[f]);  // on the futures board
    CHECK(build_future_board(world, index).total == 1);
}

TEST_CASE("python: a traceback's lines are known to be stderr, print()'s are not") {
    PyLog p;
    const uint32_t main = p.thread("MainThread");
    p.print(main, "main goes on", false);
    p.print(main, "Traceback (most recent call last):", true);
    p.print(main, "ValueError: main fails here", true);
    const World world = world_at(p.log);
    TraceIndex index;
    index.update(p.log);
    REQUIRE(world.output.size() == 3);
    CHECK_FALSE(index.printed_to_stderr(0));
    CHECK(index.printed_to_stderr(1));
    CHECK(index.printed_to_stderr(2));
    CHECK_FALSE(index.printed_to_stderr(3));  // no such line
}

TEST_CASE("python: the code pane, the output pane and the board draw a program's run and its end") {
    testing::Headless ui;
    PyLog p;
    const uint32_t main = p.thread("MainThread");
    const uint32_t lock = p.object("lock", ObjKind::Lock);
    p.state(main, ThreadState::Blocked, 2, lock);
    p.print(main, "ValueError: boom", true);
    const World world = world_at(p.log);
    TraceIndex index;
    index.update(p.log);
    const std::vector<std::string> lines = {"import threading", "lock.acquire()", "raise ValueError('boom')"};
    runner::PythonOutcome outcome;
    outcome.completed = true;
    outcome.exit_status = 1;
    outcome.program.main_raised = true;
    outcome.program.error = "ValueError: boom";
    outcome.program.error_line = 3;
    UiState state;
    for (int frame = 0; frame < 2; ++frame) {
        ui.frame([&] {
            draw_code(lines, world, index, true, CodeError{3, outcome.program.error});
            draw_code(lines, world, index, false, CodeError{99, "out of range"});  // ignored, no crash
            draw_output(world, index, state, ProgramStatus{true, &outcome, "", false});
            draw_output(world, index, state, ProgramStatus{true, nullptr, "cannot read 'x.py'", false});
        });
    }
    CHECK(line_label(14).find("14") != std::string::npos);
    CHECK(ImGui::GetDrawData()->TotalVtxCount > 0);
}
