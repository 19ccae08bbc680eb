// One log from the streams of several processes. A program's processes
// (os.fork, multiprocessing) each send their own log down the run's pipe,
// in chunks tagged with the sender's OS pid (log_stream.hpp). A forked
// child's log began as a copy of its parent's: its ids below the fork point
// mean what they meant in the parent, its own ids above it are new. The
// merge gives every stream's new threads, objects and strings ids of their
// own in the front end's log, and rewrites each event to them, so reducers
// see one run with one id space, each process's threads marked with its
// process number (ThreadInfo::pid: 0 for the program's own process, then 1,
// 2, ... in the order the children first spoke).
//
// What the child touches of what it inherited is its own copy after the
// fork (a Lock, a Queue, a counter's lock): such an object becomes an
// object of its own the first time the child uses it, named after the
// original with the process in brackets ("q (ForkPoolWorker-1)").
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "runner/log_stream.hpp"
#include "threadlab/event_log.hpp"

namespace tl::runner {

class StreamMerge {
public:
    explicit StreamMerge(EventLog& log) : log_(log) {}

    // One stream's bytes, in the order that stream sent them. Frames are
    // taken as soon as they are complete (and, for a child, once its
    // parent's log has caught up with the fork point).
    void feed(uint32_t ospid, const uint8_t* bytes, size_t n);
    // The process behind a stream has exited: threads it left without an
    // end are recorded as killed (a pool's terminate(), a crash).
    void process_gone(uint32_t ospid);
    // Every child stream still open: its threads are killed now (the run is over).
    void end_all_children();

    bool saw_end() const { return saw_end_; }           // the program's RunEnd
    bool has_result() const { return has_result_; }     // its R frame
    const std::string& result() const { return result_; }
    // OS pids of child streams that have said hello, for the receiver to watch.
    std::vector<uint32_t> children() const;
    // True when a stream's bytes were not ours (a frame of an unknown type).
    bool corrupt() const { return corrupt_; }

private:
    struct Stream {
        bool hello = false;
        bool root = false;
        bool ended = false;           // its X frame came: it ended itself cleanly
        uint32_t process = 0;         // its number in the merged log
        StreamStart start;
        std::vector<uint8_t> buf;     // bytes not yet taken
        size_t at = 0;
        std::vector<uint32_t> threads, objects, strings;  // own ids above the fork point
        std::map<uint32_t, uint32_t> copies;               // inherited object -> its copy
        uint32_t main_thread = kNone; // what fork_tid is in the merged log
        std::set<uint32_t> alive;     // merged tids not yet ended
    };

    void take_frames(uint32_t ospid);
    void take_waiting_children();
    bool caught_up(const Stream& s) const;  // its parent knows every id below the fork point
    bool take_frame(uint32_t ospid, Stream& s, char type, const std::vector<uint8_t>& payload);
    void hello(uint32_t ospid, Stream& s, const std::vector<uint8_t>& payload);  // ospid: whose stream it is
    bool remap(Stream& s, LogEvent& e);    // false: drop it
    uint32_t thread_id(const Stream& s, uint32_t id) const;
    uint32_t object_id(Stream& s, uint32_t id, Nanos t);
    uint32_t string_id(const Stream& s, uint32_t id) const;
    void append(Stream& s, const LogEvent& e);
    void kill_alive(Stream& s);
    bool texts(uint32_t object) const { return object < texts_.size() && texts_[object]; }

    EventLog& log_;
    std::map<uint32_t, Stream> streams_;  // by OS pid
    // A pool's `spawn` of a process whose stream has not said hello yet:
    // held back until it has (its `other` is that process's main thread).
    std::vector<std::pair<Stream*, LogEvent>> spawns_;
    uint32_t processes_ = 0;              // child streams seen
    std::vector<bool> texts_;             // by merged object id: values are string ids
    Nanos latest_ = 0;                    // the latest time any stream reported
    bool saw_end_ = false, has_result_ = false, corrupt_ = false;
    std::string result_;
};

}  // namespace tl::runner
