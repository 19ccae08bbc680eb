#include "gui/compare_view.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "gui/fonts.hpp"
#include "gui/i18n.hpp"
#include "gui/widgets.hpp"

namespace tl::gui {

namespace {

// The lanes a thread ever had (a lane per thread the run made).
size_t threads_of(const Timeline& t) {
    return static_cast<size_t>(
        std::count_if(t.lanes().begin(), t.lanes().end(), [](const Lane& l) { return !l.segments.empty(); }));
}

void run_header(const std::string& text, ImU32 tag_colour) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float font = ImGui::GetFontSize();
    dl->AddRectFilled(ImVec2(p.x, p.y + font * 0.15f), ImVec2(p.x + font * 0.45f, p.y + font * 1.05f), tag_colour, 2.0f);
    ImGui::SetCursorScreenPos(ImVec2(p.x + font * 0.7f, p.y));
    ImGui::PushFont(fonts().bold);
    const std::string shown = fit_end(text, ImGui::GetContentRegionAvail().x);
    ImGui::TextUnformatted(shown.c_str());
    ImGui::PopFont();
    if (shown != text && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text.c_str());
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : "  ") + p;
    return out;
}

// A run's settings with those `other` does not have first (what makes the
// two runs differ), the shared ones after them in brackets.
std::string differing(const std::vector<std::string>& mine, const std::vector<std::string>& other) {
    std::vector<std::string> diff, same;
    for (const std::string& s : mine) (std::find(other.begin(), other.end(), s) != other.end() ? same : diff).push_back(s);
    if (diff.empty()) return joined(same);  // the same settings (the code changed, or nothing did)
    return same.empty() ? joined(diff) : joined(diff) + "  (" + joined(same) + ")";
}

}  // namespace

std::string compare_line(const char* tag, const std::string& label, Nanos duration, size_t threads,
                         const CheckList& checks) {
    // The totals first: how long each run took is what the comparison is about.
    char totals[160];
    std::snprintf(totals, sizeof totals, tr(S::CompareTotals), format_time(static_cast<double>(duration), 1e6).c_str(),
                  threads);
    std::string out = std::string(tag) + "  \xC2\xB7  " + totals;
    if (checks.state == CheckList::State::Done && !checks.rows.empty()) {
        char verdict[96];
        std::snprintf(verdict, sizeof verdict, tr(S::CompareChecks), checks.passed(), static_cast<int>(checks.rows.size()));
        out += std::string("  \xC2\xB7  ") + verdict;
    }
    return out + "  \xC2\xB7  " + label;
}

void draw_compared_timelines(const Session& session, TimelineInput current, TimelineViewState& view, ImVec2 size) {
    const Session::KeptRun* kept = session.kept();
    if (!kept) return draw_timeline(current, view);
    const float font = ImGui::GetFontSize();
    const float header = ImGui::GetTextLineHeightWithSpacing();
    // One axis for both: the longer run's.
    const Nanos end = std::max(kept->timeline.end_time(), current.end_time);
    TimelineInput before;
    before.lanes = &kept->timeline.lanes();
    before.index = &kept->index;
    before.end_time = end;
    before.phase_strip = false;
    // Its lanes' chips, as its code pane gave them (the labels of a run
    // depend only on its threads' names, in the order they appeared).
    ThreadLabels kept_labels;
    std::vector<std::string> names;
    for (uint32_t tid = 0; tid < kept->index.thread_count(); ++tid) names.push_back(kept->index.thread_name(tid));
    kept_labels.update(names);
    before.labels = &kept_labels;
    current.end_time = end;
    current.steps = false;  // compared by time: turns of two runs do not line up
    current.axis_labels = false;  // the kept run's axis above says the times
    // One label column for both, so that their axes line up.
    before.label_w = current.label_w = std::max(timeline_label_width(before, size.x), timeline_label_width(current, size.x));
    // The kept run gets room for its lanes (the axis and 1.75 text heights
    // a lane), and each run at least its line, the axis and two lanes; in
    // a pane too short for both, half each.
    const size_t a = std::max<size_t>(kept->timeline.lanes().size(), 1);
    const float least = header + font * (1.6f + 1.5f * 2);
    const float want = header + font * (1.8f + 1.6f * float(a));
    const float top = size.y < 2 * least ? size.y * 0.5f : std::clamp(want, least, size.y - least);
    ImGui::BeginChild("##kept_run", ImVec2(size.x, top), false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    const std::vector<std::string> now = session.run_settings();
    run_header(compare_line(tr(S::KeptRunTag), differing(kept->settings, now), kept->timeline.end_time(),
                            threads_of(kept->timeline), kept->checks),
               IM_COL32(120, 120, 135, 255));
    draw_timeline(before, view);
    ImGui::EndChild();

    ImGui::BeginChild("##this_run", ImVec2(size.x, 0), false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    // A new run since the one kept (until then the current run is the kept one).
    const bool ran_since = session.log() && session.log() != &kept->run->log();
    if (ran_since) {
        run_header(compare_line(tr(S::ThisRunTag), differing(now, kept->settings), session.timeline().end_time(),
                                threads_of(session.timeline()), session.checks()),
                   IM_COL32(40, 110, 200, 255));
        draw_timeline(current, view);
    } else {
        ImGui::TextDisabled("%s", tr(S::CompareHint));
    }
    ImGui::EndChild();
}

}  // namespace tl::gui
