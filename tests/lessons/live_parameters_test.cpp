// A live parameter of a lesson (lesson.json "live"): while the program runs
// (in either mode), a change calls the program's own function from a "teacher"
// thread, and the lesson's checks still hold for the run that resulted.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "catalog/lesson.hpp"
#include "runner/lesson_checks.hpp"
#include "runner/python_run.hpp"
#include "threadlab/reduce.hpp"

using namespace tl;

namespace {

size_t count_ops(const EventLog& log, Op op) {
    size_t n = 0;
    for (size_t i = 0; i < log.size(); ++i)
        if (log[i].kind == EvKind::OpDone && log[i].code == static_cast<uint8_t>(op)) ++n;
    return n;
}

// A bound, not a synchronisation: the test fails instead of hanging.
template <class F>
bool within(double seconds, F&& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

// A run of the lesson's program with `values`, as the front ends start one.
runner::PythonRunOptions options_for(const catalog::Lesson& lesson, const catalog::Values& values, Mode mode) {
    runner::PythonRunOptions o;
    o.path = lesson.program_path();
    o.source = catalog::program_with(lesson, values);
    o.config.mode = mode;
    o.config.gil = GilMode::Off;  // CPython's own
    o.child_program = THREADLAB_BINARY;
    return o;
}

// The lesson's checks.py over the run that resulted: `rows` checks, all passed.
void require_checks_pass(const catalog::Lesson& lesson, const catalog::Values& values, runner::PythonRun& run,
                         const RunConfig& config, size_t rows) {
    runner::ChecksInput in;
    in.lesson_id = lesson.id;
    in.checks_path = lesson.checks_path();
    in.checks_source = lesson.checks;
    for (const catalog::LessonParam& p : lesson.params) in.params.push_back({p.name, catalog::format_value(p, values.at(p.name))});
    in.log = &run.log();
    in.outcome = run.outcome();
    in.config = config;
    const runner::ChecksResult checks = runner::run_checks(in, 10, THREADLAB_BINARY);
    INFO(checks.error);
    REQUIRE(checks.rows.size() == rows);
    for (const runner::CheckRow& r : checks.rows) {
        INFO(r.name << ": " << r.detail);
        CHECK(r.passed);
    }
}

}  // namespace

TEST_CASE("live parameters: the teacher starts and retires consumers while producer-consumer runs",
          "[lessons][live]") {
    const catalog::Lesson lesson = catalog::load_lesson(std::string(THREADLAB_SOURCE_DIR) + "/lessons/producer-consumer");
    const catalog::LessonParam* consumers = nullptr;
    for (const catalog::LessonParam& p : lesson.params)
        if (p.name == "consumers") consumers = &p;
    REQUIRE(consumers);
    REQUIRE(consumers->live == "set_consumers");
    const catalog::Values values = catalog::parse_settings(lesson, {"items=40", "produce_s=0.01", "consume_s=0.05"});
    runner::PythonRunOptions o = options_for(lesson, values, Mode::Free);
    runner::PythonRun run(o);
    // Once a few items are in, four consumers; a little later, two.
    REQUIRE(within(30, [&] { return count_ops(run.log(), Op::Put) >= 5 || run.finished(); }));
    CHECK(run.call_live("set_consumers", "4", "teacher: consumers 1 -> 4"));
    REQUIRE(within(30, [&] { return count_ops(run.log(), Op::Get) >= 12 || run.finished(); }));
    CHECK(run.call_live("set_consumers", "2", "teacher: consumers 4 -> 2"));
    REQUIRE(within(60, [&] { return run.finished(); }));
    run.wait();
    const runner::PythonOutcome outcome = run.outcome();
    CHECK(outcome.exit_status == 0);

    const World w = world_at(run.log());
    size_t consumer_threads = 0, teachers = 0;
    for (const ThreadView& t : w.threads) {
        const std::string name = run.log().thread(t.tid).name;
        consumer_threads += name.rfind("consumer-", 0) == 0;
        teachers += name == "teacher";
        CHECK(t.state == ThreadState::Done);
    }
    // The run may have been over before a change arrived on a slow machine:
    // what happened must match what the teacher threads did.
    CHECK(teachers >= 1);
    CHECK(consumer_threads == (teachers >= 1 ? 4u : 1u));

    require_checks_pass(lesson, values, run, o.config, 3);
}

TEST_CASE("live parameters: the teacher raises thread-pool-futures' worker limit in a deterministic run, and its checks hold",
          "[lessons][live]") {
    const catalog::Lesson lesson =
        catalog::load_lesson(std::string(THREADLAB_SOURCE_DIR) + "/lessons/thread-pool-futures");
    const catalog::LessonParam* workers = nullptr;
    for (const catalog::LessonParam& p : lesson.params)
        if (p.name == "max_workers") workers = &p;
    REQUIRE(workers);
    REQUIRE(workers->live == "set_workers");
    const catalog::Values values = catalog::parse_settings(lesson, {});
    runner::PythonRunOptions o = options_for(lesson, values, Mode::Deterministic);
    // Paced, as the GUI runs it (virtual time no faster than real time), so
    // that the change comes while it runs: once the serial pattern is over.
    o.config.paced = true;
    runner::PythonRun run(o);
    auto printed = [&](const std::string& head) {
        for (size_t i = 0; i < run.log().size(); ++i)
            if (run.log()[i].kind == EvKind::Print &&
                run.log().str(static_cast<uint32_t>(run.log()[i].value)).rfind(head, 0) == 0)
                return true;
        return false;
    };
    REQUIRE(within(30, [&] { return printed("serial:") || run.finished(); }));
    CHECK(run.call_live("set_workers", "6", "teacher: max_workers 3 -> 6"));
    REQUIRE(within(60, [&] { return run.finished(); }));
    run.wait();
    const runner::PythonOutcome outcome = run.outcome();
    CHECK(outcome.exit_status == 0);
    const World w = world_at(run.log());
    size_t pool_threads = 0, teachers = 0;
    for (const ThreadView& t : w.threads) {
        const std::string name = run.log().thread(t.tid).name;
        pool_threads += name.rfind("ThreadPoolExecutor-", 0) == 0;
        teachers += name == "teacher";
    }
    CHECK(teachers == 1);
    // More than the 3 it started with, up to the new limit: a pool starts a
    // worker only in submit() when none is idle, so how many depends on when
    // the change came.
    CHECK(pool_threads > 3);
    CHECK(pool_threads <= 6);

    require_checks_pass(lesson, values, run, o.config, 6);
}

// --change scripts a teacher's slider: the same changes at the same moments
// of virtual time give the same log, and connection-pool's pool really
// grows and shrinks: at every event, the clients and the teacher holding a
// connection plus the free ones make the pool's size then.
TEST_CASE("live parameters: scripted changes open and close connection-pool's connections, the same way every run",
          "[lessons][live]") {
    const catalog::Lesson lesson = catalog::load_lesson(std::string(THREADLAB_SOURCE_DIR) + "/lessons/connection-pool");
    const catalog::Values values = catalog::parse_settings(lesson, {"clients=16", "hold_s=0.6"});
    runner::PythonRunOptions o = options_for(lesson, values, Mode::Deterministic);
    o.changes = catalog::parse_changes(lesson, values, {"connections=2@1.5", "connections=5@0.5"});  // any order
    REQUIRE(o.changes.size() == 2);
    CHECK(o.changes[0].label == "teacher: connections 3 -> 5");
    CHECK(o.changes[1].label == "teacher: connections 5 -> 2");

    auto run_once = [&](std::vector<std::string>& lines) {
        runner::PythonRun run(o);
        run.wait();
        CHECK(run.outcome().exit_status == 0);
        lines.clear();
        for (size_t i = 0; i < run.log().size(); ++i) {
            const LogEvent& e = run.log()[i];
            lines.push_back(std::to_string(e.t) + " " + std::string(to_string(e.kind)) + " " + std::to_string(e.code) +
                            " " + std::to_string(e.thread) + " " + std::to_string(e.object) + " " + std::to_string(e.value));
        }
        return run.log().size();
    };
    std::vector<std::string> first, second;
    run_once(first);
    run_once(second);
    CHECK(first == second);

    runner::PythonRun run(o);
    run.wait();
    const EventLog& log = run.log();
    uint32_t pool = kNone;
    std::vector<int64_t> sizes;
    World w;
    size_t resizes = 0;
    for (size_t i = 0; i < log.size(); ++i) {
        const LogEvent& e = log[i];
        w.apply(log, e);
        if (e.kind == EvKind::ObjNew && static_cast<ObjKind>(e.code) == ObjKind::BoundedSemaphore) pool = e.object;
        if (pool == kNone || e.object != pool || e.kind != EvKind::OpDone) continue;
        const ObjectView& p = w.objects[pool];
        INFO("event " << i << ": holders " << p.holders.size() << ", value " << p.value << ", size " << p.initial);
        const int64_t units = int64_t(p.holders.size()) + p.value;
        if (static_cast<Op>(e.code) != Op::Resize) {
            CHECK(units == p.initial);
        } else {
            // Growing, the bound rises first and the new unit is released
            // into it next (BoundedSemaphore refuses it otherwise).
            CHECK((units == p.initial || units == p.initial - 1));
            ++resizes;
            CHECK(log.thread(e.thread).name == "teacher");
        }
        if (sizes.empty() || sizes.back() != p.initial) sizes.push_back(p.initial);
    }
    REQUIRE(pool != kNone);
    CHECK(resizes == 5);  // up 2, down 3
    CHECK(sizes == std::vector<int64_t>{3, 4, 5, 4, 3, 2});
    require_checks_pass(lesson, values, run, o.config, 3);
}

// A change scripted for the run's first moment, in free mode, comes before
// the program has defined its function: it waits for it instead of failing
// with a NameError (as deterministic mode's changes always did).
TEST_CASE("live parameters: a change at 0 s in free mode waits for the program's function", "[lessons][live]") {
    const catalog::Lesson lesson = catalog::load_lesson(std::string(THREADLAB_SOURCE_DIR) + "/lessons/producer-consumer");
    const catalog::Values values = catalog::parse_settings(lesson, {"items=6", "produce_s=0.01", "consume_s=0.01"});
    runner::PythonRunOptions o = options_for(lesson, values, Mode::Free);
    o.changes = catalog::parse_changes(lesson, values, {"consumers=3@0"});
    runner::PythonRun run(o);
    run.wait();
    CHECK(run.outcome().exit_status == 0);
    const World w = world_at(run.log());
    bool announced = false, name_error = false;
    for (const auto& [tid, text] : w.output) {
        announced = announced || text == "teacher: consumers 1 -> 3";
        name_error = name_error || text.find("NameError") != std::string::npos;
    }
    CHECK(announced);
    CHECK_FALSE(name_error);
}
