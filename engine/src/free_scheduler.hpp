// Free mode: every scenario thread runs in parallel as the OS schedules it.
// Parking is a per-thread condition variable; timeouts are deadlines in
// scaled scenario time, recomputed whenever the speed changes or a pause ends.
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>

#include "scaled_clock.hpp"
#include "scheduler.hpp"

namespace tl::detail {

class FreeScheduler : public Scheduler {
public:
    // `each_thread` visits every thread of the run (to wake parked ones);
    // `deadlocked` is called once when every live thread is parked with no
    // deadline and nobody can wake it.
    FreeScheduler(double speed, std::function<void(const std::function<void(ThreadCtl&)>&)> each_thread,
                  std::function<void()> deadlocked);

    Nanos now() const override { return clock_.now(); }
    void on_spawn(ThreadCtl&) override;
    void on_enter(ThreadCtl& t) override;
    void on_exit(ThreadCtl& t) override;
    void gate(ThreadCtl& me, bool may_throw) override;
    Wake park(ThreadCtl& me, std::unique_lock<ObjectMutex>* obj_lock, std::optional<Nanos> deadline) override;
    void unpark(ThreadCtl& t) override;
    Nanos cpu_work(ThreadCtl& me, Nanos duration, const std::atomic<bool>* interrupt) override;
    void kill(ThreadCtl& t) override;
    void stop_all() override;
    void set_speed(double s) override;
    double speed() const override { return clock_.speed(); }
    void pause() override;
    void resume() override;
    bool paused() const override { return paused_.load(std::memory_order_acquire); }
    void step() override;
    void after_record() override;

private:
    bool should_die(const ThreadCtl& me) const {
        return stopping_.load(std::memory_order_acquire) || me.killed.load(std::memory_order_acquire);
    }
    void wait_while_paused(ThreadCtl& me);
    void wake_all_parked();  // no permit: they just recompute their deadlines

    ScaledClock clock_;
    std::function<void(const std::function<void(ThreadCtl&)>&)> each_thread_;
    std::function<void()> deadlocked_;
    // Deadlock detection: threads that are alive and not idle (see ThreadCtl::idle).
    // An unpark or kill counts its target active again before it wakes, so
    // the count reaches zero only when nobody can ever run again.
    // These counters change at every park that sleeps or spins; the flags
    // below are read at every operation and rarely change. Each group has a
    // cache line of its own, so parking never evicts what every thread reads.
    alignas(64) std::atomic<int> active_{0};
    std::atomic<int> alive_{0};
    std::atomic<int> spinners_{0};   // threads spinning in park right now
    alignas(64) const int max_spinners_;
    std::atomic<bool> deadlock_reported_{false};
    void became_idle_last();
    std::atomic<bool> paused_{false};
    std::atomic<bool> stopping_{false};
    std::atomic<bool> step_pending_{false};
    std::mutex pause_mutex_;
    std::condition_variable pause_cv_;
};

}  // namespace tl::detail
