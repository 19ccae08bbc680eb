#include "free_scheduler.hpp"

#include <sched.h>

#include <algorithm>
#include <ctime>
#include <thread>

#include "cpu_relax.hpp"
#include "fast_clock.hpp"
#include "threadlab/errors.hpp"

namespace tl::detail {

namespace {
// A parked thread polls for its permit for up to kSpinNs before it sleeps:
// the first kPauseNs on the CPU, the rest yielding the CPU between polls.
constexpr int64_t kSpinNs = 20'000;
constexpr int64_t kPauseNs = 2'000;
}  // namespace

FreeScheduler::FreeScheduler(double speed,
                             std::function<void(const std::function<void(ThreadCtl&)>&)> each_thread,
                             std::function<void()> deadlocked)
    : clock_(speed),
      each_thread_(std::move(each_thread)),
      deadlocked_(std::move(deadlocked)),
      max_spinners_(std::max(1, int(std::thread::hardware_concurrency()) - 1)) {}

void FreeScheduler::on_spawn(ThreadCtl&) {
    alive_.fetch_add(1, std::memory_order_acq_rel);
    active_.fetch_add(1, std::memory_order_acq_rel);
}

void FreeScheduler::on_enter(ThreadCtl& t) {
    if (should_die(t)) throw ThreadKilled{};
}

void FreeScheduler::on_exit(ThreadCtl&) {
    alive_.fetch_sub(1, std::memory_order_acq_rel);
    if (active_.fetch_sub(1, std::memory_order_acq_rel) == 1 && alive_.load(std::memory_order_acquire) > 0)
        became_idle_last();
}

void FreeScheduler::became_idle_last() {
    if (stopping_.load(std::memory_order_acquire)) return;
    if (deadlock_reported_.exchange(true)) return;
    deadlocked_();
}

void FreeScheduler::gate(ThreadCtl& me, bool may_throw) {
    if (should_die(me)) {
        if (may_throw) throw ThreadKilled{};
        return;
    }
    if (paused_.load(std::memory_order_acquire)) wait_while_paused(me);
    if (may_throw && should_die(me)) throw ThreadKilled{};
}

void FreeScheduler::wait_while_paused(ThreadCtl& me) {
    std::unique_lock lk(pause_mutex_);
    pause_cv_.wait(lk, [&] { return !paused_.load(std::memory_order_acquire) || should_die(me); });
}

Wake FreeScheduler::park(ThreadCtl& me, std::unique_lock<ObjectMutex>* obj_lock, std::optional<Nanos> deadline) {
    // The object's mutex goes first: an unpark from now on leaves a permit,
    // so none is lost, and a waker never finds our park mutex held while we
    // still hold its object.
    if (obj_lock) obj_lock->unlock();
    if (!deadline && spinners_.fetch_add(1, std::memory_order_acq_rel) < max_spinners_) {
        // A hand-off (a task for a pool worker, a result for its caller)
        // often comes within microseconds: spinning that long first saves a
        // futex sleep, a wake-up and two context switches. Spinners are
        // capped below the core count, and they still count as active: a
        // spinner is not yet a thread that nobody but others can wake.
        //
        // After a short while the spinner yields between polls. With more
        // threads than cores (a pool of 2 or 4 and its submitter on 2 cores)
        // a spinner often shares its core with the very thread that would
        // wake it; polling with pause alone then took that core from it for
        // the whole spin, every time, and the pool fell into a mode where
        // nearly every task cost a sleep and a wake-up (2-4 us per task
        // instead of 0.6, measured in bench_executor).
        me.spinning.store(true, std::memory_order_relaxed);
        const int64_t start = mono_ns();
        const int64_t yield_from = start + kPauseNs;
        const int64_t spin_until = start + kSpinNs;
        for (int64_t now = start; !me.permit_hint.load(std::memory_order_acquire) && !should_die(me) && now < spin_until;
             now = mono_ns()) {
            if (now < yield_from)
                cpu_relax();
            else
                sched_yield();
        }
        me.spinning.store(false, std::memory_order_relaxed);
        spinners_.fetch_sub(1, std::memory_order_acq_rel);
    } else if (!deadline) {
        spinners_.fetch_sub(1, std::memory_order_acq_rel);
    }
    std::unique_lock pl(me.park_mutex);
    if (!me.permit && !deadline && !should_die(me)) {
        me.idle = true;
        if (active_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
            // Nobody is left to wake anyone: report (outside our park mutex,
            // as the report kills every thread, this one included).
            pl.unlock();
            became_idle_last();
            pl.lock();
        }
    }
    Wake result;
    for (;;) {
        if (me.permit) {
            me.permit = false;
            me.permit_hint.store(false, std::memory_order_relaxed);
            result = Wake::Unparked;
            break;
        }
        if (should_die(me)) {
            result = Wake::Killed;
            break;
        }
        // No permit, so a hint still set is stale (its permit was consumed
        // before the unparker got round to publishing it): clear it, or the
        // next park would stop spinning at once. This never clears the hint
        // of a permit still to be consumed: an unparker sets the permit
        // under this mutex, before its hint, so we would see it here. (A
        // stale hint published after this point costs one park its spin.)
        me.permit_hint.store(false, std::memory_order_relaxed);
        if (deadline) {
            if (clock_.now() >= *deadline) {
                result = Wake::Timeout;
                break;
            }
            if (auto real = clock_.real_time_of(*deadline))
                me.cv.wait_until(pl, *real);
            else
                me.cv.wait(pl);  // paused: scenario time stands still
        } else {
            me.cv.wait(pl);
        }
    }
    if (me.idle) {  // woken by a kill or a stop, not by an unpark
        me.idle = false;
        active_.fetch_add(1, std::memory_order_acq_rel);
    }
    pl.unlock();
    if (obj_lock) obj_lock->lock();
    return result;
}

void FreeScheduler::unpark(ThreadCtl& t) {
    {
        std::lock_guard pl(t.park_mutex);
        t.permit = true;
        if (t.idle) {
            t.idle = false;
            active_.fetch_add(1, std::memory_order_acq_rel);
        }
    }
    // The hint goes out once the mutex is free, so a spinner that sees it
    // takes the mutex at once instead of sleeping in the kernel on it.
    t.permit_hint.store(true, std::memory_order_release);
    t.cv.notify_one();
}

namespace {
int64_t thread_cpu_ns() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}
}  // namespace

Nanos FreeScheduler::cpu_work(ThreadCtl& me, Nanos duration, const std::atomic<bool>* interrupt) {
    // A real busy loop on a real core. Progress is this thread's own CPU
    // time times the speed factor, so threads that outnumber the cores take
    // longer, as they would in CPython; pauses and speed changes apply.
    Nanos done = 0;
    int64_t last = thread_cpu_ns();
    volatile uint64_t sink = 0;
    while (done < duration) {
        if (interrupt && interrupt->load(std::memory_order_acquire)) break;
        for (int i = 0; i < 8192; ++i) sink = sink + i;
        int64_t now = thread_cpu_ns();
        done += Nanos(double(now - last) * clock_.speed());
        last = now;
        if (paused_.load(std::memory_order_acquire)) {
            wait_while_paused(me);
            last = thread_cpu_ns();
        }
        if (should_die(me)) throw ThreadKilled{};
    }
    return std::min(done, duration);
}

void FreeScheduler::kill(ThreadCtl& t) {
    t.killed.store(true, std::memory_order_release);
    {
        std::lock_guard pl(t.park_mutex);
        if (t.idle) {  // counted awake now, before it runs again
            t.idle = false;
            active_.fetch_add(1, std::memory_order_acq_rel);
        }
    }
    t.cv.notify_all();
    std::lock_guard lk(pause_mutex_);
    pause_cv_.notify_all();
}

void FreeScheduler::stop_all() {
    stopping_.store(true, std::memory_order_release);
    each_thread_([&](ThreadCtl& t) { kill(t); });
}

void FreeScheduler::set_speed(double s) {
    clock_.set_speed(s);
    wake_all_parked();
}

void FreeScheduler::pause() {
    clock_.set_paused(true);
    paused_.store(true, std::memory_order_release);
}

void FreeScheduler::resume() {
    {
        std::lock_guard lk(pause_mutex_);
        paused_.store(false, std::memory_order_release);
        clock_.set_paused(false);
    }
    pause_cv_.notify_all();
    wake_all_parked();
}

void FreeScheduler::step() {
    step_pending_.store(true, std::memory_order_release);
    resume();
}

void FreeScheduler::after_record() {
    if (step_pending_.load(std::memory_order_relaxed) && step_pending_.exchange(false)) pause();
}

void FreeScheduler::wake_all_parked() {
    each_thread_([](ThreadCtl& t) {
        {
            std::lock_guard pl(t.park_mutex);
        }
        t.cv.notify_all();
    });
}

}  // namespace tl::detail
