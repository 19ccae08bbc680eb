// A lesson's checks.py over a run's log, in a process of its own: verdicts,
// names in both languages, items as reprs, and every way a check can go
// wrong reported instead of hanging or crashing the caller.
#include <catch2/catch.hpp>

#include "runner/lesson_checks.hpp"
#include "threadlab/event_log.hpp"

using namespace tl;

namespace {

// A small run: MainThread puts 'a' and 'b' into q (a Queue whose items are
// reprs) and gets 'a' back, prints a line, and ends.
struct SmallRun {
    EventLog log;
    SmallRun() {
        const uint32_t main = log.add_thread({"MainThread", kNone, false, 0});
        const uint32_t q = log.add_object({"q", ObjKind::Queue, 2, kNone, false});
        const uint32_t part = log.add_object({"q.not_empty", ObjKind::Condition, 0, q, true});
        (void)part;
        LogEvent e;
        e.kind = EvKind::State;
        e.thread = main;
        e.code = static_cast<uint8_t>(ThreadState::Running);
        log.append(e);
        LogEvent made;
        made.kind = EvKind::ObjNew;
        made.object = q;
        made.code = static_cast<uint8_t>(ObjKind::Queue);
        made.value = 2;
        made.aux = 1;  // its items are reprs
        log.append(made);
        const std::pair<Op, const char*> ops[] = {{Op::Put, "'a'"}, {Op::Put, "'b'"}, {Op::Get, "'a'"}};
        int64_t size = 0;
        for (const auto& [op, item] : ops) {
            LogEvent o;
            o.t += 1000000;
            o.kind = EvKind::OpDone;
            o.thread = main;
            o.object = q;
            o.code = static_cast<uint8_t>(op);
            o.value = op == Op::Put ? ++size : --size;
            o.aux = log.intern(item);
            o.line = 4;
            log.append(o);
        }
        LogEvent p;
        p.kind = EvKind::Print;
        p.thread = main;
        p.value = log.intern("done");
        p.ok = 1;
        log.append(p);
        e.t = 5000000;
        e.code = static_cast<uint8_t>(ThreadState::Done);
        log.append(e);
        LogEvent end;
        end.t = 5000000;
        end.kind = EvKind::RunEnd;
        end.ok = 1;
        log.append(end);
    }
};

runner::ChecksResult check(const std::string& source, double timeout = 10) {
    static SmallRun run;
    runner::ChecksInput in;
    in.lesson_id = "demo";
    in.checks_path = "lessons/demo/checks.py";
    in.checks_source = source;
    in.params = {{"capacity", "2"}, {"loud", "True"}};
    in.log = &run.log;
    return runner::run_checks(in, timeout, THREADLAB_BINARY);
}

}  // namespace

TEST_CASE("lesson checks: verdicts and details come back in order, with both names", "[checks]") {
    const auto r = check(R"(
from threadlab import check, not_shown

@check("the queue held its items", "队列里有货")
def items(run):
    q = run.object("q")
    return [op.item for op in q.ops("put")] == ["'a'", "'b'"], f"most {q.most} of {q.initial}"

@check("a failing one")
def fails(run):
    return False

@check("params are typed")
def typed(run):
    return run.params == {"capacity": 2, "loud": True}, repr(run.params)

@check("not shown")
def unshown(run):
    not_shown("too short to tell")

@check("threads and output")
def threads(run):
    t = run.thread("MainThread")
    return t.state == "done" and run.output == ["done"] and run.finished and not run.deadlock, t.state

@check("asserts fail with their message")
def asserting(run):
    assert len(run.listed_objects()) == 5, f"{len(run.listed_objects())} listed"
    return True
)");
    INFO(r.error);
    REQUIRE(r.error.empty());
    REQUIRE(r.rows.size() == 6);
    CHECK(r.rows[0].name == "the queue held its items");
    CHECK(r.rows[0].name_zh == "队列里有货");
    CHECK(r.rows[0].passed);
    CHECK(r.rows[0].detail == "most 2 of 2");
    CHECK_FALSE(r.rows[1].passed);
    CHECK(r.rows[1].name_zh == "a failing one");
    CHECK(r.rows[2].passed);
    CHECK_FALSE(r.rows[3].passed);
    CHECK(r.rows[3].not_shown);
    CHECK(r.rows[3].detail == "too short to tell");
    CHECK(r.rows[4].passed);
    CHECK_FALSE(r.rows[5].passed);
    CHECK(r.rows[5].detail == "1 listed");  // the Queue's part is not listed
}

TEST_CASE("lesson checks: a mistake in checks.py is reported with its line", "[checks]") {
    const auto syntax = check("from threadlab import check\n\n@check('x')\ndef x(run)\n    return True\n");
    CHECK(syntax.rows.empty());
    CHECK(syntax.error.find("lessons/demo/checks.py line 4: SyntaxError") != std::string::npos);

    const auto at_import = check("from threadlab import check\nimport no_such_module\n");
    CHECK(at_import.error.find("line 2: ModuleNotFoundError") != std::string::npos);

    const auto raising = check("from threadlab import check\n\n@check('x')\ndef x(run):\n    return run.object('nope')\n");
    REQUIRE(raising.rows.size() == 1);
    CHECK_FALSE(raising.rows[0].passed);
    CHECK(raising.rows[0].detail.find("the check itself failed: KeyError") != std::string::npos);
    CHECK(raising.rows[0].detail.find("objects: q") != std::string::npos);
    CHECK(raising.rows[0].detail.find("checks.py line 5") != std::string::npos);

    const auto wrong_type = check("from threadlab import check\n\n@check('x')\ndef x(run):\n    return 1\n");
    REQUIRE(wrong_type.rows.size() == 1);
    CHECK(wrong_type.rows[0].detail.find("must return True/False") != std::string::npos);
}

TEST_CASE("lesson checks: a check that never ends, or kills its process, cannot hang the caller", "[checks]") {
    const auto forever = check("from threadlab import check\n\n@check('x')\ndef x(run):\n    while True: pass\n", 1);
    CHECK(forever.rows.empty());
    CHECK(forever.error.find("did not finish within 1 s") != std::string::npos);

    const auto crash = check("import os\nos.kill(os.getpid(), 9)\n");
    CHECK(crash.rows.empty());
    CHECK(crash.error.find("gave no verdicts") != std::string::npos);

    const auto exits = check("import sys\nsys.exit(3)\n");
    CHECK(exits.error.find("SystemExit") != std::string::npos);
}

TEST_CASE("lesson checks: @answer says which predicted answer the run showed", "[checks]") {
    const auto shown = check("from threadlab import answer\n\n@answer\ndef a(run):\n    return 1 if run.output == ['done'] else 0\n");
    CHECK(shown.error.empty());
    CHECK(shown.answer == 1);
    const auto cannot = check("from threadlab import answer, not_shown\n\n@answer\ndef a(run):\n    not_shown('too short')\n");
    CHECK(cannot.answer == -1);
    CHECK(cannot.answer_detail == "too short");
    const auto wrong = check("from threadlab import answer\n\n@answer\ndef a(run):\n    return 'b'\n");
    CHECK(wrong.answer == -1);
    CHECK(wrong.answer_detail.find("must return an int or None") != std::string::npos);
    const auto none = check("from threadlab import check\n");
    CHECK(none.answer == -1);
    CHECK(none.answer_detail.empty());
}

TEST_CASE("lesson checks: say() gives a detail in both languages, a plain string stays the same in both", "[checks]") {
    const auto r = check(R"(
from threadlab import check, not_shown, say

@check("bilingual", "双语")
def bilingual(run):
    q = run.object("q")
    return True, say(f"most {q.most} of {q.initial}", f"最多 {q.most} 件，共 {q.initial} 个位置")

@check("plain")
def plain(run):
    return False, "an old lesson's detail"

@check("not shown in both")
def unshown(run):
    not_shown(say("too short to tell", "太短，看不出来"))

@check("assert in both")
def asserting(run):
    assert run.output == ["never"], say(f"printed {run.output}", f"打印了 {run.output}")
    return True

@check("say without Chinese")
def half(run):
    return True, say("English only")

@check("no detail")
def bare(run):
    return True
)");
    INFO(r.error);
    REQUIRE(r.error.empty());
    REQUIRE(r.rows.size() == 6);
    CHECK(r.rows[0].passed);
    CHECK(r.rows[0].detail == "most 2 of 2");
    CHECK(r.rows[0].detail_zh == "最多 2 件，共 2 个位置");
    CHECK(r.rows[0].detail_in(true) == "最多 2 件，共 2 个位置");
    CHECK(r.rows[0].detail_in(false) == "most 2 of 2");
    CHECK_FALSE(r.rows[1].passed);
    CHECK(r.rows[1].detail == "an old lesson's detail");
    CHECK(r.rows[1].detail_zh == "an old lesson's detail");
    CHECK(r.rows[2].not_shown);
    CHECK(r.rows[2].detail == "too short to tell");
    CHECK(r.rows[2].detail_zh == "太短，看不出来");
    CHECK_FALSE(r.rows[3].passed);
    CHECK_FALSE(r.rows[3].not_shown);
    CHECK(r.rows[3].detail == "printed ['done']");
    CHECK(r.rows[3].detail_zh == "打印了 ['done']");
    CHECK(r.rows[4].detail == "English only");
    CHECK(r.rows[4].detail_zh == "English only");
    CHECK(r.rows[5].detail.empty());
    CHECK(r.rows[5].detail_zh.empty());
}

TEST_CASE("lesson checks: the machinery's own messages and @answer's detail come in both languages", "[checks]") {
    const auto raising = check("from threadlab import check\n\n@check('x')\ndef x(run):\n    return run.object('nope')\n");
    REQUIRE(raising.rows.size() == 1);
    CHECK(raising.rows[0].detail.find("the check itself failed: KeyError") != std::string::npos);
    CHECK(raising.rows[0].detail_zh.find("检查本身出错：KeyError") != std::string::npos);
    CHECK(raising.rows[0].detail_zh.find("checks.py 第 5 行") != std::string::npos);

    const auto syntax = check("from threadlab import check\n\n@check('x')\ndef x(run)\n    return True\n");
    CHECK(syntax.error_zh.find("lessons/demo/checks.py 第 4 行：SyntaxError") != std::string::npos);
    const auto crash = check("import os\nos.kill(os.getpid(), 9)\n");
    CHECK(crash.error_zh.find("检查进程没有给出结论") != std::string::npos);

    const auto cannot = check(
        "from threadlab import answer, not_shown, say\n\n@answer\ndef a(run):\n    not_shown(say('too short', '太短'))\n");
    CHECK(cannot.answer == -1);
    CHECK(cannot.answer_detail == "too short");
    CHECK(cannot.answer_detail_zh == "太短");
    const auto plain = check("from threadlab import answer, not_shown\n\n@answer\ndef a(run):\n    not_shown('too short')\n");
    CHECK(plain.answer_detail_zh == "too short");
    const auto failing = check("from threadlab import answer\n\n@answer\ndef a(run):\n    return run.object('nope')\n");
    CHECK(failing.answer_detail.find("the answer function failed: KeyError") != std::string::npos);
    CHECK(failing.answer_detail_zh.find("@answer 出错：KeyError") != std::string::npos);
    const auto wrong = check("from threadlab import answer\n\n@answer\ndef a(run):\n    return 'b'\n");
    CHECK(wrong.answer_detail_zh.find("@answer 返回了 str；它必须返回 int 或 None") != std::string::npos);
}
