// A thread's coroutine lanes are drawn right under it, the threads in the
// order they began (issue 11, coroutines: lanes grouped under their OS thread).
#include <catch2/catch.hpp>

#include "gui/lane_order.hpp"
#include "log_builder.hpp"

using namespace tl;
using namespace tl::gui;
using tl::gui::testing::LogBuilder;

namespace {
// A greenlet's lane, as lanes.cpp records it: ThreadNew with other = its OS thread.
uint32_t lane(LogBuilder& b, const std::string& name, uint32_t host) {
    const uint32_t tid = b.log.add_thread(ThreadInfo{name, kNone, false});
    LogEvent e;
    e.kind = EvKind::ThreadNew;
    e.thread = tid;
    e.other = host;
    e.t = b.t;
    b.log.append(e);
    return tid;
}
}  // namespace

TEST_CASE("lane order: coroutine lanes follow their OS thread; threads keep the order they began in") {
    LogBuilder b;
    const uint32_t main = b.thread("MainThread");
    const uint32_t worker = b.thread("worker");
    const uint32_t ping = lane(b, "greenlet ping @MainThread", main);
    const uint32_t gen = lane(b, "generator g @worker", worker);
    const uint32_t pong = lane(b, "greenlet pong @MainThread", main);
    for (uint32_t t : {main, worker, ping, gen, pong}) b.state(t, ThreadState::Running);
    TraceIndex index;
    index.update(b.log);
    Timeline timeline;
    timeline.update(b.log);
    const std::vector<Lane>& lanes = timeline.lanes();
    REQUIRE(lanes.size() == 5);
    std::vector<uint32_t> tids;
    for (size_t i : lane_order(lanes, index)) tids.push_back(lanes[i].tid);
    CHECK(tids == std::vector<uint32_t>{main, ping, pong, worker, gen});
    CHECK(index.lane_host(ping) == main);
    CHECK(index.lane_host(worker) == kNone);
}
