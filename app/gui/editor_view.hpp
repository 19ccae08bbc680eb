// The code pane as a whole: its header (the title, "edited", Reset code and
// Save...) and its body. A Python selection with no run going is an editor
// (monospace, line numbers beside it, the error's line in red); while a run
// goes, the body is the marked read-only listing of
// code_view. Save opens a small dialog with the path to write to.
#pragma once
#include <imgui.h>

#include <string>

#include "gui/code_view.hpp"
#include "gui/session.hpp"

namespace tl::gui {

// What the editor remembers between frames.
struct EditorState {
    int cursor = -1;          // the cursor's byte offset last frame (-1: not editing)
    bool tab_pressed = false; // a Tab typed this frame becomes four spaces
    bool run_requested = false;  // Ctrl+Enter: the caller starts the run
    bool open_save = false;   // Save... was pressed: open the dialog this frame
    std::string save_path;    // the dialog's path field
    std::string save_error;   // why the last Save failed ("" : none)
    int scroll_to_line = 0;   // brought into view at the next frame (0: none)
    uint64_t error_seen_run = 0;  // the run whose error line was scrolled to (once per run)
    CodeViewState code;       // the listing's follow, labels and scroll memory
    bool compact = false;     // set by the layout: title and buttons on one line (presenter mode, tabs)
    uint64_t edit_after_deadlock = 0;  // the run after whose deadlock the user clicked into the listing to edit
    bool tabbed = false;      // set by the layout: the pane is a tab (no header while a run goes)
};

// The pane, `size` big. `error`: the run's error line, counted in
// session.run_text() (the editor shows it while the lines above it are as
// they ran).
void draw_code_pane(Session& session, EditorState& state, ImVec2 size, const CodeError& error);

// The error line as the editor shows it for `edited`: `error` while the
// lines before it are the same as in `ran`, else none (they moved).
CodeError error_in_edited(const CodeError& error, const std::string& ran, const std::string& edited);

// The Save dialog's one line for a failed write (`code` as
// write_text_file_atomically gives it), in the current language:
// "cannot write '/nope/x.py': no such folder"; "" for 0.
std::string save_error_text(const std::string& path, int code);

// ImGui's multiline editor over a std::string that grows as the text does.
// `state` gets the cursor; a Tab types four spaces (and never moves the
// focus to the next widget). Returns true
// when the text changed.
bool input_text_multiline(const char* id, std::string& text, ImVec2 size, EditorState& state,
                          ImGuiInputTextFlags flags = 0);

}  // namespace tl::gui
