#include "gui/objects_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "gui/colors.hpp"
#include "gui/deadlock_graph_view.hpp"
#include "gui/fonts.hpp"
#include "gui/i18n.hpp"
#include "gui/pool_model.hpp"
#include "gui/widgets.hpp"

namespace tl::gui {
namespace {

constexpr ImU32 kItemFill = palette::kItemFill;  // queue items: no thread state uses tan

struct Slot {
    std::string text;
    ImU32 fill = palette::kSlotEmpty;
    ImU32 ink = palette::kTextDim;
};

ThreadState state_of(const World& w, uint32_t tid) {
    return tid < w.threads.size() ? w.threads[tid].state : ThreadState::New;
}

Slot thread_slot(const World& w, const TraceIndex& index, uint32_t tid) {
    ThreadState s = state_of(w, tid);
    return Slot{index.thread_name(tid), state_color(s), state_text_color(s)};
}

Slot empty_slot(const char* text = nullptr) { return Slot{text ? text : "", palette::kSlotEmpty, palette::kTextDim}; }

// A row of equal boxes, wrapping to the pane width. `border` outlines the whole row (e.g. red when broken).
void draw_slots(const std::vector<Slot>& slots, ImU32 border = 0) {
    const float font = ImGui::GetFontSize();
    float w = font * 4.2f;
    for (const Slot& s : slots) w = std::max(w, ImGui::CalcTextSize(s.text.c_str()).x + font * 0.8f);
    w = std::min(w, font * 9.0f);
    const float h = font * 1.7f, gap = font * 0.3f;
    const float avail = std::max(ImGui::GetContentRegionAvail().x, w);
    const int per_row = std::max(1, static_cast<int>((avail + gap) / (w + gap)));
    const int rows = (static_cast<int>(slots.size()) + per_row - 1) / per_row;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (size_t i = 0; i < slots.size(); ++i) {
        const int r = static_cast<int>(i) / per_row, c = static_cast<int>(i) % per_row;
        ImVec2 a(p.x + c * (w + gap), p.y + r * (h + gap));
        ImVec2 b(a.x + w, a.y + h);
        dl->AddRectFilled(a, b, slots[i].fill, 4.0f);
        dl->AddRect(a, b, palette::kSlotBorder, 4.0f, 0, 1.5f);
        ImVec2 ts = ImGui::CalcTextSize(slots[i].text.c_str());
        dl->PushClipRect(a, b, true);
        dl->AddText(ImVec2(a.x + std::max(4.0f, (w - ts.x) * 0.5f), a.y + (h - ts.y) * 0.5f), slots[i].ink,
                    slots[i].text.c_str());
        dl->PopClipRect();
    }
    const float used_w = std::min<float>(static_cast<float>(slots.size()), static_cast<float>(per_row)) * (w + gap) - gap;
    const float used_h = std::max(rows, 1) * (h + gap) - gap;
    if (border)
        dl->AddRect(ImVec2(p.x - 3, p.y - 3), ImVec2(p.x + used_w + 3, p.y + used_h + 3), border, 6.0f, 0, 3.0f);
    ImGui::Dummy(ImVec2(std::max(used_w, 1.0f), used_h));
}

// "waiting: [A] [B]": the object's wait queue in arrival order.
void draw_waiters(const World& w, const TraceIndex& index, const std::vector<uint32_t>& waiters, S label) {
    if (waiters.empty()) return;
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s (%zu):", tr(label), waiters.size());
    const float right = ImGui::GetWindowContentRegionMax().x + ImGui::GetWindowPos().x;
    for (uint32_t tid : waiters) {
        const std::string& name = index.thread_name(tid);
        ImGui::SameLine();
        if (ImGui::GetCursorScreenPos().x + chip_size(name).x > right) ImGui::NewLine();
        thread_chip(name, state_of(w, tid));
    }
}

void object_header(const TraceIndex& index, const ObjectView& o, const char* detail) {
    ImGui::PushFont(fonts().bold);
    ImGui::TextUnformatted(index.object_name(o.id).c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::TextDisabled("%s", std::string(to_string(o.kind)).c_str());
    if (detail && *detail) {
        ImGui::SameLine();
        ImGui::TextUnformatted(detail);
    }
}

void draw_lock(const World& w, const TraceIndex& index, const ObjectView& o) {
    std::string detail;
    if (o.kind == ObjKind::RLock && o.owner != kNone) detail = std::string(tr(S::Depth)) + " " + std::to_string(o.depth);
    object_header(index, o, detail.c_str());
    Slot slot = o.owner == kNone ? empty_slot(tr(S::Free)) : thread_slot(w, index, o.owner);
    // Its owner has ended: still locked, but held by nobody alive.
    if (o.owner != kNone && o.abandoned) slot = Slot{index.thread_name(o.owner), IM_COL32(226, 227, 232, 255), palette::kTextDim};
    draw_slots({slot}, o.abandoned ? palette::kAbandoned : 0);
    if (o.abandoned) ImGui::TextDisabled("%s", tr(S::Abandoned));
    draw_waiters(w, index, o.waiters, S::Waiting);
}

void draw_semaphore(const World& w, const TraceIndex& index, const ObjectView& o) {
    char detail[64];
    // A BoundedSemaphore's value is out of its bound: a pool's free
    // connections of all it has (a resize changes the bound).
    if (o.kind == ObjKind::BoundedSemaphore)
        std::snprintf(detail, sizeof detail, "%s = %lld / %lld", tr(S::Value), static_cast<long long>(o.value),
                      static_cast<long long>(o.initial));
    else
        std::snprintf(detail, sizeof detail, "%s = %lld", tr(S::Value), static_cast<long long>(o.value));
    object_header(index, o, detail);
    std::vector<Slot> slots;
    for (uint32_t tid : o.holders) slots.push_back(thread_slot(w, index, tid));
    const int64_t free_units = std::max<int64_t>(o.value, 0);
    for (int64_t i = 0; i < free_units && slots.size() < 64; ++i) slots.push_back(empty_slot(tr(S::Free)));
    if (!slots.empty()) draw_slots(slots);
    draw_waiters(w, index, o.waiters, S::Waiting);
}

void draw_queue(const World& w, const TraceIndex& index, const ObjectView& o) {
    char detail[96];
    const bool bounded = o.initial > 0;
    if (bounded)
        std::snprintf(detail, sizeof detail, "%lld / %lld%s", static_cast<long long>(o.items.size()),
                      static_cast<long long>(o.initial),
                      static_cast<int64_t>(o.items.size()) >= o.initial ? "  " : "");
    else
        std::snprintf(detail, sizeof detail, "%lld  (%s)", static_cast<long long>(o.items.size()), tr(S::Unbounded));
    object_header(index, o, detail);
    if (bounded && static_cast<int64_t>(o.items.size()) >= o.initial) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.82f, 0.08f, 0.12f, 1), "%s", tr(S::Full));
    }
    std::vector<Slot> slots;
    for (int64_t item : o.items) {
        if (slots.size() >= 64) break;
        slots.push_back(Slot{index.value_text(o.id, item), kItemFill, palette::kText});
    }
    for (int64_t i = static_cast<int64_t>(o.items.size()); bounded && i < o.initial && slots.size() < 64; ++i)
        slots.push_back(empty_slot());
    if (slots.empty()) slots.push_back(empty_slot(tr(S::Empty)));
    draw_slots(slots);
    // Only where the program counts tasks: otherwise the number means nothing to the student.
    if (o.tasks_tracked && o.unfinished > 0) ImGui::TextDisabled("%s: %lld", tr(S::Unfinished), static_cast<long long>(o.unfinished));
    draw_waiters(w, index, o.waiters, S::Waiting);
}

void draw_barrier(const World& w, const TraceIndex& index, const ObjectView& o) {
    char detail[64];
    std::snprintf(detail, sizeof detail, "%s %lld / %lld", tr(S::Arrived), static_cast<long long>(o.waiters.size()),
                  static_cast<long long>(o.initial));
    object_header(index, o, detail);
    if (o.broken) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.82f, 0.08f, 0.12f, 1), "%s", tr(S::Broken));
    }
    std::vector<Slot> slots;
    for (uint32_t tid : o.waiters) slots.push_back(thread_slot(w, index, tid));
    for (int64_t i = static_cast<int64_t>(o.waiters.size()); i < o.initial && slots.size() < 64; ++i)
        slots.push_back(empty_slot());
    draw_slots(slots, o.broken ? palette::kAlert : 0);
}

void draw_event(const World& w, const TraceIndex& index, const ObjectView& o) {
    object_header(index, o, nullptr);
    ImGui::SameLine();
    const bool set = o.value != 0;
    const std::string flag = set ? tr(S::FlagSet) : tr(S::FlagClear);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 ts = ImGui::CalcTextSize(flag.c_str());
    const float pad = ImGui::GetFontSize() * 0.5f;
    ImVec2 b(p.x + ts.x + 2 * pad, p.y + ts.y + 4);
    dl->AddRectFilled(p, b, set ? palette::kEventSet : palette::kSlotEmpty, 20.0f);
    dl->AddRect(p, b, palette::kSlotBorder, 20.0f, 0, 1.5f);
    dl->AddText(ImVec2(p.x + pad, p.y + 2), set ? IM_COL32(255, 255, 255, 255) : palette::kTextDim, flag.c_str());
    ImGui::Dummy(ImVec2(b.x - p.x, b.y - p.y));
    draw_waiters(w, index, o.waiters, S::Waiting);
}

void draw_condition(const World& w, const TraceIndex& index, const ObjectView& o) {
    object_header(index, o, nullptr);
    if (o.waiters.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("-");
    }
    draw_waiters(w, index, o.waiters, S::Waiting);
}

// Compact, since every process has a GIL: the counts on the header line,
// then the holder and the threads blocked waiting for it on one line.
void draw_gil(const World& w, const TraceIndex& index, const ObjectView& o) {
    char detail[96];
    std::snprintf(detail, sizeof detail, "%s %lld   %s %lld", tr(S::HandOvers), static_cast<long long>(o.switches),
                  tr(S::DropRequests), static_cast<long long>(o.drop_requests));
    object_header(index, o, detail);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(S::Holder));
    ImGui::SameLine();
    if (o.owner == kNone) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%s", tr(S::Free));
    } else {
        thread_chip(index.thread_name(o.owner), state_of(w, o.owner));
    }
    if (o.waiters.empty()) return;
    ImGui::SameLine(0, ImGui::GetFontSize());
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s (%zu):", tr(S::Waiting), o.waiters.size());
    const float right = ImGui::GetWindowContentRegionMax().x + ImGui::GetWindowPos().x;
    for (uint32_t tid : o.waiters) {
        const std::string& name = index.thread_name(tid);
        ImGui::SameLine();
        if (ImGui::GetCursorScreenPos().x + chip_size(name).x > right) ImGui::NewLine();
        thread_chip(name, state_of(w, tid));
    }
}

// "Share of CPU": one bar per thread that ran, its length the thread's
// running time over its own lifetime, which is what the GIL decides: two
// CPU-bound threads sharing one GIL get about 50% each, two processes about
// 100% each. (Over the run's whole duration both would show the same
// number, since they do the same work; the tooltip gives that one too.)
void draw_cpu_shares(const World& w, const TraceIndex& index, const CpuShares& cpu) {
    if (cpu.shares().empty() || cpu.duration() <= 0) return;
    // Threads that barely ran (a result handler, a waiting MainThread) would
    // only push the interesting bars out of the pane.
    auto shown = [](const CpuShare& c) { return c.of_life >= 0.005; };
    ImGui::PushFont(fonts().bold);
    ImGui::TextUnformatted(tr(S::CpuShare));
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::TextDisabled("(%s)", tr(S::CpuShareHelp));
    const float font = ImGui::GetFontSize();
    float name_w = font * 3;
    for (const CpuShare& c : cpu.shares())
        if (shown(c)) name_w = std::max(name_w, ImGui::CalcTextSize(index.thread_name(c.tid).c_str()).x);
    const float avail = ImGui::GetContentRegionAvail().x;
    name_w = std::min(name_w + font * 0.5f, avail * 0.45f);
    const float pct_w = ImGui::CalcTextSize("100%").x + font * 0.4f;
    const float bar_w = std::max(font * 2, avail - name_w - pct_w);
    const float row_h = font * 1.2f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (const CpuShare& c : cpu.shares()) {
        if (!shown(c)) continue;
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const std::string& name = index.thread_name(c.tid);
        dl->PushClipRect(p, ImVec2(p.x + name_w - 4, p.y + row_h), true);
        dl->AddText(ImVec2(p.x, p.y + (row_h - font) * 0.5f), palette::kText, name.c_str());
        dl->PopClipRect();
        const float x0 = p.x + name_w, y0 = p.y + row_h * 0.12f, y1 = p.y + row_h * 0.88f;
        dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + bar_w, y1), palette::kLaneBg, 3.0f);
        const float len = bar_w * static_cast<float>(std::clamp(c.of_life, 0.0, 1.0));
        dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + std::max(len, 2.0f), y1), state_color(ThreadState::Running), 3.0f);
        char pct[16];
        std::snprintf(pct, sizeof pct, "%.0f%%", 100 * c.of_life);
        dl->AddText(ImVec2(x0 + bar_w + font * 0.3f, p.y + (row_h - font) * 0.5f), palette::kText, pct);
        ImGui::Dummy(ImVec2(avail, row_h));
        if (ImGui::IsItemHovered()) {
            const ThreadState s = c.tid < w.threads.size() ? w.threads[c.tid].state : ThreadState::Done;
            ImGui::SetTooltip("%s (%s): %.3f s %s = %.0f%% %s, %.0f%% %s", name.c_str(), state_name(s),
                              static_cast<double>(c.running) / 1e9, state_name(ThreadState::Running), 100 * c.of_life,
                              tr(S::OfItsLife), 100 * c.share, tr(S::OfTheRun));
        }
    }
}

// A chip in a look rather than a state: an idle worker is teal, as its lane.
void look_chip(const std::string& name, Look look, const char* help) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImVec2 size = chip_size(name);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float pad = ImGui::GetFontSize() * 0.4f;
    dl->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y), look_color(look), size.y * 0.3f);
    dl->AddRect(pos, ImVec2(pos.x + size.x, pos.y + size.y), IM_COL32(0, 0, 0, 140), size.y * 0.3f);
    dl->AddText(ImVec2(pos.x + pad, pos.y + pad * 0.3f), IM_COL32(255, 255, 255, 255), name.c_str());
    ImGui::Dummy(size);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %s", name.c_str(), help);
}

// A worker and what it does now: its chip, then "-> f12" or "idle". A worker
// waiting for work is idle, not stuck: its chip says so in the idle colour.
void draw_worker(const World& w, const TraceIndex& index, const PoolWorker& worker, S none_label) {
    const ThreadState s = state_of(w, worker.tid);
    const uint32_t on = worker.tid < w.threads.size() ? w.threads[worker.tid].object : kNone;
    if (worker.future == kNone && s == ThreadState::Waiting && on != kNone && index.idle_wait(on))
        look_chip(index.thread_name(worker.tid), Look::Idle, tr(S::LookIdleHelp));
    else
        thread_chip(index.thread_name(worker.tid), s);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    if (worker.future != kNone) {
        ImGui::TextUnformatted("\xE2\x86\x92");
        ImGui::SameLine();
        ImGui::PushFont(fonts().bold);
        ImGui::TextUnformatted(index.object_name(worker.future).c_str());
        ImGui::PopFont();
    } else {
        ImGui::TextDisabled("%s", tr(none_label));
    }
}

void draw_queue_items(const World& w, const TraceIndex& index, uint32_t pool, uint32_t queue, S label) {
    if (queue == kNone || queue >= w.objects.size()) return;
    const ObjectView& q = w.objects[queue];
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%s (%zu):", tr(label), q.items.size());
    ImGui::SameLine();
    std::vector<Slot> slots;
    for (int64_t item : q.items) {
        if (slots.size() >= 32) break;
        slots.push_back(Slot{work_item_label(w, index, pool, item), kItemFill, palette::kText});
    }
    if (slots.empty()) slots.push_back(empty_slot(tr(S::Empty)));
    draw_slots(slots);
}

void draw_pool(const World& w, const TraceIndex& index, const ObjectView& o, const PoolParts& parts) {
    char detail[96];
    std::snprintf(detail, sizeof detail, "%s %lld   %s %lld", tr(S::MaxWorkers), static_cast<long long>(o.initial),
                  tr(S::Submitted), static_cast<long long>(o.value));
    object_header(index, o, detail);
    ImGui::Indent(ImGui::GetFontSize() * 0.5f);
    if (parts.workers.empty()) ImGui::TextDisabled("%s: -", tr(S::Workers));
    for (const PoolWorker& worker : parts.workers) draw_worker(w, index, worker, S::Idle);
    draw_queue_items(w, index, o.id, parts.work_queue, S::WorkQueue);
    if (parts.result_queue != kNone) draw_queue_items(w, index, o.id, parts.result_queue, S::ResultQueue);
    if (parts.result_handler != kNone) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%s:", tr(S::ResultHandler));
        ImGui::SameLine();
        thread_chip(index.thread_name(parts.result_handler), state_of(w, parts.result_handler));
    }
    ImGui::Unindent(ImGui::GetFontSize() * 0.5f);
}

}  // namespace

void draw_objects(const World& world, const TraceIndex& index, const CpuShares& cpu) {
    const PoolModel model = build_pool_model(world, index);
    bool any = false;
    // A deadlock is the first thing to see: its wait-for graph on top.
    if (draw_deadlock_graph(world, index)) {
        ImGui::Spacing();
        ImGui::Separator();
        any = true;
    }
    const bool gil = std::any_of(world.objects.begin(), world.objects.end(),
                                 [&](const ObjectView& o) { return gil_in_use(o, index); });
    if (gil) {
        // With a GIL in play, who got the CPU is the first question.
        draw_cpu_shares(world, index, cpu);
        ImGui::Spacing();
        ImGui::Separator();
        any = true;
    }
    for (const ObjectView& o : world.objects) {
        if (o.id < model.hidden.size() && model.hidden[o.id]) continue;
        any = true;
        ImGui::PushID(static_cast<int>(o.id));
        switch (o.kind) {
        case ObjKind::Lock:
        case ObjKind::RLock: draw_lock(world, index, o); break;
        case ObjKind::Semaphore:
        case ObjKind::BoundedSemaphore: draw_semaphore(world, index, o); break;
        case ObjKind::Queue: draw_queue(world, index, o); break;
        case ObjKind::Barrier: draw_barrier(world, index, o); break;
        case ObjKind::Event: draw_event(world, index, o); break;
        case ObjKind::Condition: draw_condition(world, index, o); break;
        case ObjKind::Gil: draw_gil(world, index, o); break;
        case ObjKind::Executor:
        case ObjKind::Pool: {
            auto it = std::find_if(model.pools.begin(), model.pools.end(),
                                   [&](const PoolParts& p) { return p.pool == o.id; });
            if (it != model.pools.end()) draw_pool(world, index, o, *it);
            break;
        }
        case ObjKind::Thread:
            object_header(index, o, nullptr);
            draw_waiters(world, index, o.waiters, S::JoinWaiters);
            break;
        default:  // kinds without a picture of their own (the engine adds more): name and waiters
            object_header(index, o, nullptr);
            draw_waiters(world, index, o.waiters, S::Waiting);
            break;
        }
        ImGui::PopID();
        ImGui::Spacing();
        ImGui::Separator();
    }
    if (!any) ImGui::TextDisabled("%s", tr(S::NoObjects));
}

}  // namespace tl::gui
