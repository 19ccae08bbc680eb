// One run of a Python program, in a process of its own, seen from the front
// end: the child process runs the program over the engine and streams its
// event log here, into log(), live. Whatever the program does (loop for
// ever, deadlock, crash, call os._exit), stop() ends it at once by killing
// the process, and the log keeps everything that had arrived, closed with
// the threads that were still going marked as killed.
//
// Deterministic runs start the child with address-space randomisation off
// and a fixed hash seed: the same program, settings and seed give the same
// log, byte for byte.
#pragma once
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/live_changes.hpp"
#include "pybridge/program.hpp"
#include "threadlab/event_log.hpp"
#include "threadlab/runtime.hpp"

namespace tl::runner {

struct PythonRunOptions {
    std::string path;    // the program, as tracebacks and the code pane name it
    // Its text. Empty: the child reads `path`. Otherwise this is what runs
    // (an edited listing, a lesson with its parameters written in); it
    // reaches the child through a memory file, whatever its size.
    std::string source;
    RunConfig config;    // mode, policy, seed (GIL: CPython's own in free mode)
    py::Granularity granularity = py::Granularity::Switch;
    // The executable that serves as the child (`threadlab`, which has the
    // hidden `__python-child` command); empty: this process's own binary.
    std::string child_program;
    // Deterministic mode: the run starts paused, before the program's first
    // step (the GUI's Step on an idle run).
    bool start_paused = false;
    // Live changes at moments of run time (`--change`), each made as
    // call_live makes one; in deterministic mode at the first switch point
    // at or after its time, so the same script gives the same log.
    std::vector<catalog::LiveChange> changes;
};

// How the run ended, from the child's closing report or from how its
// process ended.
struct PythonOutcome {
    py::ProgramOutcome program;
    bool completed = false;       // the child reported its end (it was not killed or crashed)
    bool stopped = false;         // stop() ended it
    std::string process_error;    // "the program's process was killed by signal 11 (Segmentation fault)"
    // Deterministic mode: the thread, line and source of a call that waited
    // for something outside the program, which ended the run ("" if none).
    std::string blocked_outside;
    int blocked_line = 0;
    int exit_status = 0;          // what `python3.11 FILE` would have exited with
};

class PythonRun {
public:
    // Starts the child. Throws std::runtime_error when it cannot be started.
    explicit PythonRun(PythonRunOptions options);
    ~PythonRun();  // stops a run still going
    PythonRun(const PythonRun&) = delete;
    PythonRun& operator=(const PythonRun&) = delete;

    const EventLog& log() const { return log_; }
    const PythonRunOptions& options() const { return options_; }
    bool finished() const { return finished_.load(); }
    // Kills the child at once; idempotent. The log is closed as described above.
    void stop();
    // A live change from the front end: the running program's top-level
    // `function` is called with `value_literal` ("4") by a new thread named
    // "teacher", which first prints `label`. Free mode starts it from
    // outside at once; deterministic mode from the thread running at the
    // program's next switch point (its scheduler alone decides who runs).
    // Returns at once; false when the run cannot take it (it has ended).
    // What the call did reaches the log like everything else.
    bool call_live(const std::string& function, const std::string& value_literal, const std::string& label);
    // Deterministic mode: pause, resume, step (one scheduling decision while
    // paused) and the pacing speed, as Runtime's own. Returns at once; false
    // when the run has ended or the mode has no such control.
    bool pause();
    bool resume();
    bool step();
    bool set_speed(double speed);
    // The manual policy (deterministic mode): the threads the scheduler
    // offers now (empty while nobody has to be picked), as the child last
    // reported them; and the pick.
    std::vector<uint32_t> choices();
    bool pick(uint32_t tid);
    // Until the child has ended and its stream is read to the end.
    void wait();
    PythonOutcome outcome();  // after wait()

private:
    void receive();
    bool send_line(const nlohmann::json& message);
    void close_log();

    PythonRunOptions options_;
    EventLog log_;
    int pid_ = -1;
    int fd_ = -1;
    int pidfd_ = -1;  // readable once the child has exited
    int control_fd_ = -1;  // our end of the channel for live changes and controls
    std::mutex reports_m_;     // what the child sends back on it:
    std::string reports_;      //   bytes of a line not yet complete
    std::vector<uint32_t> choices_;  //   the last choices reported
    std::atomic<bool> finished_{false};
    std::atomic<bool> stop_requested_{false};
    std::mutex m_;
    std::string result_;  // the R frame
    int wait_status_ = 0;
    bool reaped_ = false;  // guarded by m_
    std::thread receiver_;
};

// The hidden `threadlab __python-child CONFIG` command: runs one program in
// this process and streams its log to file descriptor 3.
int python_child_main(const std::string& config_json);

}  // namespace tl::runner
