#include "gui/editor_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "gui/colors.hpp"
#include "gui/fonts.hpp"
#include "gui/i18n.hpp"
#include "gui/widgets.hpp"

namespace tl::gui {
namespace {

constexpr ImU32 kEditedInk = IM_COL32(190, 95, 0, 255);  // "edited": orange, as pending parameters are
constexpr ImU32 kFieldBg = IM_COL32(255, 255, 255, 255);
constexpr ImU32 kFieldBorder = IM_COL32(150, 156, 170, 255);
constexpr ImU32 kFieldBorderActive = IM_COL32(60, 110, 220, 255);

struct CallbackData {
    std::string* text;
    EditorState* state;
};

int edit_callback(ImGuiInputTextCallbackData* d) {
    auto* u = static_cast<CallbackData*>(d->UserData);
    switch (d->EventFlag) {
    case ImGuiInputTextFlags_CallbackResize:
        // The text grew past its buffer: grow the string, hand its memory back.
        u->text->resize(static_cast<size_t>(d->BufTextLen));
        d->Buf = u->text->data();
        break;
    case ImGuiInputTextFlags_CallbackCharFilter:
        if (d->EventChar == '\t') {  // Python is indented with spaces: four, inserted below
            u->state->tab_pressed = true;
            return 1;
        }
        break;
    case ImGuiInputTextFlags_CallbackAlways:
        if (u->state->tab_pressed) {
            u->state->tab_pressed = false;
            if (d->HasSelection()) {
                const int from = std::min(d->SelectionStart, d->SelectionEnd);
                d->DeleteChars(from, std::abs(d->SelectionEnd - d->SelectionStart));
                d->CursorPos = from;
            }
            d->InsertChars(d->CursorPos, "    ");
            d->SelectionStart = d->SelectionEnd = d->CursorPos;
        }
        u->state->cursor = d->CursorPos;
        break;
    default: break;
    }
    return 0;
}

// The offset where line `line` (1-based) starts, or npos past the end.
size_t line_start(const std::string& text, int line) {
    size_t at = 0;
    for (int l = 1; l < line; ++l) {
        at = text.find('\n', at);
        if (at == std::string::npos) return at;
        ++at;
    }
    return at;
}

// The program's name as the title shows it: the file's, or for a lesson
// "producer-consumer/program.py" (every lesson's program is program.py).
std::string program_name(const Session& session) {
    const std::filesystem::path path(session.program_path());
    if (session.lesson()) return session.lesson()->id + "/" + path.filename().string();
    return path.filename().string();
}

std::string code_title(const Session& session) {
    std::string title = tr(S::Code);
    if (session.python()) title += "  \xE2\x80\x94  " + program_name(session);
    return title;
}

// A small filled tag in the bold font, placed like a widget, vertically
// centred on a line `line_h` high.
void tag(const char* text, ImU32 fill, float line_h) {
    ImGui::PushFont(font_or_current(fonts().bold));
    const ImVec2 ts = ImGui::CalcTextSize(text);
    const float pad = ImGui::GetFontSize() * 0.35f;
    const ImVec2 size(ts.x + 2 * pad, ts.y + pad * 0.5f);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float y = p.y + std::max(0.0f, (line_h - size.y) * 0.5f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(p.x, y), ImVec2(p.x + size.x, y + size.y), fill, size.y * 0.3f);
    dl->AddText(ImVec2(p.x + pad, y + pad * 0.25f), IM_COL32(255, 255, 255, 255), text);
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(size.x, std::max(size.y, line_h)));
}

// The title, "edited", and for a Python program Reset code and Save...
// `error_moved`: the run's error line no longer points at its line.
void header(Session& session, EditorState& st, bool error_moved) {
    // The code as a tab (a projector's large text): the tab names the pane,
    // so the header's line goes to the listing until the text is edited
    // (then Reset code and Save... are wanted; Ctrl+S works either way).
    if (st.tabbed && !session.unsaved() && !session.text_changed()) return;
    const float avail = ImGui::GetContentRegionAvail().x;
    const float font = ImGui::GetFontSize();
    const bool unsaved = session.unsaved();
    ImGui::PushFont(font_or_current(fonts().bold));
    const float tag_w = unsaved ? ImGui::CalcTextSize(tr(S::Edited)).x + font * 1.6f : 0;
    ImGui::PopFont();
    ImGui::PushFont(font_or_current(fonts().heading));
    // Compact (presenter mode, or the code as a tab): the buttons share the
    // title's line, so the listing keeps the rows.
    float buttons_room = 0;
    if (st.compact && session.python()) {
        const ImGuiStyle& style = ImGui::GetStyle();
        buttons_room = ImGui::CalcTextSize(tr(S::ResetCode)).x + ImGui::CalcTextSize(tr(S::SaveAs)).x +
                       style.FramePadding.x * 4 + style.ItemSpacing.x + font * 1.3f;  // (in the body font: a little spare)
    }
    // Narrow: the file's name alone says more than "Code - loc...py".
    const float title_w = std::max(font * 4, avail - tag_w - buttons_room);
    std::string title = code_title(session);
    if (session.python() && ImGui::CalcTextSize(title.c_str()).x > title_w) {
        title = program_name(session);
        // Narrower still: "program.py" whole reads better than "lock-order...rogram.py".
        if (ImGui::CalcTextSize(title.c_str()).x > title_w)
            title = std::filesystem::path(session.program_path()).filename().string();
    }
    title = elide_middle(title, title_w);
    const float title_h = ImGui::GetTextLineHeight();
    ImGui::PopFont();
    pane_title(title.c_str());
    if (unsaved) {
        ImGui::SameLine(0, font * 0.6f);
        tag(tr(S::Edited), kEditedInk, title_h);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S::EditedHelp));
    }
    if (!session.python()) return;

    // The buttons after the title when they fit, else on a line of their own.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float reset_w = ImGui::CalcTextSize(tr(S::ResetCode)).x + style.FramePadding.x * 2;
    const float save_w = ImGui::CalcTextSize(tr(S::SaveAs)).x + style.FramePadding.x * 2;
    const float buttons_w = reset_w + style.ItemSpacing.x + save_w;
    ImGui::SameLine(0, font);
    if (ImGui::GetCursorPosX() + buttons_w > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
    const bool editable = session.editable();
    ImGui::BeginDisabled(!editable || !session.text_changed());
    if (ImGui::Button(tr(S::ResetCode))) session.revert_text();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr(S::ResetCodeHelp));
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(tr(S::SaveAs))) st.open_save = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S::SaveHelp));
    // What the pane is for now, when there is room for it.
    const char* hint = !editable ? tr(S::ReadOnlyWhileRunning) : error_moved ? tr(S::ErrorBeforeEdit) : tr(S::EditHint);
    ImGui::SameLine(0, font);
    const float hint_w = ImGui::CalcTextSize(hint).x;
    if (error_moved) {
        // This one matters: on a line of its own when it does not fit after the buttons.
        if (ImGui::GetCursorPosX() + hint_w > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
        ImGui::AlignTextToFramePadding();
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kEditedInk));
        ImGui::TextWrapped("%s", hint);
        ImGui::PopStyleColor();
    } else if (ImGui::GetCursorPosX() + hint_w <= ImGui::GetWindowContentRegionMax().x) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%s", hint);
    } else {
        ImGui::NewLine();
    }
}

}  // namespace

std::string save_error_text(const std::string& path, int code) {
    if (code == 0) return {};
    if (code == kWriteNoName) return tr(S::NoFileName);
    const char* reason = nullptr;
    switch (code) {
    case kWriteNotAFile: reason = tr(S::NotAFile); break;
    case ENOENT:
    case ENOTDIR: reason = tr(S::NoSuchFolder); break;
    case EACCES:
    case EPERM: reason = tr(S::NoPermission); break;
    case EISDIR: reason = tr(S::IsAFolder); break;
    case EROFS: reason = tr(S::ReadOnlyDisk); break;
    case ENOSPC:
    case EDQUOT: reason = tr(S::DiskFull); break;
    default: reason = std::strerror(code); break;
    }
    char text[1200];
    std::snprintf(text, sizeof text, tr(S::CannotWrite), path.c_str(), reason);
    return text;
}

namespace {

void save_dialog(Session& session, EditorState& st) {
    const char* id = "###save";
    const std::string title = std::string(tr(S::SaveTitle)) + id;
    const float font = ImGui::GetFontSize();
    const bool opening = st.open_save;
    if (st.open_save) {
        st.open_save = false;
        st.save_path = session.save_path();
        st.save_error.clear();
        ImGui::OpenPopup(title.c_str());
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.4f),
                            ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    const float width = std::min(font * 34, vp->WorkSize.x * 0.9f);
    ImGui::SetNextWindowSize(ImVec2(width, 0));
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoResize))
        return;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(S::SaveFile));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (opening) ImGui::SetKeyboardFocusHere();
    ImGui::PushFont(font_or_current(fonts().mono));
    EditorState path_state;  // the path field needs the growing string, not the editor's cursor
    CallbackData data{&st.save_path, &path_state};
    const bool enter = ImGui::InputText("##path", st.save_path.data(), st.save_path.capacity() + 1,
                                        ImGuiInputTextFlags_CallbackResize | ImGuiInputTextFlags_EnterReturnsTrue |
                                            ImGuiInputTextFlags_AutoSelectAll,
                                        edit_callback, &data);
    ImGui::PopFont();
    if (!st.save_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette::kAlert));
        ImGui::PushFont(font_or_current(fonts().bold));
        ImGui::TextWrapped("%s", st.save_error.c_str());
        ImGui::PopFont();
        ImGui::PopStyleColor();
    }
    ImGui::Spacing();
    const float button_w = font * 6;
    if (ImGui::Button(tr(S::SaveButton), ImVec2(button_w, 0)) || enter) {
        int code = 0;
        session.save_text(st.save_path, &code);
        st.save_error = save_error_text(st.save_path, code);
        if (code == 0) ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr(S::Cancel), ImVec2(button_w, 0)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

bool on_a_line(const ThreadView& t) { return t.started && !is_final(t.state) && t.line > 0; }

void draw_editor(Session& session, EditorState& st, const CodeError& run_error) {
    std::string& text = session.edited_text();
    const CodeError error = error_in_edited(run_error, session.run_text(), text);
    // Thread markers of a finished run (a deadlock's blocked threads) while the text is as it ran.
    const bool as_ran = session.has_run() && text == session.run_text();

    ImGui::PushFont(font_or_current(fonts().mono));
    const ImGuiStyle& style = ImGui::GetStyle();
    const float line_h = ImGui::GetFontSize();
    const float mono_size = ImGui::GetFontSize();
    const float char_w = ImGui::CalcTextSize("M").x;
    const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
    const int digits = std::max(3, static_cast<int>(std::to_string(lines).size()));
    const float gutter = char_w * static_cast<float>(digits + 1);
    const ImVec2 text_size = ImGui::CalcTextSize(text.data(), text.data() + text.size());
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    // The field holds every line (the pane scrolls, never the field), and
    // fills the pane so a click below the last line puts the cursor there.
    const ImVec2 field(std::max(avail.x - gutter, text_size.x + char_w * 6 + style.FramePadding.x * 2),
                       std::max(avail.y, line_h * static_cast<float>(lines + 1) + style.FramePadding.y * 2));
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 local = ImGui::GetCursorPos();
    const ImVec2 fmin(origin.x + gutter, origin.y), fmax(fmin.x + field.x, fmin.y + field.y);
    // Where InputTextMultiline puts the first character.
    const ImVec2 text0(fmin.x + style.FramePadding.x, fmin.y + style.FramePadding.y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(fmin, fmax, kFieldBg, style.FrameRounding);

    const float clip_top = ImGui::GetWindowPos().y, clip_bottom = clip_top + ImGui::GetWindowHeight();
    const int first = std::max(0, static_cast<int>((clip_top - text0.y) / line_h));
    const int last = std::min(lines, static_cast<int>((clip_bottom - text0.y) / line_h) + 1);
    auto row_y = [&](int line) { return text0.y + line_h * static_cast<float>(line - 1); };

    // Line backgrounds: where threads stood (as in the marked listing), the error's line.
    std::vector<std::vector<const ThreadView*>> at_line;
    if (as_ran) {
        at_line.resize(static_cast<size_t>(lines) + 1);
        for (const ThreadView& t : session.view_world().threads)
            if (on_a_line(t) && t.line <= static_cast<uint32_t>(lines)) at_line[t.line].push_back(&t);
        for (int l = 1; l <= lines; ++l) {
            if (at_line[l].empty()) continue;
            const bool stuck = std::any_of(at_line[l].begin(), at_line[l].end(),
                                           [](const ThreadView* t) { return t->state == ThreadState::Blocked; });
            dl->AddRectFilled(ImVec2(origin.x, row_y(l)), ImVec2(fmax.x, row_y(l) + line_h),
                              stuck ? palette::kAlertBg : palette::kCodeLine);
        }
    }
    const bool has_error = error.line > 0 && error.line <= lines;
    if (has_error)
        dl->AddRectFilled(ImVec2(origin.x, row_y(error.line)), ImVec2(fmax.x, row_y(error.line) + line_h),
                          palette::kAlertBg);
    for (int l = first + 1; l <= last; ++l) {
        std::string num = std::to_string(l);
        num.insert(0, static_cast<size_t>(std::max(0, digits - static_cast<int>(num.size()))), ' ');
        dl->AddText(ImGui::GetFont(), mono_size, ImVec2(origin.x, row_y(l)),
                    has_error && l == error.line ? palette::kAlert : palette::kTextDim, num.c_str());
    }

    // The editor itself, transparent over the backgrounds drawn above.
    ImGui::SetCursorScreenPos(fmin);
    ImGui::PushStyleColor(ImGuiCol_FrameBg, IM_COL32(0, 0, 0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
    // Escape leaves the editor; it must not also throw away what was typed
    // since it was entered (ImGui's default).
    const bool escape = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
    const std::string before_escape = escape ? text : std::string();
    ImGui::PushID(static_cast<int>(session.text_generation()));
    const int cursor_before = st.cursor;
    input_text_multiline("##editor", text, field, st);
    const bool active = ImGui::IsItemActive();
    const bool deactivated = ImGui::IsItemDeactivated();
    ImGui::PopID();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    if (escape && text != before_escape) text = before_escape;
    if (!active) st.cursor = -1;
    dl->AddRect(fmin, fmax, active ? kFieldBorderActive : kFieldBorder, style.FrameRounding, 0, active ? 2.0f : 1.0f);

    // Ctrl+Enter runs (ImGui ends the editing on it, like a click elsewhere).
    const ImGuiIO& io = ImGui::GetIO();
    if ((active || deactivated) && io.KeyCtrl &&
        (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) ||
         ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter))))
        st.run_requested = true;

    // The error's line comes into view once per run (then the student scrolls freely).
    const float view_h = ImGui::GetWindowHeight() - style.ScrollbarSize;
    const float view_w = ImGui::GetWindowWidth() - style.ScrollbarSize;
    if (has_error && st.error_seen_run != session.run_number()) {
        st.error_seen_run = session.run_number();
        st.scroll_to_line = error.line;
    }
    if (st.scroll_to_line > 0) {
        const float y = local.y + style.FramePadding.y + line_h * static_cast<float>(st.scroll_to_line - 1);
        if (y < ImGui::GetScrollY() || y + line_h > ImGui::GetScrollY() + view_h)
            ImGui::SetScrollY(std::max(0.0f, y - view_h * 0.4f));
        st.scroll_to_line = 0;
    }
    // The cursor stays in view as it moves (typing, arrows): the pane, not
    // the field, scrolls.
    if (active && st.cursor >= 0 && st.cursor != cursor_before && static_cast<size_t>(st.cursor) <= text.size()) {
        const size_t at = static_cast<size_t>(st.cursor);
        const int line = static_cast<int>(std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(at), '\n'));
        const size_t bol = line == 0 ? 0 : text.rfind('\n', at == 0 ? 0 : at - 1) + 1;
        const float y = local.y + style.FramePadding.y + line_h * static_cast<float>(line);
        const float x = local.x + gutter + style.FramePadding.x + ImGui::CalcTextSize(text.data() + bol, text.data() + at).x;
        if (y < ImGui::GetScrollY()) ImGui::SetScrollY(std::max(0.0f, y - line_h));
        else if (y + line_h > ImGui::GetScrollY() + view_h) ImGui::SetScrollY(y + line_h * 2 - view_h);
        if (x < ImGui::GetScrollX() + gutter) ImGui::SetScrollX(std::max(0.0f, x - gutter - char_w * 4));
        else if (x + char_w > ImGui::GetScrollX() + view_w) ImGui::SetScrollX(x + char_w * 8 - view_w);
    }
    ImGui::PopFont();

    // The error after its line, in a red tag (as in the marked listing).
    const float visible_right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (has_error && !error.text.empty()) {
        const size_t bol = line_start(text, error.line);
        const size_t eol = std::min(text.find('\n', bol), text.size());
        ImGui::PushFont(font_or_current(fonts().mono));
        const float line_w = ImGui::CalcTextSize(text.data() + bol, text.data() + eol).x;
        ImGui::PopFont();
        // Never over the code: where the pane has no room after the line, the
        // red line, its number, the tooltip and the output say it.
        const float x = text0.x + line_w + char_w * 2;
        const float y = row_y(error.line);
        const float pad = ImGui::GetFontSize() * 0.35f;
        if (visible_right - x - 2 * pad >= char_w * 10) {
            const std::string shown = fit_end(error.text, visible_right - x - 2 * pad);
            const ImVec2 ts = ImGui::CalcTextSize(shown.c_str());
            dl->AddRectFilled(ImVec2(x, y), ImVec2(x + ts.x + 2 * pad, y + line_h), palette::kAlert, 4.0f);
            dl->AddText(ImVec2(x + pad, y + (line_h - ts.y) * 0.5f), IM_COL32(255, 255, 255, 255), shown.c_str());
        }
    }
    // Chips of the threads on each line, against the right edge.
    if (as_ran) {
        for (int l = 1; l <= lines; ++l) {
            if (at_line[l].empty()) continue;
            float w = 0;
            for (const ThreadView* t : at_line[l]) w += chip_size(session.index().thread_name(t->tid)).x + 4;
            float x = std::max(text0.x, visible_right - w);
            for (const ThreadView* t : at_line[l]) {
                const std::string& name = session.index().thread_name(t->tid);
                const ImVec2 cs = chip_size(name);
                draw_chip(dl, ImVec2(x, row_y(l) + (line_h - cs.y) * 0.5f), name, t->state);
                x += cs.x + 4;
            }
        }
    }
    if (has_error && ImGui::IsMouseHoveringRect(ImVec2(origin.x, row_y(error.line)),
                                                ImVec2(fmax.x, row_y(error.line) + line_h)))
        ImGui::SetTooltip("%s", error.text.c_str());
    ImGui::SetCursorScreenPos(ImVec2(origin.x, fmax.y));
    ImGui::Dummy(ImVec2(gutter + field.x, 0));
}

// The listing's identity for the code pane's scroll: a new lesson or file
// starts at the top (a slider rewriting a constant keeps the place).
std::string listing_key(const Session& session) {
    if (session.lesson()) return "lesson:" + session.lesson()->id;
    return session.python() ? "file:" + session.file() : std::string();
}

// The key's items laid out in rows `width` wide: "W0 ThreadPoolExecutor-0_0".
// At most `max_rows` rows; what does not fit is counted ("+3").
float key_item_w(const std::pair<std::string, std::string>& item) {
    return ImGui::CalcTextSize(item.first.c_str()).x + ImGui::CalcTextSize(item.second.c_str()).x +
           ImGui::GetFontSize() * 1.6f;
}

int key_rows(const std::vector<std::pair<std::string, std::string>>& key, float width, int max_rows) {
    int rows = 1;
    float x = 0;
    for (const auto& item : key) {
        const float w = key_item_w(item);
        if (x > 0 && x + w > width) {
            ++rows;
            x = 0;
        }
        x += w;
    }
    return std::min(rows, max_rows);
}

float label_key_height(const std::vector<std::pair<std::string, std::string>>& key, float width, int max_rows) {
    return static_cast<float>(key_rows(key, width, max_rows)) * ImGui::GetTextLineHeightWithSpacing() +
           ImGui::GetStyle().ItemSpacing.y;
}

void draw_label_key(const std::vector<std::pair<std::string, std::string>>& key, const World& world,
                    const ThreadLabels& labels, int max_rows) {
    const float width = ImGui::GetContentRegionAvail().x;
    const float font = ImGui::GetFontSize();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 p = ImGui::GetCursorScreenPos();
    const float x0 = p.x, line_h = ImGui::GetTextLineHeightWithSpacing();
    int row = 0;
    size_t drawn = 0;
    for (const auto& [label, name] : key) {
        const float w = key_item_w({label, name});
        if (p.x > x0 && p.x + w > x0 + width) {
            if (++row >= max_rows) break;
            p = ImVec2(x0, p.y + line_h);
        }
        // The label on its state colour, as in the gutter, then the full name.
        ThreadState state = ThreadState::Ready;
        for (const ThreadView& t : world.threads)
            if (labels.label(t.tid) == label) state = t.state;
        const ImVec2 ls = ImGui::CalcTextSize(label.c_str());
        const float pad = font * 0.25f;
        dl->AddRectFilled(ImVec2(p.x, p.y), ImVec2(p.x + ls.x + 2 * pad, p.y + ls.y), state_color(state), font * 0.2f);
        dl->AddText(ImVec2(p.x + pad, p.y), state_text_color(state), label.c_str());
        dl->AddText(ImVec2(p.x + ls.x + 2 * pad + font * 0.3f, p.y), palette::kTextDim, name.c_str());
        p.x += w;
        ++drawn;
    }
    if (drawn < key.size()) {
        const std::string more = "+" + std::to_string(key.size() - drawn);
        const ImVec2 ms = ImGui::CalcTextSize(more.c_str());
        dl->AddText(ImVec2(x0 + width - ms.x, p.y), palette::kTextDim, more.c_str());
    }
    ImGui::Dummy(ImVec2(width, static_cast<float>(key_rows(key, width, max_rows)) * line_h));
}

}  // namespace

bool input_text_multiline(const char* id, std::string& text, ImVec2 size, EditorState& state,
                          ImGuiInputTextFlags flags) {
    CallbackData data{&text, &state};
    return ImGui::InputTextMultiline(id, text.data(), text.capacity() + 1, size,
                                     flags | ImGuiInputTextFlags_AllowTabInput | ImGuiInputTextFlags_CallbackResize |
                                         ImGuiInputTextFlags_CallbackCharFilter |
                                         ImGuiInputTextFlags_CallbackAlways,
                                     edit_callback, &data);
}

CodeError error_in_edited(const CodeError& error, const std::string& ran, const std::string& edited) {
    if (error.line <= 0) return {};
    const size_t n = line_start(ran, error.line);
    if (n == std::string::npos) return {};
    if (edited.size() < n || edited.compare(0, n, ran, 0, n) != 0) return {};
    return error;
}

void draw_code_pane(Session& session, EditorState& st, ImVec2 size, const CodeError& error) {
    if (ImGui::BeginChild("##code", size, true, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
        const bool error_moved = session.editable() && error.line > 0 &&
                                 error_in_edited(error, session.run_text(), session.edited_text()).line == 0;
        header(session, st, error_moved);
        // After a deadlock the listing shows where the threads are stuck (the
        // world at the deadlock), until a click in it asks for the editor.
        const bool stuck = session.editable() && !session.deadlock_text().empty() && !session.text_changed() &&
                           st.edit_after_deadlock != session.run_number();
        // Under the listing, the key to the gutter's short labels ("W0  ThreadPoolExecutor-0_0").
        // Going back in time, the marked listing too: where the threads stood then.
        const bool listing = !session.editable() || stuck || session.scrubbing();
        auto key = listing ? label_key(session.view_world(), session.index(), st.code.labels,
                                             session.python_lines().size())
                                 : std::vector<std::pair<std::string, std::string>>{};
        // Two lines of key when the pane is tall, one when the listing needs
        // the room, none when it is very short (the gutter's tooltip still
        // names the threads).
        const float mono_row = (fonts().mono ? fonts().mono->FontSize : ImGui::GetFontSize()) * 1.3f;
        const float body_h = ImGui::GetContentRegionAvail().y;
        const int key_max_rows = body_h > mono_row * 12 ? 2 : body_h > mono_row * 7 ? 1 : 0;
        if (key_max_rows == 0) key.clear();
        const float key_h =
            key.empty() ? 0.0f : label_key_height(key, ImGui::GetContentRegionAvail().x, key_max_rows);
        ImGui::BeginChild("##body", ImVec2(0, -key_h), false, ImGuiWindowFlags_HorizontalScrollbar);
        if (!listing) {
            draw_editor(session, st, error);
        } else {
            st.cursor = -1;
            // Follow the threads whenever the mouse is not over the pane:
            // while the run goes, and over a deadlock's stuck threads after it.
            draw_code(session.python_lines(), session.view_world(), session.index(), true, error, st.code,
                      listing_key(session), session.run_number());
            if (stuck && ImGui::IsWindowHovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Left))
                st.edit_after_deadlock = session.run_number();
        }
        ImGui::EndChild();
        if (!key.empty()) draw_label_key(key, session.view_world(), st.code.labels, key_max_rows);
        if (!key.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S::ThreadKeyHelp));
        // Ctrl+S: Save..., from anywhere in the window.
        const ImGuiIO& io = ImGui::GetIO();
        if (session.python() && io.KeyCtrl && !ImGui::IsPopupOpen("###save") && ImGui::IsKeyPressed('S', false))
            st.open_save = true;  // 'S': the GLFW backend indexes keys by their GLFW codes, 'S' for S
        save_dialog(session, st);
    }
    ImGui::EndChild();
    if (st.run_requested) {
        st.run_requested = false;
        if (session.editable()) session.start();
    }
}

}  // namespace tl::gui
