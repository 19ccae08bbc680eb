// The run behind the window: the selected scenario, the parameters being
// edited, the run configuration, and the Runtime of the current run, plus the
// incremental reductions of its event log that every view reads
// (tl::Timeline, tl::World, TraceIndex). Only the GUI thread touches it.
#pragma once
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gui/cpu_share.hpp"
#include "gui/trace_index.hpp"
#include "scenario.hpp"
#include "threadlab/reduce.hpp"
#include "threadlab/runtime.hpp"

namespace tl::gui {

enum class RunStatus { Idle, Running, Paused, Finished };

class Session {
public:
    Session();
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Selects a scenario: stops the current run, loads the defaults (or the
    // given parameters) and waits in Idle for start().
    void select(const Scenario& s, std::optional<Params> params = std::nullopt);
    const Scenario* scenario() const { return scenario_; }

    // The parameters the sliders edit; they reach a run on start()/reset().
    Params& edited_params() { return edited_; }
    const Params& run_params() const { return running_params_; }
    // True when a parameter that only applies on reset differs from the run's.
    bool params_pending() const;
    // Called after a slider moved: live parameters go to the running program
    // (the speed, or whatever the scenario's apply_live understands).
    void param_changed(const ParamSpec& spec);

    // Mode, policy and seed apply on the next start; speed applies at once.
    // The run's own config adds the scenario's settings (cores, GIL...) to it.
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
    void stop();

    // Folds the events published since the last call. Once per frame.
    void poll();

    RunStatus status() const;
    bool has_run() const { return rt_ != nullptr; }
    const EventLog* log() const { return rt_ ? &rt_->log() : nullptr; }
    // Scenario time now: the runtime's clock while the run goes (so bars
    // grow while every thread sleeps and no event arrives), the last
    // event's time once it has ended.
    Nanos now() const { return std::max(timeline_.end_time(), live_now_); }
    const Timeline& timeline() const { return timeline_; }
    const World& world() const { return world_; }
    const TraceIndex& index() const { return index_; }
    const CpuShares& cpu() const { return cpu_; }
    const std::vector<std::string>& python_lines() const { return python_lines_; }
    // The deadlock description, when the run is deadlocked.
    const std::string& deadlock_text() const { return deadlock_text_; }

private:
    void clear_views();

    const Scenario* scenario_ = nullptr;
    Params edited_;
    Params running_params_;
    RunConfig cfg_;
    std::unique_ptr<Runtime> rt_;
    Timeline timeline_;
    World world_;
    TraceIndex index_;
    CpuShares cpu_;
    size_t world_consumed_ = 0;
    Nanos live_now_ = 0;
    std::vector<std::string> python_lines_;
    std::string deadlock_text_;
};

std::vector<std::string> split_lines(const std::string& text);

}  // namespace tl::gui
