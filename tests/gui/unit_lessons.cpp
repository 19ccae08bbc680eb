// Lesson folders in the window: selecting one is a Python selection whose
// text is its program with the sliders' values written in, a slider
// rewrites its constant in the listing, and a run that ended on its own is
// judged by the lesson's checks.py on a thread of its own. Runs and checks
// are waited for with Session::wait(), never by sleeping.
#include <catch2/catch.hpp>
#include <imgui_internal.h>

#include <cstring>

#include <chrono>
#include <string>
#include <thread>

#include "gui/checks_view.hpp"
#include "gui/controls_view.hpp"
#include "gui/i18n.hpp"
#include "gui/colors.hpp"
#include "gui/fonts.hpp"
#include "gui/gui.hpp"
#include "gui/layout.hpp"
#include "gui/session.hpp"
#include "headless.hpp"
#include "lesson_list/lesson_list.hpp"

using namespace tl;
using namespace tl::gui;

namespace {

const catalog::Lesson& lesson(const std::string& id) {
    const catalog::Lesson* l = find_lesson_folder(id);
    if (!l) FAIL("no lesson folder " << id);
    return *l;
}

// The line of `text` that sets `constant` ("CONSUMERS = 1  # ..." gives "CONSUMERS = 1").
std::string constant_line(const std::string& text, const std::string& constant) {
    const size_t at = text.find("\n" + constant + " =");
    if (at == std::string::npos) return "<none>";
    std::string line = text.substr(at + 1, text.find('\n', at + 1) - at - 1);
    if (size_t hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line;
}

void use_child(Session& s, Mode mode) {
    s.set_child_program(THREADLAB_BINARY);
    s.config().mode = mode;
}

}  // namespace

TEST_CASE("lessons: the window lists the lesson folders") {
    const std::vector<const LessonEntry*>& list = all_lessons();
    REQUIRE_FALSE(list.empty());
    CHECK(find_lesson_folder(list.front()->id) != nullptr);
    bool producer_consumer = false, gil = false;
    for (const LessonEntry* s : list) {
        producer_consumer = producer_consumer || s->id == "producer-consumer";
        gil = gil || s->id == "gil-contention";
    }
    CHECK(producer_consumer);
    CHECK(gil);
    // Drawn (and clicked nowhere): no crash, in either language.
    testing::Headless ui;
    Session s;
    UiState state;
    for (const char* lang : {"en", "zh"}) {
        set_language(lang);
        ui.frame([&] { draw_lesson_browser(s, state); });
    }
    set_language("en");
}

TEST_CASE("lessons: selecting a lesson folder gives its program with the defaults, as a Python selection") {
    const catalog::Lesson& l = lesson("producer-consumer");
    Session s;
    s.select_lesson(l);
    CHECK(s.python());
    CHECK(s.lesson() == &l);
    CHECK(s.original_text() == l.program);
    CHECK(s.original_text() == catalog::program_with(l, catalog::default_values(l)));
    CHECK(s.edited_text() == l.program);
    CHECK(s.program_path() == l.program_path());
    CHECK(s.lesson_values() == catalog::default_values(l));
    CHECK(constant_line(s.edited_text(), "CONSUMERS") == "CONSUMERS = 1");
    CHECK(s.editable());
    CHECK_FALSE(s.unsaved());
    CHECK_FALSE(s.can_pause());
    CHECK(s.checks().state == CheckList::State::Waiting);  // it has a checks.py

    // Given values (`gui --set items=3`): written into the original.
    Session t;
    t.select_lesson(l, catalog::parse_settings(l, {"items=3"}));
    CHECK(constant_line(t.original_text(), "ITEMS") == "ITEMS = 3");
    CHECK(t.lesson_values().at("items") == 3);
}

TEST_CASE("lessons: a slider rewrites its constant in the listing, and Reset code keeps the sliders' values") {
    const catalog::Lesson& l = lesson("producer-consumer");
    Session s;
    s.select_lesson(l);
    const uint64_t generation = s.text_generation();
    s.set_lesson_value("consumers", 4);
    CHECK(constant_line(s.edited_text(), "CONSUMERS") == "CONSUMERS = 4");
    CHECK(s.text_generation() != generation);  // the editor shows the new text
    // Only that line changed: the line count and every other line are the program's.
    CHECK(std::count(s.edited_text().begin(), s.edited_text().end(), '\n') ==
          std::count(l.program.begin(), l.program.end(), '\n'));
    CHECK(s.edited_text() == catalog::program_with(l, {{"consumers", 4}}));
    CHECK_FALSE(s.text_changed());  // a slider is not an edit: Reset code has nothing to undo
    CHECK_FALSE(s.unsaved());

    s.set_lesson_value("produce_s", 0.05);
    CHECK(constant_line(s.edited_text(), "PRODUCE_S") == "PRODUCE_S = 0.05");

    // A student's own edit stays when another slider moves, and Reset code
    // brings back the program with the sliders' values.
    s.set_edited_text(s.edited_text() + "print('mine')\n");
    CHECK(s.text_changed());
    s.set_lesson_value("capacity", 2);
    CHECK(constant_line(s.edited_text(), "CAPACITY") == "CAPACITY = 2");
    CHECK(s.edited_text().find("print('mine')") != std::string::npos);
    s.revert_text();
    CHECK(s.edited_text() == catalog::program_with(l, s.lesson_values()));
    CHECK(constant_line(s.edited_text(), "CONSUMERS") == "CONSUMERS = 4");
    CHECK(s.edited_text().find("print('mine')") == std::string::npos);

    // The parameters tab draws the sliders in both languages.
    testing::Headless ui;
    for (const char* lang : {"en", "zh"}) {
        set_language(lang);
        ui.frame([&] { draw_params(s); });
    }
    set_language("en");
}

TEST_CASE("lessons: another selection and back keeps a lesson's edits and slider values") {
    const catalog::Lesson& pc = lesson("producer-consumer");
    Session s;
    s.select_lesson(pc);
    s.set_lesson_value("items", 7);
    s.set_edited_text(s.edited_text() + "# note\n");
    s.select_lesson(lesson("lock-ordering"));
    CHECK(s.edited_text() == lesson("lock-ordering").program);
    s.select_lesson(lesson("gil-contention"));
    s.select_lesson(pc);
    CHECK(s.lesson_values().at("items") == 7);
    CHECK(constant_line(s.edited_text(), "ITEMS") == "ITEMS = 7");
    CHECK(s.edited_text().find("# note") != std::string::npos);
}

TEST_CASE("lessons: a deterministic producer-consumer run ends with its three checks passed") {
    const catalog::Lesson& l = lesson("producer-consumer");
    Session s;
    use_child(s, Mode::Deterministic);
    s.select_lesson(l, catalog::parse_settings(l, {"items=3"}));
    s.start();
    CHECK(s.checks().state == CheckList::State::Waiting);
    s.wait();
    REQUIRE(s.status() == RunStatus::Finished);
    REQUIRE(s.outcome() != nullptr);
    CHECK(s.outcome()->exit_status == 0);
    CHECK(s.run_text() == s.edited_text());
    REQUIRE(s.checks().state == CheckList::State::Done);
    const std::vector<CheckRow>& rows = s.checks().rows;
    REQUIRE(rows.size() == 3);
    for (const CheckRow& r : rows) {
        INFO(r.name_en << ": " << r.detail);
        CHECK(r.passed);
        CHECK_FALSE(r.name_zh.empty());
    }
    CHECK(rows[0].name_en == "every item was consumed exactly once");
    CHECK(rows[0].name(true) == "每件货物恰好被消费一次");
    CHECK(rows[0].detail == "3 of 3 items put once and got once");
    // checks.py's say(): the Chinese detail reaches the panel's row beside the English.
    CHECK(rows[0].detail_in(true) == "3 件货物中有 3 件恰好放入一次、取出一次");
    CHECK(rows[0].detail_in(false) == "3 of 3 items put once and got once");
    CHECK(s.checks().passed() == 3);
    s.poll();  // nothing changes at later frames
    CHECK(s.checks().rows.size() == 3);
}

TEST_CASE("lessons: lock-ordering, seed 3, deterministic: a deadlock, and its checks") {
    const catalog::Lesson& l = lesson("lock-ordering");
    Session s;
    use_child(s, Mode::Deterministic);
    s.config().seed = 3;
    s.select_lesson(l);
    s.start();
    s.wait();
    REQUIRE(s.status() == RunStatus::Finished);
    CHECK_FALSE(s.deadlock_text().empty());
    REQUIRE(s.checks().state == CheckList::State::Done);
    CHECK(s.checks().rows.size() == 4);
    CHECK(s.checks().failed() == 0);
    CHECK(s.checks().passed() >= 1);  // the ring of tellers is shown
    CHECK(s.checks().not_shown() >= 1);
}

TEST_CASE("lessons: the value a run used is the one its text holds, typed or set by a slider") {
    const catalog::Lesson& l = lesson("producer-consumer");
    Session s;
    use_child(s, Mode::Deterministic);
    s.select_lesson(l, catalog::parse_settings(l, {"items=3"}));
    // The student types ITEMS = 2 in the code pane: the run, its checks and the slider say 2.
    std::string text = s.edited_text();
    text.replace(text.find("ITEMS = 3"), 9, "ITEMS = 2");
    s.set_edited_text(text);
    s.start();
    s.wait();
    CHECK(s.lesson_run_values().at("items") == 2);
    CHECK(s.lesson_values().at("items") == 2);
    CHECK_FALSE(s.params_pending());
    REQUIRE(s.checks().state == CheckList::State::Done);
    REQUIRE_FALSE(s.checks().rows.empty());
    CHECK(s.checks().rows[0].detail == "2 of 2 items put once and got once");
    // A slider moved after the run: pending until the next Run or Reset.
    s.set_lesson_value("items", 4);
    CHECK(s.params_pending());
}

TEST_CASE("lessons: a new run or a new selection while checks.py works discards its result safely") {
    const catalog::Lesson& l = lesson("producer-consumer");
    Session s;
    use_child(s, Mode::Deterministic);
    s.select_lesson(l, catalog::parse_settings(l, {"items=3"}));
    s.start();
    s.wait_run();
    REQUIRE(s.status() == RunStatus::Finished);
    CHECK((s.checks().state == CheckList::State::Checking || s.checks().state == CheckList::State::Done));
    // A new run at once: the first run (and the log its checks read) goes,
    // its verdicts never reach this run's list.
    s.set_lesson_value("items", 2);
    s.start();
    CHECK(s.checks().state == CheckList::State::Waiting);
    CHECK(s.checks().rows.empty());
    s.wait();
    REQUIRE(s.checks().state == CheckList::State::Done);
    REQUIRE(s.checks().rows.size() == 3);
    CHECK(s.checks().rows[0].detail == "2 of 2 items put once and got once");

    // A new selection while the checks work, then the session goes away.
    s.start();
    s.wait_run();
    s.select_lesson(lesson("gil-contention"));
    CHECK(s.checks().state == CheckList::State::Waiting);
    CHECK(s.checks().rows.empty());
    s.select_lesson(lesson("lock-ordering"));
    s.start();
    s.wait_run();
}  // the destructor joins the threads still checking

TEST_CASE("lessons: a run stopped by the user is not judged, and a program that did not compile has nothing to judge") {
    const catalog::Lesson& l = lesson("producer-consumer");
    Session s;
    use_child(s, Mode::Free);  // 20 items at 0.2 s each: seconds, so Stop comes first
    s.select_lesson(l);
    s.start();
    s.halt();
    s.wait();
    REQUIRE(s.status() == RunStatus::Finished);
    CHECK(s.outcome()->stopped);
    CHECK(s.checks().state == CheckList::State::Stopped);

    s.set_edited_text("import threading\nx = = 1\n");
    s.start();
    s.wait();
    CHECK_FALSE(s.outcome()->program.compiled);
    CHECK(s.checks().state == CheckList::State::NotRun);

    testing::Headless ui;
    ui.frame([&] { draw_checks(s.checks()); });
}

TEST_CASE("lessons: a checks.py that cannot run is one failed row saying why, named in both languages") {
    catalog::Lesson l = lesson("producer-consumer");
    l.checks = "from threadlab import check\n\n@check('x', 'y')\ndef broken(run:\n    return True\n";
    Session s;
    use_child(s, Mode::Deterministic);
    s.select_lesson(l, catalog::parse_settings(l, {"items=2"}));
    s.start();
    s.wait();
    REQUIRE(s.checks().state == CheckList::State::Done);
    REQUIRE_FALSE(s.checks().rows.empty());
    const CheckRow& r = s.checks().rows.front();
    CHECK_FALSE(r.passed);
    CHECK_FALSE(r.not_shown);
    CHECK(r.name_en == "the lesson's checks ran");
    CHECK_FALSE(r.name_zh.empty());
    CHECK(r.detail.find("SyntaxError") != std::string::npos);
}

TEST_CASE("lessons: a live slider reaches the running program through a teacher thread (free mode)") {
    const catalog::Lesson& l = lesson("producer-consumer");
    Session s;
    use_child(s, Mode::Free);
    s.select_lesson(l, catalog::parse_settings(l, {"items=40", "produce_s=0.01", "consume_s=0.05"}));
    CHECK_FALSE(s.live_now("consumers"));  // nothing runs yet
    s.start();
    // Wait (bounded) until a few items are in, the run still going.
    const EventLog* log = nullptr;
    size_t puts = 0;
    for (int frame = 0; frame < 20000 && puts < 3 && s.status() == RunStatus::Running; ++frame) {
        s.poll();
        log = s.log();
        puts = 0;
        for (size_t i = 0; log && i < log->size(); ++i)
            puts += (*log)[i].kind == EvKind::OpDone && (*log)[i].code == static_cast<uint8_t>(Op::Put);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));  // a frame's pace, not a synchronisation
    }
    REQUIRE(s.status() == RunStatus::Running);
    CHECK(s.live_now("consumers"));
    CHECK_FALSE(s.live_now("items"));  // not a live parameter
    s.set_lesson_value("consumers", 3);
    CHECK(s.apply_live("consumers"));
    CHECK_FALSE(s.apply_live("consumers"));  // the run has that value already
    CHECK(s.lesson_run_values().at("consumers") == 3);
    s.wait();
    s.poll();
    size_t consumers = 0, teachers = 0;
    for (const ThreadView& t : s.world().threads) {
        const std::string name = s.log()->thread(t.tid).name;
        consumers += name.rfind("consumer-", 0) == 0;
        teachers += name == "teacher";
    }
    CHECK(teachers == 1);
    CHECK(consumers == 3);
    bool said = false;
    for (const auto& [tid, text] : s.world().output) said = said || text == "teacher: consumers 1 -> 3";
    CHECK(said);
}

TEST_CASE("lessons: a deterministic run takes a live change too; once it is over the value waits for the next run") {
    const catalog::Lesson& l = lesson("producer-consumer");
    Session s;
    use_child(s, Mode::Deterministic);
    s.select_lesson(l, catalog::parse_settings(l, {"items=6"}));
    s.start();
    // Paced, as the window runs it: its 2 s of virtual time take 2 s.
    REQUIRE(s.status() == RunStatus::Running);
    s.set_lesson_value("consumers", 2);
    CHECK(s.live_now("consumers"));
    CHECK(s.apply_live("consumers"));  // started by the thread running at the next switch point
    s.wait();
    s.poll();
    size_t consumers = 0, teachers = 0;
    for (const ThreadView& t : s.world().threads) {
        const std::string name = s.log()->thread(t.tid).name;
        consumers += name.rfind("consumer-", 0) == 0;
        teachers += name == "teacher";
    }
    std::string printed;
    for (const auto& [tid, text] : s.world().output) printed += s.log()->thread(tid).name + ": " + text + "\n";
    INFO(printed);
    CHECK(teachers == 1);
    CHECK(consumers == 2);
    s.set_lesson_value("consumers", 3);
    CHECK_FALSE(s.live_now("consumers"));  // the run is over: the next run reads it
    CHECK_FALSE(s.apply_live("consumers"));
}

TEST_CASE("lessons: changes scripted for the first run (gui --change) move their slider as the run makes them") {
    const catalog::Lesson& l = lesson("connection-pool");
    Session s;
    use_child(s, Mode::Deterministic);
    s.config().speed = 8;  // paced, at 8x: its 2.4 s of virtual time in 0.3 s
    const catalog::Values values = catalog::parse_settings(l, {"clients=16", "hold_s=0.6"});
    s.select_lesson(l, values);
    s.script_changes(catalog::parse_changes(l, values, {"connections=5@0.5", "connections=2@1.5"}));
    s.start();
    s.wait();
    s.poll();
    size_t teachers = 0;
    for (const ThreadView& t : s.world().threads) teachers += s.log()->thread(t.tid).name == "teacher";
    CHECK(teachers == 2);
    // The slider and the run both say the last value, and so does the code.
    CHECK(s.lesson_values().at("connections") == 2);
    CHECK(s.lesson_run_values().at("connections") == 2);
    CHECK(s.edited_text().find("CONNECTIONS = 2") != std::string::npos);
    // Only the first run: the next one starts at 2 and nobody changes it.
    s.start();
    s.wait();
    s.poll();
    teachers = 0;
    for (const ThreadView& t : s.world().threads) teachers += s.log()->thread(t.tid).name == "teacher";
    CHECK(teachers == 0);
    CHECK(s.lesson_run_values().at("connections") == 2);
}

TEST_CASE("lessons: with every lesson listed, the last one's text is in view under the list, at 1600x900") {
    // The list has a pane of its own (at most 40% of the column): 22 titles
    // once pushed the Lesson tab below the window's edge.
    testing::Headless ui;
    // The window's fonts and theme at scale 1, as `threadlab gui` builds them.
    apply_theme(ImGui::GetStyle());
    build_fonts(kBaseFontPx, text_for_fonts(""));
    struct Forget {  // their atlas goes with this test's context, whatever fails
        ~Forget() { forget_fonts(); }
    } forget;
    unsigned char* pixels = nullptr;
    int tw = 0, th = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &tw, &th);
    Session s;
    s.select_lesson(lesson("lock-ordering"));
    UiState state;
    for (int frame = 0; frame < 3; ++frame) {
        ImGui::GetIO().DeltaTime = 1.0f / 30;
        ImGui::NewFrame();
        draw_frame(s, state);
        ImGui::Render();
    }
    const ImGuiWindow* text = nullptr;
    const ImGuiWindow* list = nullptr;
    for (const ImGuiWindow* w : GImGui->Windows) {
        if (std::strstr(w->Name, "/##lesson_list_")) list = w;
        else if (std::strstr(w->Name, "/##lesson_")) text = w;
    }
    REQUIRE(text != nullptr);
    INFO("the text at y " << text->Pos.y);
    // At least a third of the window's height for the lesson's text.
    CHECK(text->Pos.y + testing::Headless::kHeight / 3 <= testing::Headless::kHeight);
    REQUIRE(list != nullptr);
    INFO("list at y " << list->Pos.y << ", " << list->Size.y << " tall");
    CHECK(list->Size.y <= testing::Headless::kHeight * 0.4f);
    // And the selected lesson, the list's last, scrolled into view in the list.
    CHECK(list->Scroll.y > 0);
}
