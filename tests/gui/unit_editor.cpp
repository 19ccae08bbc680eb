// The code pane as an editor over a Python selection: Run runs exactly the
// edited text (a real child process, the threadlab binary), Reset code brings
// the original back, Save writes the file through a temporary file and a
// rename, and the editor widget grows its std::string as the text does.
// Runs are waited for with Session::wait(), never by sleeping.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>

#include "gui/editor_view.hpp"
#include "gui/i18n.hpp"
#include "gui/session.hpp"
#include "headless.hpp"
#include "lesson_list/lesson_list.hpp"

using namespace tl;
using namespace tl::gui;
namespace fs = std::filesystem;

namespace {

const std::string kPrograms = THREADLAB_PY_PROGRAMS;

// A folder of its own per test case, removed at the end.
struct TempDir {
    fs::path path;
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "threadlab-editor-XXXXXX").string();
        path = ::mkdtemp(tmpl.data());
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string file(const std::string& name, const std::string& text) const {
        const fs::path p = path / name;
        std::ofstream(p, std::ios::binary) << text;
        return p.string();
    }
    size_t entries() const { return static_cast<size_t>(std::distance(fs::directory_iterator(path), {})); }
};

std::string contents(const std::string& path) { return read_text_file(path).value_or("<unreadable>"); }

void open(Session& s, const std::string& path) {
    s.set_child_program(THREADLAB_BINARY);
    s.config().mode = Mode::Deterministic;
    s.open_file(path);
}

// Runs the selection to its end: start, wait for the child, fold the log.
void run_to_end(Session& s) {
    s.start();
    REQUIRE(s.status() == RunStatus::Running);
    s.wait();
    s.poll();
    REQUIRE(s.status() == RunStatus::Finished);
    REQUIRE(s.outcome() != nullptr);
}

bool printed(const World& w, const std::string& text) {
    for (const auto& [tid, line] : w.output)
        if (line == text) return true;
    return false;
}

const char* kOriginal = "import threading\nprint('original')\n";

// A lesson to switch to and back.
const catalog::Lesson& a_lesson() {
    const catalog::Lesson* l = find_lesson_folder("start-and-join");
    REQUIRE(l != nullptr);
    return *l;
}

}  // namespace

TEST_CASE("editor: Run runs the edited text, and the file stays as it was") {
    TempDir dir;
    const std::string path = dir.file("prog.py", kOriginal);
    Session s;
    open(s, path);
    CHECK(s.original_text() == kOriginal);
    CHECK(s.edited_text() == kOriginal);
    CHECK(s.editable());
    CHECK_FALSE(s.unsaved());

    const std::string edited =
        "import threading\n\ndef work():\n    print('edited in the pane')\n\n"
        "t = threading.Thread(target=work, name='worker')\nt.start()\nt.join()\n";
    s.set_edited_text(edited);
    CHECK(s.unsaved());
    CHECK(s.text_changed());
    run_to_end(s);
    CHECK(printed(s.world(), "edited in the pane"));
    CHECK_FALSE(printed(s.world(), "original"));
    CHECK(s.outcome()->exit_status == 0);
    CHECK(s.timeline().lanes().size() == 2);  // MainThread and worker
    CHECK(s.run_text() == edited);
    CHECK(s.python_lines().size() == 8);
    CHECK(s.python_lines()[3] == "    print('edited in the pane')");
    CHECK(contents(path) == kOriginal);
    CHECK(s.unsaved());  // still not written anywhere
    CHECK(s.editable());  // a finished run: the student may edit again
}

TEST_CASE("editor: while a run goes the listing cannot be edited") {
    Session s;
    open(s, kPrograms + "/forever.py");
    s.config().mode = Mode::Free;
    s.start();
    CHECK(s.status() == RunStatus::Running);
    CHECK_FALSE(s.editable());
    s.halt();
    s.wait();
    s.poll();
    CHECK(s.status() == RunStatus::Finished);
    CHECK(s.editable());
    s.select_lesson(a_lesson());
    CHECK(s.editable());  // a lesson's program is edited as a file's is
}

TEST_CASE("editor: Reset code restores the original text, also after a run and a lesson in between") {
    TempDir dir;
    const std::string path = dir.file("prog.py", kOriginal);
    Session s;
    open(s, path);
    const uint64_t generation = s.text_generation();
    s.set_edited_text("print('changed')\n");
    run_to_end(s);
    CHECK(printed(s.world(), "changed"));

    // Away to a lesson and back: the edit is still there.
    s.select_lesson(a_lesson());
    s.open_file(path);
    CHECK(s.edited_text() == "print('changed')\n");

    s.revert_text();
    CHECK(s.edited_text() == kOriginal);
    CHECK_FALSE(s.text_changed());
    CHECK_FALSE(s.unsaved());
    CHECK(s.text_generation() != generation);  // the editor widget starts afresh
    run_to_end(s);
    CHECK(printed(s.world(), "original"));
}

TEST_CASE("editor: a file changed in another editor is read again while nothing was edited here") {
    TempDir dir;
    const std::string path = dir.file("prog.py", kOriginal);
    Session s;
    open(s, path);
    dir.file("prog.py", "print('from the other editor')\n");
    run_to_end(s);
    CHECK(printed(s.world(), "from the other editor"));
    CHECK(s.original_text() == "print('from the other editor')\n");

    // Once edited here, the pane's text wins.
    s.set_edited_text("print('from the pane')\n");
    dir.file("prog.py", "print('changed outside again')\n");
    run_to_end(s);
    CHECK(printed(s.world(), "from the pane"));
}

TEST_CASE("editor: a SyntaxError and an exception in the edited text are at their lines") {
    TempDir dir;
    Session s;
    open(s, dir.file("prog.py", kOriginal));
    s.set_edited_text("import threading\nx = = 1\n");
    run_to_end(s);
    CHECK_FALSE(s.outcome()->program.compiled);
    CHECK(s.error_line() == 2);

    s.set_edited_text("import threading\n\nprint('before')\nraise KeyError('here')\n");
    run_to_end(s);
    CHECK(s.outcome()->program.main_raised);
    CHECK(s.error_line() == 4);
    CHECK(printed(s.world(), "before"));

    // The editor keeps the mark while the lines above it are as they ran.
    const CodeError error{4, "KeyError: 'here'"};
    const std::string ran = s.run_text();
    CHECK(error_in_edited(error, ran, ran).line == 4);
    CHECK(error_in_edited(error, ran, ran + "print('more')\n").line == 4);                         // below it
    CHECK(error_in_edited(error, ran, "import threading\n\nprint('before')\nraise X\n").line == 4);  // on it
    CHECK(error_in_edited(error, ran, "# new first line\n" + ran).line == 0);                     // above: it moved
    CHECK(error_in_edited(error, ran, "").line == 0);
    CHECK(error_in_edited(CodeError{}, ran, ran).line == 0);
}

TEST_CASE("editor: Save writes the edited text atomically, keeping the file's permissions") {
    TempDir dir;
    const std::string path = dir.file("prog.py", kOriginal);
    ::chmod(path.c_str(), 0640);
    Session s;
    open(s, path);
    CHECK(s.save_path() == path);  // a student's file: its own path
    s.set_edited_text("print('saved')\n");
    REQUIRE(s.unsaved());
    CHECK(s.save_text(path).empty());
    CHECK(contents(path) == "print('saved')\n");
    CHECK_FALSE(s.unsaved());
    CHECK(dir.entries() == 1);  // no temporary file left beside it
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0640);
    CHECK(s.original_text() == kOriginal);  // Reset code still brings back the file as it was opened

    // Elsewhere: a new file, which Save then suggests.
    const std::string other = (dir.path / "copy.py").string();
    s.set_edited_text("print('copy')\n");
    CHECK(s.unsaved());
    CHECK(s.save_text(other).empty());
    CHECK(contents(other) == "print('copy')\n");
    CHECK(contents(path) == "print('saved')\n");
    CHECK(s.save_path() == other);
    CHECK(dir.entries() == 2);
}

TEST_CASE("editor: Save to a path that cannot be written says which and why, and changes nothing") {
    TempDir dir;
    const std::string path = dir.file("prog.py", kOriginal);
    Session s;
    open(s, path);
    s.set_edited_text("print('not saved')\n");

    const std::string missing = (dir.path / "no-such-folder" / "x.py").string();
    const std::string err = s.save_text(missing);
    CHECK(err == "cannot write '" + missing + "': No such file or directory");
    CHECK(s.unsaved());
    CHECK(s.save_path() == path);

    // The dialog says it in the window's language.
    int code = 0;
    s.save_text(missing, &code);
    CHECK(code == ENOENT);
    set_language("zh");
    CHECK(save_error_text(missing, code) == "无法写入“" + missing + "”：没有这个文件夹");
    set_language("en");
    CHECK(save_error_text(missing, code) == "cannot write '" + missing + "': no such folder");
    CHECK(save_error_text(missing, 0).empty());

    const std::string folder = dir.path.string();
    CHECK(s.save_text(folder) == "cannot write '" + folder + "': Is a directory");
    CHECK(s.save_text("").find("no file name") != std::string::npos);
    CHECK(s.unsaved());
    CHECK(contents(path) == kOriginal);
    CHECK(dir.entries() == 1);  // nothing left behind by the failed attempts
}

TEST_CASE("editor: write_text_file_atomically replaces the file a link points to, not the link") {
    TempDir dir;
    const std::string target = dir.file("real.py", "old\n");
    const fs::path link = dir.path / "link.py";
    fs::create_symlink(target, link);
    CHECK(write_text_file_atomically(link.string(), "new\n").empty());
    CHECK(fs::is_symlink(link));
    CHECK(contents(target) == "new\n");
}

TEST_CASE("editor: the widget grows its std::string as text is typed, and Tab types four spaces") {
    testing::Headless ui;
    ImGuiIO& io = ImGui::GetIO();
    io.KeyMap[ImGuiKey_Tab] = 9;
    std::string text = "x";
    text.shrink_to_fit();
    EditorState state;
    auto frame = [&](bool focus) {
        ui.frame([&] {
            if (focus) ImGui::SetKeyboardFocusHere();
            input_text_multiline("##t", text, ImVec2(600, 400), state);
        });
    };
    frame(true);   // focus is given
    frame(false);  // now active
    const std::string typed(500, 'a');
    io.AddInputCharactersUTF8(typed.c_str());
    frame(false);
    CHECK(text.size() == 501);
    CHECK(text.find(typed) != std::string::npos);
    CHECK(state.cursor >= 0);

    io.KeysDown[9] = true;
    frame(false);
    io.KeysDown[9] = false;
    frame(false);
    CHECK(text.size() == 505);
    CHECK(text.find("    ") != std::string::npos);
    CHECK(text.find('\t') == std::string::npos);
}

TEST_CASE("editor: the code pane draws as an editor, read-only while running, and for a lesson") {
    testing::Headless ui;
    TempDir dir;
    Session s;
    open(s, dir.file("prog.py", kOriginal));
    EditorState state;
    auto draw = [&](const CodeError& error = {}) {
        ui.frame([&] { draw_code_pane(s, state, ImVec2(800, 600), error); });
    };
    draw();
    s.set_edited_text("x = = 1\n");
    run_to_end(s);
    draw(CodeError{s.error_line(), s.outcome()->program.error});
    s.set_edited_text("# moved\nx = = 1\n");
    draw(CodeError{s.error_line(), s.outcome()->program.error});
    state.open_save = true;
    draw();
    CHECK_FALSE(state.open_save);
    s.select_lesson(a_lesson());
    draw();
}
