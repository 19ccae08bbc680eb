// The event log across a process boundary. A program runs in a process of
// its own; a shipper thread there sends its log (events and the name tables
// they refer to) down a pipe, and the front end's receiver rebuilds the log
// from it, live. Names are sent before the events that use them and in the
// order they were added, so every id can be resolved when it arrives.
//
// The program may fork (os.fork, multiprocessing): each of its processes
// ships its own stream down the same pipe, in chunks of at most PIPE_BUF
// bytes, which a pipe writes whole, so streams never tear each other:
//   chunk   u32 sender's OS pid, u16 length, that many bytes of its stream
// A stream is a sequence of frames: one byte of type, four of payload
// length, the payload.
//   P hello     the first frame: StreamStart (below)
//   O object    u8 kind, i64 initial, u32 part_of, u8 internal, name
//   S string    text
//   T thread    u32 object, u8 daemon, u32 pid, name
//   D daemon    u32 tid, u8 daemon (Thread.daemon changed after it was named)
//   E events    LogEvent records, as laid out in memory (same binary both ends)
//   X exit      a forked process ends itself (os._exit): its last frame
//   K killed    u32 OS pid: this process killed that one (deterministic mode)
//   R result    the program's closing report (JSON text), the last frame
// The receiver merges the streams into one log (stream_merge.hpp).
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

// Where a stream begins: the program's own process at nothing, a forked
// child at the fork point of its copy of the log.
struct StreamStart {
    uint32_t parent_ospid = 0;   // 0 for the program's own process
    uint32_t fork_tid = kNone;   // the thread that forked: the child's main thread
    uint64_t events = 0, threads = 0, objects = 0, strings = 0;  // the fork point
    Nanos t = 0;                 // when the fork happened (the run's clock)
    std::string name;            // the process's name (multiprocessing's, or a default)
};

class LogShipper {
public:
    // Sends the hello now, then starts a thread that sends what `log` gains
    // past `start` to `fd` every millisecond or so.
    LogShipper(const EventLog& log, int fd, StreamStart start = {});
    ~LogShipper();  // finish() if not done
    LogShipper(const LogShipper&) = delete;
    LogShipper& operator=(const LogShipper&) = delete;

    // Sends everything up to the run's end record (events recorded after it,
    // by threads being abandoned, are not part of the run), then `result`
    // as the R frame, and stops. Returns false when the pipe broke.
    bool finish(const std::string& result);
    // A forked process's end: everything recorded, then the X frame.
    bool finish_process();
    // Sends what has been recorded so far, now (before the process ends
    // itself). False when the pipe broke.
    bool flush() { return ship(); }
    // Deterministic mode: this process killed its child `ospid`; sent after
    // everything recorded so far (the K frame), so that the child's threads
    // end at this point of the merged log, in every run.
    bool announce_killed(uint32_t ospid);

private:
    void loop();
    bool ship();  // false when the pipe is broken
    bool send(const std::vector<uint8_t>& stream_bytes);
    bool stop_thread();  // false when it had been stopped before

    const EventLog& log_;
    int fd_;
    uint32_t ospid_;
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

// Reads the pipe into `log` until the program's R frame or end of file.
// Returns the R frame's text ("" when the stream ended without one: the
// process died).
class LogReceiver {
public:
    // `writer_exit_fd`: a pidfd of the program's process (or -1). Once it
    // has exited, run() returns as soon as the pipe is quiet, even if a
    // process it forked still holds the pipe open (so end of file may never
    // come).
    // `watch_children`: a child that dies without its exit frame has its
    // threads ended when the pipe is quiet (free mode). Deterministic mode
    // has the killer's K frame instead, at the same point in every run; a
    // child that crashes keeps its threads until the run ends.
    LogReceiver(EventLog& log, int fd, int writer_exit_fd = -1, bool watch_children = true)
        : log_(log), fd_(fd), exit_fd_(writer_exit_fd), watch_children_(watch_children) {}
    std::string run();
    bool saw_end() const { return saw_end_.load(); }

private:
    EventLog& log_;
    int fd_;
    int exit_fd_;
    bool watch_children_ = true;
    std::atomic<bool> saw_end_{false};
};

}  // namespace tl::runner
