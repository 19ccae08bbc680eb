// The Session with a Python program: a real child process (the threadlab
// binary) runs files of tests/python/programs, and the views' reductions
// fill from its log as the GUI's frame loop polls. No window is needed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include "gui/session.hpp"
#include "poll_until.hpp"
#include "lesson_list/lesson_list.hpp"

using namespace tl;
using namespace tl::gui;

namespace {

const std::string kPrograms = THREADLAB_PY_PROGRAMS;

using testing::poll_until;

bool finished(Session& s) { return s.status() == RunStatus::Finished && s.outcome() != nullptr; }

void open(Session& s, const std::string& program, Mode mode = Mode::Free) {
    s.set_child_program(THREADLAB_BINARY);
    s.config().mode = mode;
    s.open_file(kPrograms + "/" + program);
}

bool printed(const World& w, const std::string& text) {
    for (const auto& [tid, line] : w.output)
        if (line == text) return true;
    return false;
}

}  // namespace

TEST_CASE("session: a Python file runs in its child, and every view fills from its log") {
    for (Mode mode : {Mode::Free, Mode::Deterministic}) {
        Session s;
        open(s, "locked_counter.py", mode);
        CHECK(s.python());
        CHECK(s.can_pause() == (mode == Mode::Deterministic));  // over the run's control channel
        CHECK(s.status() == RunStatus::Idle);
        REQUIRE(s.python_lines().size() > 20);
        CHECK(s.python_lines()[5] == "lock = threading.Lock()");
        s.start();
        REQUIRE(poll_until(s, [&] { return finished(s); }));
        CHECK(s.timeline().lanes().size() == 4);  // MainThread and three workers
        CHECK(printed(s.world(), "counter 300"));
        CHECK(s.outcome()->exit_status == 0);
        CHECK(s.error_line() == 0);
        CHECK(s.deadlock_text().empty());
        CHECK(s.run_config().mode == mode);
        CHECK(s.now() == s.timeline().end_time());
    }
}

TEST_CASE("session: a deterministic Python run starts paused with Step, steps, and runs on with Run") {
    Session s;
    open(s, "locked_counter.py", Mode::Deterministic);
    s.set_speed(20);
    s.step();  // Idle: starts paused, before the program's first step
    CHECK(s.status() == RunStatus::Paused);
    s.step();
    s.step();
    CHECK(s.status() == RunStatus::Paused);
    s.toggle_run();  // Paused: runs on (it would never finish if the child stayed paused)
    CHECK(s.status() == RunStatus::Running);
    REQUIRE(poll_until(s, [&] { return finished(s); }));
    CHECK(printed(s.world(), "counter 300"));
    s.toggle_run();  // a fresh run; Run on a running one pauses it
    s.toggle_run();
    CHECK(s.status() == RunStatus::Paused);
    s.stop();
}

TEST_CASE("session: the manual policy offers a Python program's threads and runs the one picked") {
    Session s;
    open(s, "unfair_lock.py", Mode::Deterministic);
    s.config().policy = Policy::Manual;
    s.set_speed(20);
    s.start();
    // Always pick the lowest thread offered: the run must reach its end
    // through the picks alone (the policy never picks by itself).
    int picks = 0;
    REQUIRE(poll_until(s, [&] {
        const std::vector<uint32_t> c = s.choices();
        if (!c.empty()) {
            CHECK(c.size() >= 2);  // nobody asks when only one can run
            s.pick(*std::min_element(c.begin(), c.end()));
            ++picks;
        }
        return finished(s);
    }));
    CHECK(picks > 0);
    CHECK(s.outcome()->exit_status == 0);
    CHECK(s.choices().empty());
}

TEST_CASE("session: Stop kills a program that never ends; Run again starts clean") {
    Session s;
    open(s, "forever.py");
    s.start();
    REQUIRE(poll_until(s, [&] { return printed(s.world(), "started"); }));
    CHECK(s.status() == RunStatus::Running);
    s.toggle_run();  // Running: a Python program stops (it cannot pause)
    REQUIRE(poll_until(s, [&] { return finished(s); }));
    CHECK(s.outcome()->stopped);
    CHECK(s.world().stopped);
    s.step();  // not for Python programs: nothing happens
    CHECK(s.status() == RunStatus::Finished);

    s.toggle_run();  // Finished: a fresh run
    CHECK(s.status() == RunStatus::Running);
    CHECK(s.outcome() == nullptr);
    CHECK_FALSE(printed(s.world(), "started"));
    REQUIRE(poll_until(s, [&] { return printed(s.world(), "started"); }));
    s.reset();  // kills it and starts again
    CHECK(s.status() == RunStatus::Running);
    CHECK(s.world().output.empty());
    s.stop();
    CHECK_FALSE(s.has_run());
}

TEST_CASE("session: a SyntaxError and an uncaught exception come with their lines") {
    Session s;
    open(s, "syntax_error.py");
    s.start();
    REQUIRE(poll_until(s, [&] { return finished(s); }));
    CHECK_FALSE(s.outcome()->program.compiled);
    CHECK(s.error_line() == 3);

    open(s, "failures.py");
    s.start();
    REQUIRE(poll_until(s, [&] { return finished(s); }));
    CHECK(s.outcome()->program.main_raised);
    CHECK(s.error_line() == 14);
    CHECK(s.outcome()->program.error == "ValueError: main fails here");
    bool traceback_on_stderr = false;
    for (size_t i = 0; i < s.world().output.size(); ++i)
        if (s.world().output[i].second.rfind("Traceback", 0) == 0) traceback_on_stderr = s.index().printed_to_stderr(i);
    CHECK(traceback_on_stderr);
}

TEST_CASE("session: a deadlocked program is shown as it stood at the deadlock") {
    for (Mode mode : {Mode::Free, Mode::Deterministic}) {
        Session s;
        open(s, "deadlock.py", mode);
        s.start();
        REQUIRE(poll_until(s, [&] { return finished(s); }));
        CHECK_FALSE(s.deadlock_text().empty());
        // After the deadlock the threads were ended and the locks let go;
        // the panes show the cycle: each lock held, each thread blocked on the other's.
        const World& shown = s.shown_world();
        int held = 0, blocked = 0;
        for (const ObjectView& o : shown.objects)
            if (o.kind == ObjKind::Lock && !o.internal && o.owner != kNone && !o.waiters.empty()) ++held;
        for (const ThreadView& t : shown.threads)
            if (t.state == ThreadState::Blocked && t.line > 0) ++blocked;
        CHECK(held == 2);
        CHECK(blocked == 2);
    }
}

TEST_CASE("session: a lesson after a Python file, and back") {
    Session s;
    open(s, "locked_counter.py");
    s.select_lesson(*find_lesson_folder("gil-contention"));
    CHECK(s.python());
    CHECK(s.can_pause() == (s.config().mode == Mode::Deterministic));
    CHECK(s.file() == kPrograms + "/locked_counter.py");  // still offered
    s.open_file(s.file());
    CHECK(s.python());
    CHECK(s.lesson() == nullptr);
    s.config().policy = Policy::Manual;
    s.open_file(s.file());
    CHECK(s.config().policy == Policy::Manual);  // Python programs take the manual policy too

    // A lesson folder is a Python selection too; the file stays offered beside it.
    const catalog::Lesson* lesson = find_lesson_folder("producer-consumer");
    REQUIRE(lesson != nullptr);
    s.config().policy = Policy::Manual;
    s.select_lesson(*lesson);
    CHECK(s.python());
    CHECK(s.config().policy == Policy::Manual);
    CHECK(s.edited_text() == lesson->program);
    s.open_file(s.file());
    CHECK(s.lesson() == nullptr);
    CHECK(s.edited_text().find("counter") != std::string::npos);  // the file's text again
}
