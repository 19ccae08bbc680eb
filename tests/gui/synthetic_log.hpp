// A made-up but well-formed event log for the GUI tests: `threads` threads
// taking turns on one lock, sleeping and running, `events` events in all,
// with a fixed pseudo-random rhythm (no real threads, so no timing).
#pragma once
#include <cstdint>
#include <string>

#include "threadlab/event_log.hpp"

namespace tl::gui::testing {

inline void fill_synthetic_log(EventLog& log, uint32_t threads, size_t events) {
    const uint32_t lock = log.add_object(ObjectInfo{"lock", ObjKind::Lock, 0});
    LogEvent obj;
    obj.kind = EvKind::ObjNew;
    obj.object = lock;
    obj.code = static_cast<uint8_t>(ObjKind::Lock);
    log.append(obj);
    for (uint32_t i = 0; i < threads; ++i) {
        const uint32_t tid = log.add_thread(ThreadInfo{"worker-" + std::to_string(i), kNone, false});
        LogEvent e;
        e.kind = EvKind::ThreadNew;
        e.thread = tid;
        log.append(e);
    }
    uint64_t rng = 12345;
    auto next = [&] {
        rng = rng * 6364136223846793005ull + 1442695040888963407ull;
        return rng >> 33;
    };
    Nanos t = 0;
    size_t n = threads + 1;
    while (n < events) {
        const uint32_t tid = static_cast<uint32_t>(next() % threads);
        t += static_cast<Nanos>(1000 + next() % 50000);
        LogEvent e;
        e.t = t;
        e.thread = tid;
        e.line = static_cast<uint16_t>(1 + next() % 20);
        switch (next() % 4) {
        case 0:  // blocks on the lock, then gets it
            e.kind = EvKind::State;
            e.code = static_cast<uint8_t>(ThreadState::Blocked);
            e.object = lock;
            log.append(e);
            e.t = (t += 500);
            e.kind = EvKind::OpDone;
            e.code = static_cast<uint8_t>(Op::Acquire);
            e.value = 1;
            log.append(e);
            n += 2;
            break;
        case 1:
            e.kind = EvKind::State;
            e.code = static_cast<uint8_t>(ThreadState::Sleeping);
            log.append(e);
            ++n;
            break;
        default:
            e.kind = EvKind::State;
            e.code = static_cast<uint8_t>(ThreadState::Running);
            log.append(e);
            ++n;
            break;
        }
    }
}

}  // namespace tl::gui::testing
