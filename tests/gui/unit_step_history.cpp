// The manual policy's history of turns: who got to run, at which line.
#include <catch2/catch.hpp>

#include "gui/step_history.hpp"
#include "log_builder.hpp"

using namespace tl;
using namespace tl::gui;
using tl::gui::testing::LogBuilder;

TEST_CASE("step history: each turn once, in order, with its line; the latest last") {
    LogBuilder b;
    const uint32_t t1 = b.thread("T1"), t2 = b.thread("T2");
    auto run = [&](uint32_t tid, uint16_t line) {
        LogEvent e;
        e.kind = EvKind::State;
        e.thread = tid;
        e.code = static_cast<uint8_t>(ThreadState::Running);
        e.line = line;
        b.log.append(e);
    };
    run(t1, 14);
    b.state(t1, ThreadState::Blocked);
    run(t1, 14);  // back from its own wait with nobody in between: the same turn
    run(t2, 14);
    b.state(t2, ThreadState::Ready);
    run(t1, 15);
    const std::vector<Turn> all = turns(b.log);
    REQUIRE(all.size() == 3);
    CHECK(all[0].tid == t1);
    CHECK(all[1].tid == t2);
    CHECK(all[2].line == 15);
    auto label = [&](uint32_t tid) { return tid == t1 ? std::string("T1") : std::string("T2"); };
    CHECK(turns_text(all, 8, label) == "T1 14 \xE2\x86\x92 T2 14 \xE2\x86\x92 T1 15");
    CHECK(turns_text(all, 2, label) == "\xE2\x80\xA6 T2 14 \xE2\x86\x92 T1 15");  // the older ones folded away
    CHECK(turns(b.log, 3).size() == 1);  // up to the first turn (after the two threads were made)
    CHECK(turns(b.log, 2).empty());
}
