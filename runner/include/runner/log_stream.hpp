// The event log across a process boundary. A program runs in a process of
// its own; a shipper thread there sends its log (events and the name tables
// they refer to) down a pipe, and the front end's receiver rebuilds an
// identical log from it, live. Names are sent before the events that use
// them and in the order they were added, so every id means the same thing on
// both sides.
//
// Frames: one byte of type, four of payload length, the payload.
//   T thread    u32 object, u8 daemon, u32 pid, name
//   O object    u8 kind, i64 initial, u32 part_of, u8 internal, name
//   S string    text
//   D daemon    u32 tid, u8 daemon (Thread.daemon changed after it was named)
//   E events    LogEvent records, as laid out in memory (same binary both ends)
//   R result    the child's closing report (JSON text), the last frame
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "threadlab/event_log.hpp"

namespace tl::runner {

class LogShipper {
public:
    // Starts a thread that sends what `log` gains to `fd` every millisecond or so.
    LogShipper(const EventLog& log, int fd);
    ~LogShipper();  // finish() if not done
    LogShipper(const LogShipper&) = delete;
    LogShipper& operator=(const LogShipper&) = delete;

    // Sends everything up to the run's end record (events recorded after it,
    // by threads being abandoned, are not part of the run), then `result`
    // as the R frame, and stops. Returns false when the pipe broke.
    bool finish(const std::string& result);
    // Sends what has been recorded so far, now (before the process ends
    // itself). False when the pipe broke.
    bool flush() { return ship(); }

private:
    void loop();
    bool ship();  // false when the pipe is broken

    const EventLog& log_;
    int fd_;
    size_t events_ = 0, threads_ = 0, objects_ = 0, strings_ = 0;
    std::vector<uint8_t> daemon_;  // as last sent, by tid
    bool ended_ = false;           // the RunEnd record has been sent
    bool broken_ = false;
    std::mutex m_;                 // one ship() at a time
    std::mutex wake_m_;
    std::condition_variable wake_;
    bool stop_ = false;
    bool finished_ = false;
    std::thread thread_;
};

// Reads frames from `fd` into `log` until end of file. Returns the R frame's
// text ("" when the stream ended without one: the process died).
class LogReceiver {
public:
    // `writer_exit_fd`: a pidfd of the writing process (or -1). Once it has
    // exited, run() returns as soon as the pipe is quiet, even if a process
    // the writer forked still holds the pipe open (so end of file may never
    // come).
    LogReceiver(EventLog& log, int fd, int writer_exit_fd = -1) : log_(log), fd_(fd), exit_fd_(writer_exit_fd) {}
    std::string run();
    bool saw_end() const { return saw_end_.load(); }

private:
    bool read_exact(void* buf, size_t n);
    EventLog& log_;
    int fd_;
    int exit_fd_;
    std::atomic<bool> saw_end_{false};
};

}  // namespace tl::runner
