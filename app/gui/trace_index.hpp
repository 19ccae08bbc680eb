// What the views need from the event log besides tl::Timeline and tl::World,
// folded incrementally like them: thread and object names (cached, so a
// frame never takes the log's name mutex), and per thread the operation
// markers the timeline draws as ticks, each knowing whether the thread had to
// wait for it (the red "contention" marks).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "threadlab/event_log.hpp"

namespace tl::gui {

struct OpMarker {
    Nanos t = 0;
    int64_t value = 0;
    int64_t aux = 0;
    uint32_t object = kNone;
    uint16_t line = 0;
    Op op = Op::Start;
    bool ok = true;
    bool waited = false;  // the thread blocked or waited on this object just before
};

class TraceIndex {
public:
    // Folds the published events [consumed(), upto).
    void update(const EventLog& log, size_t upto = SIZE_MAX);
    size_t consumed() const { return consumed_; }

    const std::string& thread_name(uint32_t tid) const;
    const std::string& object_name(uint32_t id) const;
    ObjKind object_kind(uint32_t id) const;
    size_t thread_count() const { return threads_.size(); }
    // Operation markers of thread `tid`, in time order.
    const std::vector<OpMarker>& markers(uint32_t tid) const;
    // "pool.acquire()", "q.put(3)", "q.get() -> 3": the marker as Python.
    std::string describe(const OpMarker& m) const;

private:
    struct ThreadRow {
        std::string name;
        std::vector<OpMarker> markers;
        std::vector<uint32_t> waited_on;  // objects blocked/waited on since the last op
    };
    struct ObjectRow {
        std::string name;
        ObjKind kind = ObjKind::Lock;
    };
    ThreadRow& thread_row(const EventLog& log, uint32_t tid);
    ObjectRow& object_row(const EventLog& log, uint32_t id);

    std::vector<ThreadRow> threads_;
    std::vector<ObjectRow> objects_;
    std::vector<std::string> raised_;  // "Type: message" of Raise markers (marker.value indexes it)
    size_t consumed_ = 0;
};

}  // namespace tl::gui
