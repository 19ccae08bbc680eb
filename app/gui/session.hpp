// The run behind the window: what is selected (a lesson folder, or a
// student's Python file), the run configuration, and the current run, plus
// the incremental reductions of its event log that every view reads
// (tl::Timeline, tl::World, TraceIndex). Only the GUI thread touches it.
//
// Every run is a Python program in a child process (runner::PythonRun),
// whose log streams in live; it can be started and stopped (the child is
// killed) at any moment, and in deterministic mode paused, stepped and
// picked thread by thread (the manual policy). In free mode it runs at the
// toolbar's speed as the Run started it (sleeps and timeouts take 1/speed
// of their time), which a running child cannot change.
//
// A Python selection has a program text, which the code pane edits: the
// original (the file as it was opened; later a lesson's program), the edited
// text (what Run runs) and the text last saved. Run runs exactly the edited
// text; revert_text() brings the original back; save_text() writes the edited
// text to a file.
//
// A lesson folder (lessons/ID/) is a Python selection too: its program is
// the original text (with the parameters' values written in), its sliders
// rewrite the program's constants in the edited text, and its checks.py
// judges each run that ended on its own (not one stopped by the user).
//
// A lesson may ask a question before its first run ("predict, then run",
// lesson.json's predict): the student's answer is kept per lesson
// (prediction()), and each run that checks.py judges is graded by its
// @answer (grade()): which answer this run showed, against the prediction
// the run started with.
//
// A lesson's checks.py runs once its run has ended, in a process of its own,
// on a thread of its own (it may take up to 10 s), and its rows arrive at a
// later poll() (checks()).
#pragma once
#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "catalog/lesson.hpp"
#include "catalog/live_changes.hpp"
#include "gui/checks_view.hpp"
#include "gui/cpu_share.hpp"
#include "gui/step_log.hpp"
#include "gui/text_file.hpp"
#include "gui/trace_index.hpp"
#include "gui/view_position.hpp"
#include "runner/python_run.hpp"
#include "threadlab/reduce.hpp"
#include "threadlab/runtime.hpp"

namespace tl::gui {

enum class RunStatus { Idle, Running, Paused, Finished };

// How one run graded the lesson's prediction.
struct PredictionGrade {
    enum class State {
        None,        // no run of this lesson yet (or it asks nothing): nothing is shown as solved
        Pending,     // the run goes, or its checks are at work
        Shown,       // the run showed answer `shown`
        CannotTell,  // the run cannot tell: `why`, and checks.py's `detail` if it gave one
    };
    enum class Why { None, Stopped, NotRun, ChecksFailed, NoAnswer, BadIndex };
    State state = State::None;
    int shown = -1;      // the answer's index (Shown)
    int predicted = -1;  // the student's prediction when the run started (-1: none)
    Why why = Why::None;
    std::string detail;  // checks.py's answer_detail, or its error
    std::string detail_zh;  // the answer_detail in Chinese (say()); "" : `detail` in both languages
    bool matched() const { return state == State::Shown && predicted >= 0 && predicted == shown; }
};

class Session {
public:
    Session();
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Selects a lesson folder (stops the current run; waits in Idle for
    // start()). Its original text is its program with `values` (default: the
    // lesson's defaults) written in; selected again, it keeps its edits and
    // its slider values. `lesson` must outlive the session (the catalog's do).
    void select_lesson(const catalog::Lesson& lesson, std::optional<catalog::Values> values = std::nullopt);
    // The lesson folder selected, null otherwise.
    const catalog::Lesson* lesson() const { return lesson_; }
    // The slider values of the lesson (every parameter present), and the
    // values of its current (or last) run, as read from the text that ran.
    const catalog::Values& lesson_values() const { return lesson_values_; }
    const catalog::Values& lesson_run_values() const { return lesson_run_values_; }
    // A slider moved: the constant's line of the edited text says the new
    // value (`CONSUMERS = 4`), and so does the original Reset code brings
    // back. It applies on the next start (a running program is not changed).
    void set_lesson_value(const std::string& name, double value);
    // A live parameter (lesson.json "live") of a Python run going in free
    // mode: calls the program's function with the slider's value now, from
    // a "teacher" thread of the run (PythonRun::call_live). True when it
    // was sent; false when the parameter is not live or the run cannot take
    // it (not running, deterministic), and then it applies at the next run.
    bool apply_live(const std::string& name);
    // Live changes scripted for the next run of the selected lesson (`gui
    // --change`), made at their moments as a slider would make them; each
    // moves its slider when the run's teacher thread announces it.
    void script_changes(std::vector<catalog::LiveChange> changes) { scripted_next_ = std::move(changes); }
    // True when `name` can change the running program at once.
    bool live_now(const std::string& name) const;

    // Predict, then run. The lesson's question (null: it asks none).
    const catalog::Prediction* question() const { return lesson_ && lesson_->predict ? &*lesson_->predict : nullptr; }
    // The student's answer for the selected lesson (-1: none yet); kept per
    // lesson when another is selected and this one again.
    int prediction() const;
    // Sets it (an index into the answers; -1 clears it). It grades the
    // next run; the run going keeps the one it started with.
    void set_prediction(int answer);
    // The grade of the current (or last) run of this lesson.
    const PredictionGrade& grade() const { return grade_; }

    // Selects a Python file (stops the current run; waits in Idle for
    // start()). Its text is the original and the edited text; opened again
    // (after a lesson), it keeps the edits. While nothing was edited here,
    // a start reads the file again (a student may edit it in another editor
    // and press Run again).
    void open_file(const std::string& path);
    // The Python file given to the window ("" when none); it stays
    // selectable after a lesson was picked.
    const std::string& file() const { return file_; }
    // True when something is selected: the file, or a lesson folder.
    bool python() const { return lesson_ != nullptr || !file_.empty(); }
    // The path a Python selection's program has: the file, or the lesson's
    // program.py (as tracebacks and the code pane name it); "" for none.
    std::string program_path() const;
    // Where deterministic mode may switch threads in the file; applies on start.
    py::Granularity& granularity() { return granularity_; }
    // The current Python run's granularity (granularity() when there is none).
    py::Granularity run_granularity() const { return py_ ? py_->options().granularity : granularity_; }
    // The executable a Python run's child process runs (`threadlab`, with its
    // hidden `__python-child` command); empty, the default: this process's own.
    void set_child_program(std::string path) { child_program_ = std::move(path); }
    // Pause, step, the manual policy and live speed: deterministic mode
    // (over the run's control channel).
    bool can_pause() const { return cfg_.mode == Mode::Deterministic; }

    // The program text of the selection (kept while another is selected,
    // for when the program is picked again).
    // The original: the file as it was opened (or read again by a start).
    const std::string& original_text() const { return original_text_; }
    // What the code pane edits and the next start runs.
    const std::string& edited_text() const { return edited_text_; }
    std::string& edited_text() { return edited_text_; }
    void set_edited_text(std::string text) { edited_text_ = std::move(text); }
    // The text of the current (or last) run: what the marked listing shows
    // and what the error line counts in ("" before the first run).
    const std::string& run_text() const { return run_text_; }
    // True when the listing may be edited: a Python selection, no run going.
    bool editable() const;
    // The edited text differs from the text last saved (at first: the file).
    bool unsaved() const { return python() && edited_text_ != saved_text_; }
    // The edited text differs from the original.
    bool text_changed() const { return edited_text_ != original_text_; }
    // Back to the original text (the code pane's Reset): for a lesson, its
    // program with the sliders' current values.
    void revert_text();
    // Writes the edited text to `path` (atomically, see
    // write_text_file_atomically); "" when it worked, else the one-line
    // error. Afterwards the listing counts as saved and save_path() is `path`.
    // `code`: as write_text_file_atomically gives it.
    std::string save_text(const std::string& path, int* code = nullptr);
    // Where Save suggests writing: the last path saved to, else the file's own.
    const std::string& save_path() const { return save_path_; }
    // Changes whenever the text is replaced other than by typing in the
    // editor (open, revert, a file read again): the editor starts afresh.
    uint64_t text_generation() const { return text_generation_; }

    // True when a lesson's slider differs from the value of its run.
    bool params_pending() const;

    // Mode, policy and seed apply on the next start; speed applies at once to
    // a deterministic run's pace, at the next start in free mode.
    RunConfig& config() { return cfg_; }
    void set_speed(double s);
    // The config the current run was started with (cfg_ when there is none).
    const RunConfig& run_config() const;

    // Manual policy: the threads the scheduler waits to hand control to
    // (empty when it is not waiting), and the choice.
    std::vector<uint32_t> choices() const;
    void pick(uint32_t tid);

    void start();        // a fresh run with the edited parameters and config
    void toggle_run();   // Idle/Finished: start; Running: pause; Paused: resume
    void step();         // pause if needed, then one step
    void reset();        // restart with the edited parameters, keeping pause state
    void stop();         // ends the run and drops it (the views keep what they folded)
    // Stop for a Python run (toggle_run while it runs): kills the child now
    // and keeps the run, so the views show it stopped where it was.
    void halt();

    // Counts the runs started (0: none yet), so views can do something once per run.
    uint64_t run_number() const { return run_number_; }

    // Folds the events published since the last call. Once per frame.
    // Starts a lesson's checks once its run has ended.
    void poll();
    // Blocks until the current run has ended and, for a lesson, its checks
    // are in (for tests; the window never waits). It folds what it waited
    // for; poll() afterwards is harmless.
    void wait();
    // Only until the run has ended (folded, and a lesson's checks started,
    // still at work): for tests of what a new run or selection does to them.
    void wait_run();

    RunStatus status() const;
    bool has_run() const { return py_ != nullptr; }
    const EventLog* log() const;
    // The run's time now: in free mode the child's clock while the run goes
    // (so bars grow while every thread sleeps and no event arrives), the
    // last event's time otherwise.
    Nanos now() const { return std::max(timeline_.end_time(), live_now_); }
    const Timeline& timeline() const { return timeline_; }
    const World& world() const { return world_; }
    // What the code, objects and futures panes show: world(), except for a
    // deadlocked Python run, which is shown as it stood at its deadlock
    // (owners, waiters, the blocked lines), since its threads are ended
    // right after.
    const World& shown_world() const { return deadlock_world_ ? *deadlock_world_ : world_; }
    const TraceIndex& index() const { return index_; }

    // Compare two runs (issue 9; compare_view.hpp): a finished run kept
    // while the next ones run, so both are drawn on one time axis with
    // their totals and checks ("1 producer + 1 consumer against 4 + 4").
    struct KeptRun {
        std::shared_ptr<runner::PythonRun> run;  // owns the log the reductions name things from
        Timeline timeline;
        TraceIndex index;
        CheckList checks;
        std::vector<std::string> settings;  // what it ran with: {"consumers=1", "producers=1", "seed 3"}, or {"run 3"}
    };
    // True when the current run has ended and can be kept.
    bool can_keep() const;
    // The current run, ended, is the one the next runs are compared with.
    void keep_run();
    void drop_kept() { kept_.reset(); }
    const KeptRun* kept() const { return kept_ ? &*kept_ : nullptr; }
    // What the current (or last) run ran with, as a kept run's label says it.
    std::vector<std::string> run_settings() const;

    // Steps as the timeline's axis (step_log.hpp): deterministic runs only,
    // where turns are the scheduler's. The timeline then reads these
    // reductions of the re-timed log instead of timeline() and index().
    void set_steps_axis(bool on);
    bool steps_wanted() const { return steps_on_; }  // asked for (it applies to deterministic runs)
    bool steps_axis() const { return steps_on_ && run_config().mode == Mode::Deterministic; }
    const StepLog& steps() const { return *steps_; }
    const Timeline& steps_timeline() const { return steps_timeline_; }
    const TraceIndex& steps_index() const { return steps_index_; }
    // Where the scrubber's cursor stands on the steps axis (with view_cursor()).
    std::optional<Nanos> steps_cursor() const;
    const CpuShares& cpu() const { return cpu_; }

    // Going back in time (issue 9, view_position.hpp): the moment the panes
    // show. Live follows the end of the log; a paused or finished run can be
    // looked at as it stood after any number of its events. A run that goes
    // on (started, resumed, stepped) is seen live again.
    bool can_scrub() const;
    bool scrubbing() const { return !position_.live(); }
    size_t log_events() const;   // the events of the run's log so far
    size_t view_events() const;  // the events the panes show (log_events() when live)
    // To the first k events (clamped to 1; log_events() or more is live).
    // Nothing unless can_scrub().
    void scrub_to(size_t k);
    void scrub_by(long delta);  // -1: one event back, +1: one on
    void scrub_live();
    // What the panes read, the one place that decides it: the live
    // reductions (shown_world() for the world) when live, else those of the
    // first view_events() events. view_output() is the output pane's world
    // (world() when live: a deadlocked run's later lines are its own).
    const World& view_world() const { return view_ ? view_->world : shown_world(); }
    const World& view_output() const { return view_ ? view_->world : world_; }
    const TraceIndex& view_index() const { return view_ ? view_->index : index_; }
    const CpuShares& view_cpu() const { return view_ ? view_->cpu : cpu_; }
    // The event the view stands at (log[view_events() - 1]; the last one
    // when live), null before the first.
    const LogEvent* view_event() const;
    // The time the timeline's cursor marks, while scrubbing.
    std::optional<Nanos> view_cursor() const;
    const std::vector<std::string>& python_lines() const { return python_lines_; }
    // The deadlock description, when the run is deadlocked.
    const std::string& deadlock_text() const { return deadlock_text_; }
    // A Python run, once it has ended: how (exit status, the program's error
    // and its line, a SyntaxError, a crash); null before.
    const runner::PythonOutcome* outcome() const { return outcome_ ? &*outcome_ : nullptr; }
    // Why a Python run could not start (the file cannot be read, no child
    // process), "" otherwise.
    const std::string& start_error() const { return start_error_; }
    // The line of the Python program's error (0: none): an uncaught
    // exception in the main program, or the SyntaxError that stopped it.
    int error_line() const;
    // The checks of the run (a lesson's; none for a student's program).
    const CheckList& checks() const { return checks_; }

private:
    // Starts the selection; `paused`: held before its first step (Step on
    // an idle run, Reset while paused).
    void start_run(bool paused);
    // Pauses the run; false when it cannot (a free-mode Python program).
    bool pause_run();
    // A Python selection's texts, kept per program while another is selected.
    struct ProgramText {
        std::string original, edited, saved, save_path;
        catalog::Values values;  // a lesson's slider values
    };
    // A lesson's checks.py at work on a thread of its own. The thread keeps
    // the run it reads (its log) alive until it ends, whatever the session
    // does meanwhile; the session takes `rows` once `done`.
    struct PendingChecks {
        std::shared_ptr<runner::PythonRun> run;
        std::mutex m;
        std::vector<CheckRow> rows;  // guarded by m
        int answer = -1;             // checks.py's @answer, guarded by m
        std::string answer_detail;   // guarded by m
        std::string answer_detail_zh;  // guarded by m
        std::string error;           // checks.py could not run, guarded by m
        std::atomic<bool> done{false};
    };
    struct ChecksWorker {
        std::shared_ptr<PendingChecks> pending;
        std::thread thread;
    };

    void clear_views();
    // Folds the log's new events into the steps axis's reductions (when on).
    void fold_steps();
    // Points view_ at the prefix the position asks for (null when live).
    void refresh_view();
    void start_python();
    void poll_python();
    // Keeps the current program's texts and loads those of `key` ("file:PATH",
    // "lesson:ID"); false when `key` had none yet (the caller fills them).
    bool switch_texts(const std::string& key);
    void start_lesson_checks();
    void collect_checks();
    // A pending lesson check's result will never be shown (a new run, a new
    // selection): its thread finishes on its own and is joined later.
    void discard_checks();
    void reap_workers(bool block);
    // The run's grade cannot tell (a stopped run, a program that never ran).
    void cannot_tell(PredictionGrade::Why why, std::string detail = {});

    RunConfig cfg_;
    std::string file_;
    std::string child_program_;
    py::Granularity granularity_ = py::Granularity::Switch;
    std::shared_ptr<runner::PythonRun> py_;      // a Python program's run (shared with its checks' thread)
    bool py_paused_ = false;                     // we asked the deterministic Python run to pause
    bool start_paused_ = false;                  // the next start begins paused (Step, or Reset while paused)
    const catalog::Lesson* lesson_ = nullptr;
    catalog::Values lesson_values_;
    catalog::Values lesson_run_values_;
    std::vector<catalog::LiveChange> scripted_next_;  // for the next run only
    std::vector<catalog::LiveChange> scripted_;       // the current run's, not yet announced
    std::map<std::string, ProgramText> texts_;  // the programs not selected now, by key
    std::string texts_key_;                     // the key of the texts below ("" : none yet)
    std::shared_ptr<PendingChecks> pending_;    // this run's lesson checks, while at work
    std::vector<ChecksWorker> workers_;         // every checks thread not joined yet
    std::optional<runner::PythonOutcome> outcome_;
    std::string start_error_;
    // Free mode: the child's clock is real time from its start; this is the
    // steady clock's reading at that start, estimated from the first event.
    std::optional<std::chrono::steady_clock::time_point> py_epoch_;
    size_t deadlock_records_ = 0;                // Deadlock records described so far
    std::optional<World> deadlock_world_;        // a Python run's world at its deadlock
    Timeline timeline_;
    bool steps_on_ = false;
    std::optional<KeptRun> kept_;
    std::unique_ptr<StepLog> steps_ = std::make_unique<StepLog>();  // not movable: its EventLog
    Timeline steps_timeline_;
    TraceIndex steps_index_;
    World world_;
    TraceIndex index_;
    CpuShares cpu_;
    size_t world_consumed_ = 0;
    ViewPosition position_;
    PrefixCache prefix_;
    const Reductions* view_ = nullptr;  // into prefix_, while scrubbing
    Nanos live_now_ = 0;
    std::vector<std::string> python_lines_;
    std::string deadlock_text_;
    std::string original_text_;
    std::string edited_text_;
    std::string saved_text_;  // the text at save_path_ as last read or written
    std::string run_text_;
    std::string save_path_;
    uint64_t text_generation_ = 0;
    uint64_t run_number_ = 0;
    CheckList checks_;
    std::map<std::string, int> predictions_;  // the student's answer, by lesson id
    PredictionGrade grade_;
};

}  // namespace tl::gui
