#include "gui/session.hpp"

#include <algorithm>
#include <exception>

#include "catalog/live_changes.hpp"
#include "catalog/program_constants.hpp"
#include "gui/i18n.hpp"
#include "runner/lesson_checks.hpp"

namespace tl::gui {

Session::Session() = default;
Session::~Session() {
    stop();
    pending_.reset();
    reap_workers(true);  // a checks.py still at work ends within its timeout
}

bool Session::switch_texts(const std::string& key) {
    if (key == texts_key_) return true;
    if (!texts_key_.empty())
        texts_[texts_key_] = ProgramText{original_text_, edited_text_, saved_text_, save_path_, lesson_values_};
    texts_key_ = key;
    ++text_generation_;
    auto it = texts_.find(key);
    if (it == texts_.end()) return false;
    original_text_ = it->second.original;
    edited_text_ = it->second.edited;
    saved_text_ = it->second.saved;
    save_path_ = it->second.save_path;
    lesson_values_ = it->second.values;
    return true;
}

void Session::open_file(const std::string& path) {
    stop();
    discard_checks();
    if (lesson_ || file_ != path) drop_kept();  // runs of another program compare nothing
    lesson_ = nullptr;
    file_ = path;
    // Back to the same program after a lesson: its edits are still there.
    if (!switch_texts("file:" + path)) {
        original_text_ = edited_text_ = saved_text_ = read_text_file(path).value_or("");
        save_path_ = path;
        lesson_values_.clear();
    }
    run_text_.clear();
    python_lines_ = split_lines(edited_text_);
    clear_views();
    checks_ = CheckList{};  // a student's own program has no checks
    grade_ = PredictionGrade{};
}

void Session::select_lesson(const catalog::Lesson& lesson, std::optional<catalog::Values> values) {
    stop();
    discard_checks();
    if (lesson_ != &lesson) drop_kept();  // runs of another program compare nothing
    lesson_ = &lesson;
    if (!switch_texts("lesson:" + lesson.id)) {
        lesson_values_ = values ? *values : catalog::default_values(lesson);
        original_text_ = edited_text_ = saved_text_ = catalog::program_with(lesson, lesson_values_);
        // Save suggests a file of the student's own, never the lesson's program.py.
        save_path_ = lesson.id + ".py";
    } else if (values) {
        for (const auto& [name, v] : *values) set_lesson_value(name, v);
    }
    lesson_run_values_ = lesson_values_;
    run_text_.clear();
    python_lines_ = split_lines(edited_text_);
    clear_views();
    checks_ = CheckList{};
    checks_.state = lesson.checks.empty() ? CheckList::State::None : CheckList::State::Waiting;
    grade_ = PredictionGrade{};  // the prediction itself is kept (predictions_)
}

int Session::prediction() const {
    if (!question()) return -1;
    const auto it = predictions_.find(lesson_->id);
    return it == predictions_.end() ? -1 : it->second;
}

void Session::set_prediction(int answer) {
    const catalog::Prediction* q = question();
    if (!q) return;
    if (answer < 0 || answer >= static_cast<int>(q->answers.size())) predictions_.erase(lesson_->id);
    else predictions_[lesson_->id] = answer;
}

void Session::cannot_tell(PredictionGrade::Why why, std::string detail) {
    if (grade_.state != PredictionGrade::State::Pending) return;
    grade_.state = PredictionGrade::State::CannotTell;
    grade_.why = why;
    grade_.detail = std::move(detail);
}

void Session::set_lesson_value(const std::string& name, double value) {
    if (!lesson_) return;
    const std::string old_original = original_text_;
    lesson_values_[name] = value;
    // Only this constant's line: whatever else the student typed stays.
    edited_text_ = catalog::apply_values(edited_text_, *lesson_, catalog::Values{{name, value}});
    original_text_ = catalog::program_with(*lesson_, lesson_values_);
    if (saved_text_ == old_original) saved_text_ = original_text_;  // never saved: a slider is no edit
    ++text_generation_;
}

bool Session::live_now(const std::string& name) const {
    if (!lesson_ || !py_ || py_->finished()) return false;
    for (const catalog::LessonParam& p : lesson_->params)
        if (p.name == name) return !p.live.empty();
    return false;
}

bool Session::apply_live(const std::string& name) {
    if (!live_now(name)) return false;
    const catalog::LessonParam* spec = nullptr;
    for (const catalog::LessonParam& p : lesson_->params)
        if (p.name == name) spec = &p;
    const double now = lesson_values_.at(name);
    const auto was = lesson_run_values_.find(name);
    if (was != lesson_run_values_.end() && was->second == now) return false;  // nothing changed
    const std::string from = was == lesson_run_values_.end() ? "?" : catalog::format_value(*spec, was->second);
    const std::string to = catalog::format_value(*spec, now);
    // The label is printed by the teacher thread, so the output and the
    // timeline say who changed what.
    if (!py_->call_live(spec->live, to, catalog::live_label(*spec, from, to))) return false;
    lesson_run_values_[name] = now;  // the run has this value from now on
    return true;
}

std::string Session::program_path() const {
    if (lesson_) return lesson_->program_path();
    return python() ? file_ : std::string();
}

bool Session::editable() const {
    const RunStatus st = status();
    return python() && (st == RunStatus::Idle || st == RunStatus::Finished);
}

void Session::revert_text() {
    if (!python()) return;
    if (lesson_) original_text_ = catalog::program_with(*lesson_, lesson_values_);
    edited_text_ = original_text_;
    ++text_generation_;
}

std::string Session::save_text(const std::string& path, int* code) {
    std::string err = write_text_file_atomically(path, edited_text_, code);
    if (!err.empty()) return err;
    saved_text_ = edited_text_;
    save_path_ = path;
    return {};
}

bool Session::params_pending() const { return lesson_ && lesson_values_ != lesson_run_values_; }

const RunConfig& Session::run_config() const {
    return py_ ? py_->options().config : cfg_;
}

const EventLog* Session::log() const {
    return py_ ? &py_->log() : nullptr;
}

int Session::error_line() const {
    if (!outcome_) return 0;
    const py::ProgramOutcome& p = outcome_->program;
    return p.main_raised || !p.compiled ? p.error_line : 0;
}

std::vector<uint32_t> Session::choices() const {
    return py_ ? py_->choices() : std::vector<uint32_t>{};
}

void Session::pick(uint32_t tid) {
    if (py_) py_->pick(tid);
}

void Session::set_speed(double s) {
    cfg_.speed = std::clamp(s, kMinSpeed, kMaxSpeed);
    if (py_) py_->set_speed(cfg_.speed);  // deterministic: its pacing (free mode's speed applies on start)
}

bool Session::can_keep() const {
    // Once its checks are in (or it has none): a kept run shows their verdicts.
    return py_ && outcome_ && status() == RunStatus::Finished && checks_.state != CheckList::State::Waiting &&
           checks_.state != CheckList::State::Checking;
}

void Session::keep_run() {
    if (!can_keep()) return;
    kept_ = KeptRun{py_, timeline_, index_, checks_, run_settings()};
}

std::vector<std::string> Session::run_settings() const {
    std::vector<std::string> out;
    if (lesson_)
        for (const catalog::LessonParam& p : lesson_->params) {
            const auto v = lesson_run_values_.find(p.name);
            if (v != lesson_run_values_.end()) out.push_back(p.name + "=" + catalog::format_value(p, v->second));
        }
    if (out.empty()) out.push_back(tr(S::RunWord) + std::string(" ") + std::to_string(run_number_));
    const RunConfig& c = run_config();
    if (c.mode == Mode::Deterministic) out.push_back("seed " + std::to_string(c.seed));
    return out;
}

void Session::set_steps_axis(bool on) {
    steps_on_ = on;
    if (on) fold_steps();
}

void Session::fold_steps() {
    const EventLog* l = log();
    if (!steps_axis() || !l) return;
    steps_->update(*l);
    steps_timeline_.update(steps_->log());
    steps_index_.update(steps_->log());
}

std::optional<Nanos> Session::steps_cursor() const {
    if (!view_) return std::nullopt;
    const size_t k = view_events();
    return k > 0 && k <= steps_->copied() ? std::optional<Nanos>(steps_->at(k - 1)) : std::nullopt;
}

void Session::clear_views() {
    steps_ = std::make_unique<StepLog>();
    steps_timeline_ = Timeline{};
    steps_index_ = TraceIndex{};
    timeline_ = Timeline{};
    world_ = World{};
    index_ = TraceIndex{};
    cpu_ = CpuShares{};
    world_consumed_ = 0;
    position_.go_live();  // a new run (or selection) is seen live
    prefix_.clear();
    view_ = nullptr;
    live_now_ = 0;
    deadlock_text_.clear();
    outcome_.reset();
    start_error_.clear();
    py_epoch_.reset();
    deadlock_records_ = 0;
    deadlock_world_.reset();
}

void Session::start() {
    ++run_number_;
    if (python()) start_python();
}

void Session::start_python() {
    stop();
    discard_checks();
    clear_views();
    checks_.rows.clear();
    checks_.state = lesson_ && !lesson_->checks.empty() ? CheckList::State::Waiting : CheckList::State::None;
    // Graded by this run: against the prediction it starts with, whatever
    // its parameters or its code (the grade is about this run).
    grade_ = PredictionGrade{};
    if (question()) {
        grade_.state = PredictionGrade::State::Pending;
        grade_.predicted = prediction();
    }
    // Nothing edited here: the file may have been changed in another editor
    // since it was read, and then that is the program now.
    if (!lesson_ && edited_text_ == original_text_ && saved_text_ == original_text_) {
        const std::optional<std::string> text = read_text_file(file_);
        if (!text) {
            python_lines_.clear();
            run_text_.clear();
            start_error_ = "cannot read '" + file_ + "'";
            return;
        }
        if (*text != original_text_) {
            original_text_ = edited_text_ = saved_text_ = *text;
            ++text_generation_;
        }
    }
    run_text_ = edited_text_;
    python_lines_ = split_lines(run_text_);  // as the child will run it
    if (lesson_) {
        // The run's values are the ones its text holds: a constant typed in
        // the code pane counts as much as a slider (and the slider follows).
        for (const catalog::LessonParam& p : lesson_->params) {
            double v = lesson_values_[p.name];
            if (std::optional<catalog::Constant> k = catalog::find_constant(run_text_, p.constant))
                if (std::optional<double> lv = catalog::literal_value(k->literal)) v = *lv;
            lesson_run_values_[p.name] = lesson_values_[p.name] = v;
        }
        if (saved_text_ == original_text_) saved_text_ = catalog::program_with(*lesson_, lesson_values_);
        original_text_ = catalog::program_with(*lesson_, lesson_values_);
    }
    runner::PythonRunOptions options;
    options.path = program_path();
    // Exactly the text in the pane, even when it is the file's: the child
    // never reads the file, so what ran is what the pane shows. (An empty
    // text would make the child read the file; a newline runs as nothing.)
    options.source = run_text_.empty() ? std::string("\n") : run_text_;
    options.config.mode = cfg_.mode;
    // Threads are picked by hand in deterministic mode only.
    options.config.policy =
        cfg_.policy == Policy::Manual && cfg_.mode != Mode::Deterministic ? Policy::Random : cfg_.policy;
    options.config.seed = cfg_.seed;
    options.config.gil = GilMode::Off;  // CPython's own GIL
    // Free mode: sleeps and timeouts take 1/speed of their time, and the
    // program's clocks read the run's time. Deterministic time is virtual;
    // the run is paced, so that it unfolds at the toolbar's speed and can be
    // paused and stepped (its log is the same paced or not). Computing does
    // not wait for the pace: only the waits where nobody can run do.
    options.config.speed = cfg_.speed;
    options.config.paced = cfg_.mode == Mode::Deterministic;
    options.start_paused = start_paused_ && cfg_.mode == Mode::Deterministic;
    py_paused_ = options.start_paused;
    options.granularity = granularity_;
    options.child_program = child_program_;
    scripted_ = lesson_ ? std::move(scripted_next_) : std::vector<catalog::LiveChange>{};
    scripted_next_.clear();
    options.changes = scripted_;
    try {
        py_ = std::make_shared<runner::PythonRun>(options);
    } catch (const std::exception& e) {
        start_error_ = e.what();
        if (checks_.state == CheckList::State::Waiting) checks_.state = CheckList::State::NotRun;
        cannot_tell(PredictionGrade::Why::NotRun, start_error_);
    }
}

void Session::start_lesson_checks() {
    const runner::PythonOutcome& o = *outcome_;
    // A run stopped by the user shows what it got to; judging it would
    // mislead. A program that never compiled has nothing to judge.
    if (o.stopped) {
        checks_.state = CheckList::State::Stopped;
        cannot_tell(PredictionGrade::Why::Stopped);
        return;
    }
    if (o.completed && !o.program.compiled) {
        checks_.state = CheckList::State::NotRun;
        cannot_tell(PredictionGrade::Why::NotRun);
        return;
    }
    runner::ChecksInput in;
    in.lesson_id = lesson_->id;
    in.checks_path = lesson_->checks_path();
    in.checks_source = lesson_->checks;
    for (const catalog::LessonParam& p : lesson_->params)
        in.params.push_back({p.name, catalog::format_value(p, lesson_run_values_.at(p.name))});
    in.log = &py_->log();  // kept alive by pending->run until the thread is done with it
    in.outcome = o;
    in.config = py_->options().config;
    auto pending = std::make_shared<PendingChecks>();
    pending->run = py_;
    pending_ = pending;
    checks_.state = CheckList::State::Checking;
    std::thread t([pending, in = std::move(in), child = child_program_] {
        runner::ChecksResult r;
        try {
            r = runner::run_checks(in, 10, child);
        } catch (const std::exception& e) {
            r.error = e.what();
        }
        std::vector<CheckRow> rows;
        // checks.py that could not run at all is one failed row saying why, as the CLI reports it.
        if (!r.error.empty())
            rows.push_back(
                CheckRow{tr_in(S::ChecksRan, false), tr_in(S::ChecksRan, true), false, false, r.error, r.error_zh});
        for (const runner::CheckRow& c : r.rows)
            rows.push_back(CheckRow{c.name, c.name_zh, c.passed, !c.passed && c.not_shown, c.detail, c.detail_zh});
        {
            std::lock_guard<std::mutex> lock(pending->m);
            pending->rows = std::move(rows);
            pending->answer = r.answer;
            pending->answer_detail = r.answer_detail;
            pending->answer_detail_zh = r.answer_detail_zh;
            pending->error = r.error;
        }
        pending->run.reset();  // the log is no longer read
        pending->done.store(true);
    });
    workers_.push_back(ChecksWorker{pending, std::move(t)});
}

void Session::collect_checks() {
    if (!pending_ || !pending_->done.load()) return;
    int answer = -1;
    std::string detail, detail_zh, error;
    {
        std::lock_guard<std::mutex> lock(pending_->m);
        checks_.rows = std::move(pending_->rows);
        answer = pending_->answer;
        detail = std::move(pending_->answer_detail);
        detail_zh = std::move(pending_->answer_detail_zh);
        error = std::move(pending_->error);
    }
    checks_.state = CheckList::State::Done;
    if (const catalog::Prediction* q = question(); q && grade_.state == PredictionGrade::State::Pending) {
        if (answer >= 0 && answer < static_cast<int>(q->answers.size())) {
            grade_.state = PredictionGrade::State::Shown;
            grade_.shown = answer;
            grade_.detail = std::move(detail);
            grade_.detail_zh = std::move(detail_zh);
        } else if (!error.empty()) {
            cannot_tell(PredictionGrade::Why::ChecksFailed, error);
        } else if (answer >= 0) {
            cannot_tell(PredictionGrade::Why::BadIndex, "@answer gave " + std::to_string(answer));
        } else {
            cannot_tell(PredictionGrade::Why::NoAnswer, detail);
            grade_.detail_zh = std::move(detail_zh);
        }
    }
    pending_.reset();
}

void Session::discard_checks() { pending_.reset(); }

void Session::reap_workers(bool block) {
    for (auto it = workers_.begin(); it != workers_.end();) {
        if (block || it->pending->done.load()) {
            it->thread.join();
            it = workers_.erase(it);
        } else {
            ++it;
        }
    }
}

void Session::toggle_run() {
    switch (status()) {
    case RunStatus::Idle:
    case RunStatus::Finished: start(); break;
    case RunStatus::Running:
        if (!pause_run()) halt();  // a free-mode Python program cannot pause: Stop
        break;
    case RunStatus::Paused:
        if (py_ && py_->resume()) py_paused_ = false;
        break;
    }
    scrub_live();  // whatever it did, the run goes on: watch it
}

void Session::step() {
    if (!can_pause()) return;
    scrub_live();  // the step's event is the one to see
    RunStatus st = status();
    if (st == RunStatus::Idle || st == RunStatus::Finished) return start_run(true);
    if (st == RunStatus::Running) {
        pause_run();
        return;
    }
    if (py_) py_->step();
}

void Session::reset() { start_run(status() == RunStatus::Paused); }

void Session::start_run(bool paused) {
    start_paused_ = paused;  // a Python run is told before it starts
    start();
    start_paused_ = false;
}

bool Session::pause_run() {
    if (py_ && py_->pause()) {
        py_paused_ = true;
        return true;
    }
    return false;
}

void Session::stop() {
    py_.reset();  // kills the child, if it still runs, and waits for it
}

void Session::wait_run() {
    if (!py_) return;
    py_->wait();
    poll();  // the outcome, and a lesson's checks started
}

void Session::wait() {
    wait_run();
    if (!py_) return;
    for (auto it = workers_.begin(); pending_ && it != workers_.end(); ++it)
        if (it->pending == pending_) {
            it->thread.join();
            workers_.erase(it);
            break;
        }
    poll();  // their rows
}

void Session::halt() {
    if (py_) py_->stop();  // the log is closed (threads killed) once the child is gone
}

RunStatus Session::status() const {
    if (!py_) return RunStatus::Idle;
    return py_->finished() ? RunStatus::Finished : py_paused_ ? RunStatus::Paused : RunStatus::Running;
}

bool Session::can_scrub() const {
    const RunStatus st = status();
    return (st == RunStatus::Paused || st == RunStatus::Finished) && log_events() > 0;
}

size_t Session::log_events() const {
    const EventLog* l = log();
    return l ? l->size() : 0;
}

size_t Session::view_events() const { return position_.events(log_events()); }

void Session::scrub_to(size_t k) {
    if (!can_scrub()) return;
    position_.go_to(k, log_events());
    refresh_view();
}

void Session::scrub_by(long delta) {
    if (!can_scrub()) return;
    position_.move(delta, log_events());
    refresh_view();
}

void Session::scrub_live() {
    position_.go_live();
    refresh_view();
}

void Session::refresh_view() {
    // A run going on is watched live (Step and Run say so too; a run resumed
    // some other way, by the runtime, is caught here at the next poll).
    if (status() == RunStatus::Running) position_.go_live();
    const EventLog* l = log();
    view_ = l && !position_.live() ? &prefix_.at(*l, position_.events(l->size())) : nullptr;
}

const LogEvent* Session::view_event() const {
    const EventLog* l = log();
    const size_t k = view_events();
    return l && k > 0 ? &(*l)[k - 1] : nullptr;
}

std::optional<Nanos> Session::view_cursor() const {
    if (!view_) return std::nullopt;
    const LogEvent* e = view_event();
    return e ? std::optional<Nanos>(e->t) : std::nullopt;
}

void Session::poll() {
    reap_workers(false);
    refresh_view();
    if (py_) poll_python();
}

void Session::poll_python() {
    const EventLog& log = py_->log();
    const bool done = py_->finished();  // read first: once true, the log is complete
    const size_t n = log.size();
    timeline_.update(log, n);
    index_.update(log, n);
    cpu_.update(timeline_);
    for (; world_consumed_ < n; ++world_consumed_) {
        const LogEvent& e = log[world_consumed_];
        // The first event after the Deadlock records starts ending the
        // threads: the world before it is the deadlock as it stood.
        if (!deadlock_world_ && !world_.deadlock.empty() && e.kind != EvKind::Deadlock) deadlock_world_ = world_;
        world_.apply(log, e);
        // A scripted change the run has made: its slider follows.
        if (!scripted_.empty() && e.kind == EvKind::Print && log.str(static_cast<uint32_t>(e.value)) == scripted_.front().label) {
            const catalog::LiveChange& c = scripted_.front();
            set_lesson_value(c.param, lesson_run_values_[c.param] = c.number);
            scripted_.erase(scripted_.begin());
        }
    }
    if (done && !deadlock_world_ && !world_.deadlock.empty()) deadlock_world_ = world_;
    fold_steps();
    if (world_.deadlock.size() != deadlock_records_) {
        deadlock_records_ = world_.deadlock.size();  // they may arrive over two frames
        if (auto dl = deadlock_from(world_)) deadlock_text_ = dl->describe(log);
    }
    if (done) {
        if (!outcome_) {
            py_->wait();  // the receiver has finished: returns at once
            outcome_ = py_->outcome();
            live_now_ = 0;  // the run ends at its last event
            if (lesson_ && checks_.state == CheckList::State::Waiting) start_lesson_checks();
            else if (outcome_->stopped) cannot_tell(PredictionGrade::Why::Stopped);
            else cannot_tell(PredictionGrade::Why::NoAnswer);  // a lesson that asks but has no checks.py
        }
        collect_checks();
        return;
    }
    // Free mode: the child's clock is real time since it started, so bars
    // grow while every thread sleeps. Its start is estimated from the
    // events: an event seen now was recorded at most now, so the earliest
    // estimate is the best, and the live edge is never ahead of the child.
    // (Deterministic time is virtual: the last event is the edge.)
    // At a speed other than 1 the child's clock runs `speed` times as fast.
    if (py_->options().config.mode != Mode::Free || n == 0) return;
    const double speed = std::max(py_->options().config.speed, kMinSpeed);
    const auto now = std::chrono::steady_clock::now();
    const auto epoch = now - std::chrono::nanoseconds(static_cast<Nanos>(static_cast<double>(timeline_.end_time()) / speed));
    if (!py_epoch_ || epoch < *py_epoch_) py_epoch_ = epoch;
    const double real = static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(now - *py_epoch_).count());
    live_now_ = std::max<Nanos>(live_now_, static_cast<Nanos>(real * speed));
}

}  // namespace tl::gui
