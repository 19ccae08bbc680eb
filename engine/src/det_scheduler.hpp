// Deterministic mode: real OS threads, but only the holder of a single token
// runs. At every engine call the holder asks the policy who runs next. Time
// is virtual: it stands still while anyone can run and jumps to the earliest
// deadline when nobody can. When nobody can run and nobody has a deadline,
// the remaining threads are deadlocked: the wait-for graph is reported and
// the run is ended instead of hanging.
#pragma once
#include <limits>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <vector>

#include "scheduler.hpp"
#include "threadlab/process_turns.hpp"
#include "threadlab/runtime.hpp"

namespace tl::detail {

class DetScheduler : public Scheduler {
public:
    DetScheduler(Runtime& rt, const RunConfig& cfg);

    Nanos now() const override { return vnow_.load(std::memory_order_acquire); }
    Nanos display_now() const override;
    void on_spawn(ThreadCtl& t) override;
    void on_enter(ThreadCtl& t) override;
    void on_exit(ThreadCtl& t) override;
    void gate(ThreadCtl& me, bool may_throw) override;
    Wake park(ThreadCtl& me, std::unique_lock<ObjectMutex>* obj_lock, std::optional<Nanos> deadline) override;
    void unpark(ThreadCtl& t) override;
    Nanos cpu_work(ThreadCtl& me, Nanos duration, const std::atomic<bool>* interrupt) override;
    void charge(ThreadCtl& me, Nanos cost) override;
    bool waiter_wins_release() override;
    void kill(ThreadCtl& t) override;
    void stop_all() override;
    void set_speed(double s) override;
    double speed() const override { return speed_.load(std::memory_order_acquire); }
    void pause() override;
    void resume() override;
    bool paused() const override;
    void step() override;
    std::vector<uint32_t> choices() const override;
    void pick(uint32_t tid) override;
    void want_outside_turn(Nanos at) override;
    Wake wait_for_other_processes(ThreadCtl& me, std::optional<Nanos> deadline) override;
    void hold_for_fork() override { m_.lock(); }
    void release_after_fork() override { m_.unlock(); }
    void keep_only_after_fork(ThreadCtl& me) override;

private:
    using Lock = std::unique_lock<std::mutex>;
    bool dying(const ThreadCtl& me) const { return stopping_ || me.killed.load(std::memory_order_acquire); }
    // Hands the token to the next thread, advancing virtual time or
    // reporting a deadlock when nobody can run. Called by the holder.
    void schedule_next(Lock& lk);
    ThreadCtl* choose(Lock& lk, const std::vector<ThreadCtl*>& candidates);
    void transfer(ThreadCtl* next);
    void wait_for_token(Lock& lk, ThreadCtl& me);
    bool wait_while_paused(Lock& lk);  // false if a step credit let it through
    // Paces the display to `target` (paced mode); returns the time reached:
    // `target`, or earlier when `outside_may_stop` and an outside turn is
    // wanted before it (there is a sleeper to let it in).
    Nanos pace_until(Lock& lk, Nanos target, bool outside_may_stop = false);
    // The sleeper an outside turn wakes: the lowest tid in time.sleep or in
    // a timed wait on an object (Event.wait(timeout), a Timer's delay).
    ThreadCtl* sleeper_to_poke() const;
    void report_deadlock();
    // Reports the threads left as deadlocked and makes each runnable to unwind.
    void end_deadlocked(Lock& lk);
    // Moves virtual time to `target`: computing threads progress at the
    // core-sharing rate, sleepers whose deadline has come wake up.
    void advance_to(Nanos target);
    // The processes' turns when other processes are alive, else nullptr.
    ProcessTurns* shared_turns() const;
    // Gives the processes' token away (see ProcessTurns::next_turn) and
    // begins this process's next turn; false if the run is ending.
    bool take_turn(Lock& lk, ProcessTurns& turns, bool ready, std::optional<Nanos> wake, bool polling);
    uint64_t next_random();
    void make_runnable(ThreadCtl& t, Nanos since);
    void wake_due_sleepers();
    // Interval switching: the thread that has waited a switch interval or
    // longer to run, or nullptr for the holder to go on.
    ThreadCtl* due_for_the_gil(ThreadCtl& me);

    Runtime& rt_;
    const Policy policy_;
    const bool paced_;
    const int cores_;
    const Nanos deadlock_hold_;
    const bool interval_switching_;
    mutable std::mutex m_;
    std::condition_variable control_cv_;  // pause, manual picks, pacing
    std::vector<ThreadCtl*> threads_;     // by tid
    ThreadCtl* holder_ = nullptr;
    uint32_t last_tid_ = 0;
    uint64_t rng_;
    std::atomic<Nanos> vnow_{0};
    // The earliest outside turn wanted (want_outside_turn), max for none.
    std::atomic<Nanos> outside_at_{std::numeric_limits<Nanos>::max()};
    std::atomic<double> speed_;
    bool stopping_ = false;
    bool progressed_ = false;  // a thread ran since this process's turn began
    bool paused_ = false;
    int step_credit_ = 0;
    std::vector<uint32_t> choices_;
    std::optional<uint32_t> picked_;
    // Pacing: virtual time shown between wake-ups.
    std::atomic<int> pace_state_{0};  // idle, running, frozen (paused mid-wait)
    std::atomic<Nanos> pace_from_{0};
    std::atomic<Nanos> pace_to_{0};
    std::atomic<int64_t> pace_real_start_{0};
};

}  // namespace tl::detail
