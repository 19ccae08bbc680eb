#include "gui/stats_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "gui/fonts.hpp"
#include "gui/i18n.hpp"
#include "gui/session.hpp"
#include "threadlab/reduce_stats.hpp"

namespace tl::gui {

namespace {

// Milliseconds with three significant digits or so: a deterministic run's
// waits may last microseconds, a free run's seconds.
std::string ms(Nanos t) {
    const double v = double(t) / 1e6;
    char buf[32];
    std::snprintf(buf, sizeof buf, v < 1 ? "%.3f" : v < 10 ? "%.2f" : v < 100 ? "%.1f" : "%.0f", v);
    return buf;
}

StepSeries series_of(const std::vector<StepPoint>& points, double unit, std::string label = "") {
    StepSeries s;
    s.label = std::move(label);
    for (const StepPoint& p : points) {
        s.x.push_back(double(p.t) / unit);
        s.y.push_back(double(p.value));
    }
    return s;
}

StepSeries rate_series(const RateSeries& r, double unit) {
    StepSeries s;
    for (size_t k = 0; k < r.counts.size(); ++k) {
        s.x.push_back(double(Nanos(k) * r.width) / unit);
        s.y.push_back(r.per_second(k));
    }
    return s;
}

bool any(const RateSeries& r) {
    return std::any_of(r.counts.begin(), r.counts.end(), [](int64_t c) { return c > 0; });
}

std::string formatted(const char* format, const std::string& arg) {
    char buf[512];
    std::snprintf(buf, sizeof buf, format, arg.c_str());
    return buf;
}

void bold_wrapped(const std::string& text) {
    ImGui::PushFont(fonts().bold);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopFont();
}

// The columns of the table, each a header and the row's cell.
constexpr int kColumns = 7;
const char* header(int c) {
    constexpr S kHeaders[kColumns] = {S::Object,       S::StatsWaitsCol,      S::StatsTotalCol,   S::StatsMeanCol,
                                      S::StatsLongestCol, S::StatsMaxWaitersCol, S::StatsFailuresCol};
    return tr(kHeaders[c]);
}
std::string cell(const StatsRow& r, int c) {
    if (c >= 2 && c <= 4 && r.lengths.empty()) return "-";  // no wait has finished: no time to tell
    switch (c) {
        case 0: return r.name;
        case 1: return std::to_string(r.waits);
        case 2: return ms(r.total);
        case 3: return ms(r.mean);
        case 4: return ms(r.longest);
        case 5: return std::to_string(r.max_waiters);
        default: return std::to_string(r.failures);
    }
}

void row_tooltip(const StatsRow& r) {
    if (r.waiting_now == 0 || !ImGui::IsItemHovered()) return;
    char buf[128];
    std::snprintf(buf, sizeof buf, tr(S::StatsWaitingNow), static_cast<long long>(r.waiting_now));
    ImGui::SetTooltip("%s", buf);
}

// The rows as a table when every column fits the width, else each row as
// a small card of wrapped text (at 300% a table of seven columns cannot
// fit a side pane, and a cut-off number is worse than a longer list).
void draw_rows(const StatsModel& model, StatsViewState& state, uint32_t selected) {
    const ImGuiStyle& style = ImGui::GetStyle();
    float need = 0;
    for (int c = 0; c < kColumns; ++c) {
        float w = ImGui::CalcTextSize(header(c)).x;
        for (const StatsRow& r : model.rows) w = std::max(w, ImGui::CalcTextSize(cell(r, c).c_str()).x);
        need += w + style.CellPadding.x * 2 + style.ItemSpacing.x;
    }
    if (need <= ImGui::GetContentRegionAvail().x &&
        ImGui::BeginTable("##waits", kColumns, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
        for (int c = 0; c < kColumns; ++c) ImGui::TableSetupColumn(header(c));
        ImGui::TableHeadersRow();
        for (const StatsRow& r : model.rows) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(int(r.id));
            if (ImGui::Selectable(r.name.c_str(), r.id == selected, ImGuiSelectableFlags_SpanAllColumns))
                state.selected = r.id;
            row_tooltip(r);
            ImGui::PopID();
            for (int c = 1; c < kColumns; ++c) {  // numbers right-aligned, so their digits line up
                ImGui::TableNextColumn();
                const std::string text = cell(r, c);
                const float room = ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize(text.c_str()).x;
                if (room > 0) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + room);
                ImGui::TextUnformatted(text.c_str());
            }
        }
        ImGui::EndTable();
        return;
    }
    for (const StatsRow& r : model.rows) {
        ImGui::PushID(int(r.id));
        ImGui::PushFont(fonts().bold);
        if (ImGui::Selectable(r.name.c_str(), r.id == selected)) state.selected = r.id;
        ImGui::PopFont();
        row_tooltip(r);
        // "waits: 5", "total ms: 2016"...: each a unit, on the line while it fits.
        ImGui::Indent();
        const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
        const float gap = ImGui::GetFontSize() * 1.2f;
        for (int c = 1; c < kColumns; ++c) {
            const std::string item = std::string(header(c)) + ": " + cell(r, c);
            // (Decided before SameLine: a SameLine undone by NewLine would
            // still count its position as content, past the right edge.)
            if (c > 1 && ImGui::GetItemRectMax().x + gap + ImGui::CalcTextSize(item.c_str()).x <= right)
                ImGui::SameLine(0, gap);
            ImGui::TextUnformatted(item.c_str());
        }
        ImGui::Unindent();
        ImGui::PopID();
    }
}

}  // namespace

StatsModel build_stats_model(const EventLog& log, size_t n) {
    StatsModel m;
    m.has_log = true;
    m.language = language();
    // About 25 bins: a rate over a tenth of a short run or so, steady
    // enough to read, fine enough to show a pool filling up and draining.
    const RunStatistics s = run_statistics(log, n, 25);
    m.events = s.events;
    for (const ObjectWaits& o : s.objects) {
        if (o.waits == 0 && o.failures == 0) continue;
        const ObjectInfo info = log.object(o.id);
        if (info.internal) continue;
        StatsRow r;
        r.id = o.id;
        r.name = info.name;
        r.waits = o.waits;
        r.waiting_now = o.waiting_now;
        r.max_waiters = o.max_waiters;
        r.failures = o.failures;
        r.total = o.total;
        r.mean = o.mean();
        r.longest = o.longest;
        r.lengths = o.lengths;
        r.thread = info.kind == ObjKind::Thread;
        m.rows.push_back(std::move(r));
    }
    std::stable_sort(m.rows.begin(), m.rows.end(), [](const StatsRow& a, const StatsRow& b) {
        return a.total != b.total ? a.total > b.total : a.waits > b.waits;
    });

    const bool seconds = s.duration >= 2'000'000'000;
    const double unit = seconds ? 1e9 : 1e6;
    const double x_max = double(s.duration) / unit;
    const std::string x_title = tr(seconds ? S::StatsTimeS : S::StatsTimeMs);
    for (const QueueDepth& q : s.queues) m.queues.series.push_back(series_of(q.points, unit, log.object(q.queue).name));
    m.queues.integers = m.alive.integers = true;
    m.alive.series.push_back(series_of(s.alive, unit));
    m.rate_of_futures = any(s.futures_finished);
    m.rate.series.push_back(rate_series(m.rate_of_futures ? s.futures_finished : s.operations, unit));
    for (LineChart* c : {&m.queues, &m.alive, &m.rate}) {
        c->x_title = x_title;
        if (!c->empty()) fit_axes(*c, x_max);
    }
    return m;
}

BarChart wait_histogram_chart(const StatsRow& row) {
    BarChart c;
    const Histogram h = histogram(row.lengths);
    if (h.empty()) return c;
    c.width = double(h.width) / 1e6;
    for (int64_t k : h.counts) c.heights.push_back(double(k));
    c.x_title = tr(S::StatsWaitMs);
    fit_axes(c);
    return c;
}

const StatsRow* shown_row(const StatsModel& model, const StatsViewState& state) {
    // Until one is clicked: the most waited-on object that is not a thread
    // (a join's long wait says less than a queue's or a lock's).
    for (const StatsRow& r : model.rows)
        if (r.id == state.selected) return &r;
    for (const StatsRow& r : model.rows)
        if (!r.thread) return &r;
    return model.rows.empty() ? nullptr : &model.rows.front();
}

void draw_stats(const StatsModel& model, StatsViewState& state) {
    if (!model.has_log) {
        ImGui::TextWrapped("%s", tr(S::StatsNoRun));
        return;
    }
    const float font = ImGui::GetFontSize();
    // Charts take most of a pane's height, but stay between 8 and 13 lines.
    const float chart_h = std::clamp(ImGui::GetContentRegionAvail().y * 0.55f, font * 8, font * 13);

    bold_wrapped(tr(S::StatsWaits));
    if (ImGui::IsItemHovered()) {
        ImGui::SetNextWindowSize(ImVec2(font * 24, 0));
        ImGui::BeginTooltip();
        ImGui::TextWrapped("%s", tr(S::StatsWaitsHelp));
        ImGui::EndTooltip();
    }
    const StatsRow* shown = shown_row(model, state);
    if (model.rows.empty())
        ImGui::TextWrapped("%s", tr(S::StatsNoWaits));
    else
        draw_rows(model, state, shown->id);

    if (shown) {
        const BarChart hist = wait_histogram_chart(*shown);
        if (!hist.empty()) {
            ImGui::Spacing();
            bold_wrapped(formatted(tr(S::StatsHistogram), shown->name));
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S::StatsHistogramHelp));
            draw_bar_chart(hist, chart_h);
        }
    }
    if (!model.queues.empty()) {
        ImGui::Spacing();
        bold_wrapped(tr(S::StatsQueueDepth));
        draw_line_chart(model.queues, chart_h);
    }
    ImGui::Spacing();
    bold_wrapped(tr(S::StatsAlive));
    draw_line_chart(model.alive, chart_h);
    ImGui::Spacing();
    bold_wrapped(tr(model.rate_of_futures ? S::StatsFuturesRate : S::StatsOpsRate));
    draw_line_chart(model.rate, chart_h);
}

const StatsModel& stats_model(const Session& session) {
    // A pass over the whole log: rebuilt when it grows, no more than four
    // times a second while a run streams in (the end of a run at once).
    static const EventLog* cached_log = nullptr;
    static size_t cached_size = 0, last_size = 0;
    static double cached_at = -1;
    static StatsModel cached;
    static const StatsModel none;
    const EventLog* log = session.log();
    if (log == nullptr) return none;
    // As every pane: the run as it stood at the scrubber's event, the whole log when live.
    const size_t size = session.view_events();
    const double now = ImGui::GetTime();
    const bool settled = size == last_size;
    last_size = size;
    if (log != cached_log || cached.language != language() ||
        (size != cached_size && (settled || now - cached_at >= 0.25))) {
        cached = build_stats_model(*log, size);
        cached_log = log;
        cached_size = size;
        cached_at = now;
    }
    return cached;
}

bool stats_tab(const Session& session, bool bring) {
    const std::string title = std::string(tr(S::StatsTab)) + "###statistics";
    ImGui::PushFont(tab_font());
    const bool open = ImGui::BeginTabItem(title.c_str(), nullptr, bring ? ImGuiTabItemFlags_SetSelected : 0);
    ImGui::PopFont();
    if (!open) return false;
    ImGui::BeginChild("##statistics", ImVec2(0, 0), false);
    static StatsViewState state;  // the window's one Statistics tab
    draw_stats(stats_model(session), state);
    ImGui::EndChild();
    ImGui::EndTabItem();
    return true;
}

}  // namespace tl::gui
