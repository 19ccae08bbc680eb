#include "gui/session.hpp"

#include <algorithm>

namespace tl::gui {

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    size_t begin = 0;
    while (begin < text.size()) {
        size_t end = text.find('\n', begin);
        if (end == std::string::npos) end = text.size();
        lines.push_back(text.substr(begin, end - begin));
        begin = end + 1;
    }
    return lines;
}

Session::Session() = default;
Session::~Session() { stop(); }

void Session::select(const Scenario& s, std::optional<Params> params) {
    stop();
    scenario_ = &s;
    edited_ = params ? *params : default_params(s);
    running_params_ = edited_;
    python_lines_ = split_lines(s.python);
    clear_views();
}

bool Session::params_pending() const {
    if (!scenario_) return false;
    for (const ParamSpec& p : scenario_->params)
        if (!p.live && edited_.real(p.name) != running_params_.real(p.name)) return true;
    return false;
}

void Session::param_changed(const ParamSpec& spec) {
    // Live parameters reach the running program at once: the speed through
    // the runtime, anything else through the scenario's own hook. Others are
    // read by the program (or its configure) when it starts, so they wait
    // for reset (the controls say so).
    if (!spec.live) return;
    const double value = edited_.real(spec.name);
    if (spec.name == "speed") set_speed(value);
    else if (rt_ && scenario_ && scenario_->apply_live) scenario_->apply_live(*rt_, spec.name, value);
}

const RunConfig& Session::run_config() const { return rt_ ? rt_->config() : cfg_; }

std::vector<uint32_t> Session::choices() const {
    if (!rt_ || rt_->finished()) return {};
    return rt_->choices();
}

void Session::pick(uint32_t tid) {
    if (rt_) rt_->pick(tid);
}

void Session::set_speed(double s) {
    cfg_.speed = std::clamp(s, kMinSpeed, kMaxSpeed);
    if (rt_) rt_->set_speed(cfg_.speed);
}

void Session::clear_views() {
    timeline_ = Timeline{};
    world_ = World{};
    index_ = TraceIndex{};
    cpu_ = CpuShares{};
    world_consumed_ = 0;
    live_now_ = 0;
    deadlock_text_.clear();
}

void Session::start() {
    if (!scenario_) return;
    stop();
    clear_views();
    running_params_ = edited_;
    // The user's mode, policy, seed and speed, shaped by the scenario's own
    // settings (cores, GIL, switch interval), exactly as the CLI builds it.
    RunConfig cfg = scenario_config(*scenario_, running_params_, cfg_);
    // A deterministic run in the GUI is paced, so it can be watched; a
    // deadlock stays standing (red lanes, owners, queues) for a moment
    // before its threads are ended.
    cfg.paced = cfg.mode == Mode::Deterministic;
    cfg.deadlock_hold = 1.5;
    rt_ = std::make_unique<Runtime>(cfg);
    rt_->start([program = scenario_->program, params = running_params_] { program(params); });
}

void Session::toggle_run() {
    switch (status()) {
    case RunStatus::Idle:
    case RunStatus::Finished: start(); break;
    case RunStatus::Running: rt_->pause(); break;
    case RunStatus::Paused: rt_->resume(); break;
    }
}

void Session::step() {
    RunStatus st = status();
    if (st == RunStatus::Idle || st == RunStatus::Finished) {
        start();
        rt_->pause();
        return;
    }
    if (st == RunStatus::Running) {
        rt_->pause();
        return;
    }
    rt_->step();
}

void Session::reset() {
    const bool was_paused = status() == RunStatus::Paused;
    start();
    if (was_paused && rt_) rt_->pause();
}

void Session::stop() {
    if (rt_) {
        rt_->stop();
        rt_.reset();
    }
}

RunStatus Session::status() const {
    if (!rt_) return RunStatus::Idle;
    if (rt_->finished()) return RunStatus::Finished;
    return rt_->paused() ? RunStatus::Paused : RunStatus::Running;
}

void Session::poll() {
    if (!rt_) return;
    const EventLog& log = rt_->log();
    // The clock moves on while nothing happens (everyone asleep); now()
    // takes the later of it and the last event.
    if (!rt_->finished()) live_now_ = std::max(live_now_, rt_->now());
    const size_t n = log.size();
    timeline_.update(log, n);
    index_.update(log, n);
    cpu_.update(timeline_);
    for (; world_consumed_ < n; ++world_consumed_) world_.apply(log, log[world_consumed_]);
    if (deadlock_text_.empty()) {
        if (auto dl = rt_->deadlock()) deadlock_text_ = dl->describe(log);
    }
}

}  // namespace tl::gui
