#include "det_scheduler.hpp"

#include <algorithm>
#include <chrono>

#include "scaled_clock.hpp"
#include "threadlab/errors.hpp"

namespace tl::detail {

namespace {
constexpr int kPaceIdle = 0, kPaceRunning = 1, kPaceFrozen = 2;

// The generator's starting state from the seed, through splitmix64's output
// function: seed*k + c would make seed s+1 the sequence of seed s shifted by
// one draw (the state advances by k), so neighbouring seeds gave almost the
// same interleaving.
uint64_t scramble_seed(uint64_t seed) {
    uint64_t z = seed + 0x632BE59BD9B4E019ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
}  // namespace

DetScheduler::DetScheduler(Runtime& rt, const RunConfig& cfg)
    : rt_(rt), policy_(cfg.policy), paced_(cfg.paced), cores_(std::clamp(cfg.cores, kMinCores, kMaxCores)),
      deadlock_hold_(Nanos(std::max(0.0, cfg.deadlock_hold) * 1e9)),
      interval_switching_(cfg.interval_switching && cfg.policy == Policy::Random), rng_(scramble_seed(cfg.seed)),
      speed_(cfg.speed) {}

uint64_t DetScheduler::next_random() {  // splitmix64: small, fast, fully specified
    uint64_t z = (rng_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

Nanos DetScheduler::display_now() const {
    int state = pace_state_.load(std::memory_order_acquire);
    if (state == kPaceRunning) {
        double elapsed = double(ScaledClock::real_ns() - pace_real_start_.load(std::memory_order_acquire));
        Nanos t = pace_from_.load(std::memory_order_acquire) + Nanos(elapsed * speed());
        return std::min(t, pace_to_.load(std::memory_order_acquire));
    }
    if (state == kPaceFrozen) return pace_from_.load(std::memory_order_acquire);
    return now();
}

void DetScheduler::on_spawn(ThreadCtl& t) {
    Lock lk(m_);
    if (threads_.size() <= t.tid) threads_.resize(t.tid + 1, nullptr);
    threads_[t.tid] = &t;
    make_runnable(t, now());
    if (!holder_) holder_ = &t;  // MainThread starts with the token
}

void DetScheduler::on_enter(ThreadCtl& t) {
    Lock lk(m_);
    wait_for_token(lk, t);
    if (dying(t)) throw ThreadKilled{};
}

void DetScheduler::on_exit(ThreadCtl& t) {
    Lock lk(m_);
    progressed_ = true;
    t.exited = true;
    t.runnable = false;
    if (stopping_ || holder_ != &t) return;
    schedule_next(lk);
}

void DetScheduler::wait_for_token(Lock& lk, ThreadCtl& me) {
    me.cv.wait(lk, [&] { return holder_ == &me || stopping_; });
}

void DetScheduler::transfer(ThreadCtl* next) {
    holder_ = next;
    if (next) next->cv.notify_all();
}

bool DetScheduler::wait_while_paused(Lock& lk) {
    while (paused_ && !stopping_) {
        if (step_credit_ > 0) {
            --step_credit_;
            return false;
        }
        control_cv_.wait(lk);
    }
    return true;
}

void DetScheduler::make_runnable(ThreadCtl& t, Nanos since) {
    t.runnable = true;
    t.ready_since = since;
}

void DetScheduler::wake_due_sleepers() {
    // Charged work moves the clock while the holder runs; a sleeper whose
    // time has come can run from its deadline on, even if nobody blocks.
    // Until it gets the token it waits for the GIL, as a CPython thread
    // back from its sleep waits in take_gil: it is shown ready from now on
    // (a switch interval of it, next to a CPU-bound thread: the convoy).
    // A thread polling the kernel keeps the state of its wait.
    const Nanos t_now = now();
    for (ThreadCtl* t : threads_) {
        if (t && !t->exited && t->parked && !t->runnable && !t->computing && t->deadline && *t->deadline <= t_now) {
            make_runnable(*t, *t->deadline);
            t->timed_out = true;
            t->deadline.reset();
            if (!t->polling) t->set_state(ThreadState::Ready, kNone);
        }
    }
}

ThreadCtl* DetScheduler::due_for_the_gil(ThreadCtl& me) {
    // As CPython 3.11's take_gil: a thread that wants the GIL waits a switch
    // interval, then asks the holder to drop it, and the holder does at its
    // next switch point (this one) and lets that thread in (forced
    // switching). The longest waiter is the one whose interval ran out.
    const Nanos interval = std::max<Nanos>(1, Nanos(rt_.switch_interval() * 1e9));
    ThreadCtl* longest = nullptr;
    for (ThreadCtl* t : threads_)
        if (t && !t->exited && t != &me && t->runnable && (!longest || t->ready_since < longest->ready_since))
            longest = t;
    return longest && now() - longest->ready_since >= interval ? longest : nullptr;
}

void DetScheduler::gate(ThreadCtl& me, bool may_throw) {
    Lock lk(m_);
    auto bail = [&] {
        if (may_throw) throw ThreadKilled{};
    };
    if (dying(me) || holder_ != &me) return bail();
    wait_while_paused(lk);
    if (dying(me)) return bail();
    progressed_ = true;
    if (ProcessTurns* turns = shared_turns(); turns && now() > turns->turn_limit()) {
        // Ahead of another process in time: it runs first (this thread keeps
        // this process's token meanwhile).
        if (!take_turn(lk, *turns, true, std::nullopt, false) || dying(me)) return bail();
        progressed_ = true;  // this thread goes on running in the new turn
    }
    ThreadCtl* next = nullptr;
    wake_due_sleepers();
    if (interval_switching_) {
        next = due_for_the_gil(me);
    } else {
        std::vector<ThreadCtl*> candidates;
        for (ThreadCtl* t : threads_)
            if (t && t->runnable && !t->exited) candidates.push_back(t);
        next = choose(lk, candidates);
    }
    if (dying(me)) return bail();
    if (next == &me || !next) return;
    make_runnable(me, now());
    me.set_state(ThreadState::Ready, kNone);
    transfer(next);
    wait_for_token(lk, me);
    if (dying(me)) return bail();
    me.set_state(ThreadState::Running, kNone);
}

ThreadCtl* DetScheduler::choose(Lock& lk, const std::vector<ThreadCtl*>& candidates) {
    if (candidates.empty()) return nullptr;
    ThreadCtl* next = candidates.front();
    if (candidates.size() > 1) {
        switch (policy_) {
            case Policy::Random: next = candidates[next_random() % candidates.size()]; break;
            case Policy::RoundRobin: {
                auto it = std::find_if(candidates.begin(), candidates.end(),
                                       [&](ThreadCtl* t) { return t->tid > last_tid_; });
                next = it == candidates.end() ? candidates.front() : *it;
                break;
            }
            case Policy::Manual: {
                choices_.clear();
                for (ThreadCtl* t : candidates) choices_.push_back(t->tid);
                picked_.reset();
                control_cv_.notify_all();
                ThreadCtl* chosen = nullptr;
                control_cv_.wait(lk, [&] {
                    if (stopping_) return true;
                    if (!picked_) return false;
                    for (ThreadCtl* t : candidates)
                        if (t->tid == *picked_) chosen = t;
                    if (!chosen) picked_.reset();
                    return chosen != nullptr;
                });
                choices_.clear();
                next = chosen ? chosen : candidates.front();
                break;
            }
        }
    }
    last_tid_ = next->tid;
    return next;
}

Wake DetScheduler::park(ThreadCtl& me, std::unique_lock<ObjectMutex>* obj_lock, std::optional<Nanos> deadline) {
    Lock lk(m_);
    if (me.permit) {
        me.permit = false;
        return Wake::Unparked;
    }
    if (dying(me)) return Wake::Killed;
    if (!me.polling) progressed_ = true;
    me.parked = true;
    me.runnable = false;
    me.timed_out = false;
    me.deadline = deadline;
    if (obj_lock) obj_lock->unlock();
    if (holder_ == &me) schedule_next(lk);
    wait_for_token(lk, me);
    me.parked = false;
    me.deadline.reset();
    me.runnable = true;
    Wake result = Wake::Unparked;
    if (me.permit) {
        me.permit = false;
    } else if (dying(me)) {
        result = Wake::Killed;
    } else if (me.timed_out) {
        result = Wake::Timeout;
    }
    lk.unlock();
    if (obj_lock) obj_lock->lock();
    return result;
}

void DetScheduler::unpark(ThreadCtl& t) {
    Lock lk(m_);
    t.permit = true;
    if (t.parked) {
        make_runnable(t, now());
        t.deadline.reset();
    }
}

void DetScheduler::schedule_next(Lock& lk) {
    for (;;) {
        if (stopping_) {
            transfer(nullptr);
            for (ThreadCtl* t : threads_)
                if (t) t->cv.notify_all();
            return;
        }
        std::vector<ThreadCtl*> candidates;
        std::optional<Nanos> earliest;
        bool alive = false, polling = false;
        int64_t computing = 0;
        Nanos least_work = 0;
        for (ThreadCtl* t : threads_) {
            if (!t || t->exited) continue;
            alive = true;
            if (t->runnable) {
                candidates.push_back(t);
            } else if (t->parked && t->computing) {
                least_work = computing++ == 0 ? t->work_left : std::min(least_work, t->work_left);
            } else if (t->parked && t->deadline && (!earliest || *t->deadline < *earliest)) {
                earliest = t->deadline;
            }
            if (t->parked && t->polling) polling = true;
        }
        if (!candidates.empty()) {
            ThreadCtl* next = choose(lk, candidates);
            if (stopping_) continue;
            transfer(next);
            return;
        }
        // Nobody can run now: the next moment something happens by itself.
        std::optional<Nanos> wake = earliest;
        if (computing > 0) {
            // k threads computing on c cores each progress at min(1, c/k):
            // the first to finish does so after least_work * max(1, k/c).
            Nanos finish = computing <= cores_ ? least_work : (least_work * computing + cores_ - 1) / cores_;
            Nanos target = now() + std::max<Nanos>(finish, 1);
            if (!wake || target < *wake) wake = target;
        }
        ProcessTurns* turns = rt_.process_turns();
        if (!alive) {
            if (turns) turns->process_over(now());  // the other processes go on without this one
            transfer(nullptr);  // everyone has exited: the run is over
            return;
        }
        if (turns && turns->shared() && wake && *wake <= now()) {
            // A deadline already due here (sleep(0), timeout=0): it runs
            // now, in this process's turn. Handing the turn over for it
            // would find it due again at the same moment, for ever.
            advance_to(now());
            continue;
        }
        if (turns && turns->shared() && (wake || polling)) {
            // Other processes run until this one's next moment comes, or
            // until one of them gives its waiting threads something.
            take_turn(lk, *turns, false, wake, polling);
            continue;
        }
        if (polling) {
            // The other processes have ended while threads here waited for
            // them: those threads look once more, then wait for real.
            for (ThreadCtl* t : threads_)
                if (t && !t->exited && t->parked && t->polling) make_runnable(*t, now());
            continue;
        }
        if (wake) {
            // Nobody can run: virtual time jumps to the next wake-up, or
            // stops where something outside wants a turn first (a teacher's
            // change at 0.1 s while every thread sleeps until 0.2 s), and a
            // sleeper is woken to let it in.
            ThreadCtl* sleeper = sleeper_to_poke();
            const Nanos outside = outside_at_.load(std::memory_order_acquire);
            const Nanos target = sleeper && outside < *wake ? std::max(outside, now()) : *wake;
            const Nanos reached = pace_until(lk, target, sleeper != nullptr);
            if (stopping_) continue;
            advance_to(reached);
            if (sleeper && outside_at_.load(std::memory_order_acquire) <= reached && reached < *wake) {
                outside_at_.store(std::numeric_limits<Nanos>::max(), std::memory_order_release);
                sleeper->poked.store(true, std::memory_order_release);
                make_runnable(*sleeper, now());
                sleeper->deadline.reset();
            }
            continue;
        }
        // Nobody can ever run again: report, then unwind every thread in
        // tid order through the token, so the log stays deterministic.
        end_deadlocked(lk);
    }
}

void DetScheduler::advance_to(Nanos target) {
    int64_t computing = 0;
    for (ThreadCtl* t : threads_)
        if (t && !t->exited && t->parked && t->computing) ++computing;
    const Nanos dt = std::max<Nanos>(target - now(), 0);
    const Nanos progress = computing <= cores_ ? dt : dt * cores_ / computing;
    vnow_.store(std::max(now(), target), std::memory_order_release);
    for (ThreadCtl* t : threads_) {
        if (!t || t->exited || !t->parked || t->runnable) continue;
        if (t->computing) {
            t->work_left -= progress;
            if (t->work_left <= 0) make_runnable(*t, now());
        } else if (t->deadline && *t->deadline <= now()) {
            make_runnable(*t, *t->deadline);
            t->timed_out = true;
            t->deadline.reset();
        }
    }
}

void DetScheduler::end_deadlocked(Lock& lk) {
    report_deadlock();
    if (deadlock_hold_ > 0) {
        // Let the standing deadlock be seen before it is unwound.
        pace_until(lk, now() + deadlock_hold_);
        vnow_.store(now() + deadlock_hold_, std::memory_order_release);
    }
    for (ThreadCtl* t : threads_) {
        if (t && !t->exited) {
            t->killed.store(true, std::memory_order_release);
            make_runnable(*t, now());
            t->deadline.reset();
        }
    }
}

ProcessTurns* DetScheduler::shared_turns() const {
    ProcessTurns* turns = rt_.process_turns();
    return turns && turns->shared() ? turns : nullptr;
}

bool DetScheduler::take_turn(Lock& lk, ProcessTurns& turns, bool ready, std::optional<Nanos> wake, bool polling) {
    const bool progressed = progressed_;
    const Nanos from = now();
    lk.unlock();
    const ProcessTurn turn = turns.next_turn(from, ready, wake, polling, progressed);
    lk.lock();
    progressed_ = false;
    if (stopping_) return false;
    if (turn.at > now()) {
        pace_until(lk, turn.at);
        if (stopping_) return false;
        advance_to(turn.at);
    }
    // A new turn: whoever waits in the kernel looks again (another process
    // may have written to its pipe, released its lock or ended).
    for (ThreadCtl* t : threads_)
        if (t && !t->exited && t->parked && t->polling && !t->runnable) make_runnable(*t, now());
    if (turn.deadlock) end_deadlocked(lk);
    return true;
}

Wake DetScheduler::wait_for_other_processes(ThreadCtl& me, std::optional<Nanos> deadline) {
    {
        Lock lk(m_);
        if (dying(me)) return Wake::Killed;
        if (!shared_turns()) return Wake::Unparked;  // alone again: the caller waits for real
        me.polling = true;
    }
    const Wake w = park(me, nullptr, deadline);
    Lock lk(m_);
    me.polling = false;
    return w;
}

void DetScheduler::keep_only_after_fork(ThreadCtl& me) {
    // The child of a fork has only the thread that forked: the others' ctl
    // blocks are copies of threads that do not exist here.
    Lock lk(m_);
    for (ThreadCtl* t : threads_) {
        if (!t || t == &me) continue;
        t->exited = true;
        t->runnable = false;
        t->parked = false;
    }
    holder_ = &me;
    choices_.clear();
    picked_.reset();
}

void DetScheduler::report_deadlock() {
    std::vector<ThreadCtl*> stuck;
    for (ThreadCtl* t : threads_)
        if (t && !t->exited) stuck.push_back(t);
    rt_.report_deadlock(stuck);
}

void DetScheduler::want_outside_turn(Nanos at) {
    Nanos cur = outside_at_.load(std::memory_order_acquire);
    while (at < cur && !outside_at_.compare_exchange_weak(cur, at, std::memory_order_acq_rel)) {
    }
    // (Under the mutex, so a pacing wait cannot miss it between its look and its wait.)
    Lock lk(m_);
    control_cv_.notify_all();
}

ThreadCtl* DetScheduler::sleeper_to_poke() const {
    for (ThreadCtl* t : threads_)
        if (t && !t->exited && t->parked && !t->runnable && t->deadline && t->pokeable.load(std::memory_order_acquire))
            return t;
    return nullptr;
}

Nanos DetScheduler::pace_until(Lock& lk, Nanos target, bool outside_may_stop) {
    if (!paced_) return target;
    pace_from_.store(now(), std::memory_order_release);
    pace_to_.store(target, std::memory_order_release);
    pace_real_start_.store(ScaledClock::real_ns(), std::memory_order_release);
    pace_state_.store(kPaceRunning, std::memory_order_release);
    while (!stopping_) {
        if (paused_) {
            if (step_credit_ > 0) {  // a step while paused may jump the wait
                --step_credit_;
                break;
            }
            pace_from_.store(display_now(), std::memory_order_release);
            pace_state_.store(kPaceFrozen, std::memory_order_release);
            control_cv_.wait(lk);
            pace_real_start_.store(ScaledClock::real_ns(), std::memory_order_release);
            pace_state_.store(kPaceRunning, std::memory_order_release);
            continue;
        }
        Nanos shown = display_now();
        if (shown >= target) break;
        if (outside_may_stop && outside_at_.load(std::memory_order_acquire) <= shown) {
            // Something outside wants a turn now (a slider moved): stop
            // where the display is (the run's time from here on depends on
            // when the teacher moved it, as it would in a real program).
            target = std::max(shown, now());
            break;
        }
        auto real_left = std::chrono::nanoseconds(int64_t(double(target - shown) / speed()) + 1);
        control_cv_.wait_for(lk, real_left);
    }
    pace_state_.store(kPaceIdle, std::memory_order_release);
    return target;
}

Nanos DetScheduler::cpu_work(ThreadCtl& me, Nanos duration, const std::atomic<bool>* interrupt) {
    // Virtual CPU time: the thread stays Running while the clock moves on;
    // computing threads share the modelled cores (see schedule_next).
    Nanos left = duration;
    while (left > 0) {
        if (interrupt && interrupt->load(std::memory_order_acquire)) break;
        {
            Lock lk(m_);
            me.computing = true;
            me.work_left = left;
        }
        Wake w = park(me, nullptr, std::nullopt);
        {
            Lock lk(m_);
            me.computing = false;
            left = me.work_left;
        }
        if (w == Wake::Killed) throw ThreadKilled{};
    }
    return duration - std::max<Nanos>(left, 0);
}

void DetScheduler::charge(ThreadCtl&, Nanos cost) {
    // Only the clock moves; sleepers whose time has come are woken at the
    // holder's next switch point (gate). No lock: only the
    // token's holder runs, and the clock is only moved from its thread (by
    // this and by schedule_next), so an atomic add is enough; this is
    // called at every switch point.
    if (cost <= 0) return;
    if (ProcessTurns* turns = rt_.process_turns()) {
        // Other processes compute meanwhile: they share the modelled cores.
        const int k = turns->computing_processes();
        if (k > cores_) cost = cost * k / cores_;
    }
    vnow_.fetch_add(cost, std::memory_order_acq_rel);
}

bool DetScheduler::waiter_wins_release() {
    // CPython's waiter is woken by the release and takes the lock in C,
    // without the GIL, racing the releaser on its way back to acquire():
    // with two threads doing `with lock: sleep(...)` five times, 3.11 here
    // gave AAABABABBB, ABABABABAB, AAAAABBBBB, AABABABABB, AAABBAABBB. A
    // coin from the seed stands for that race. Without interval switching
    // the policy already lets waiters in at every switch point.
    if (!interval_switching_) return false;
    Lock lk(m_);
    return next_random() & 1;
}

void DetScheduler::kill(ThreadCtl& t) {
    Lock lk(m_);
    t.killed.store(true, std::memory_order_release);
    if (t.parked) {
        make_runnable(t, now());
        t.deadline.reset();
    }
    control_cv_.notify_all();
}

void DetScheduler::stop_all() {
    if (ProcessTurns* turns = rt_.process_turns()) turns->interrupt();
    Lock lk(m_);
    stopping_ = true;
    for (ThreadCtl* t : threads_) {
        if (!t) continue;
        t->killed.store(true, std::memory_order_release);
        t->cv.notify_all();
    }
    control_cv_.notify_all();
}

void DetScheduler::set_speed(double s) {
    Lock lk(m_);
    if (pace_state_.load() == kPaceRunning) {
        pace_from_.store(display_now(), std::memory_order_release);
        pace_real_start_.store(ScaledClock::real_ns(), std::memory_order_release);
    }
    speed_.store(s, std::memory_order_release);
    control_cv_.notify_all();
}

void DetScheduler::pause() {
    Lock lk(m_);
    paused_ = true;
    control_cv_.notify_all();
}

void DetScheduler::resume() {
    Lock lk(m_);
    paused_ = false;
    step_credit_ = 0;
    control_cv_.notify_all();
}

bool DetScheduler::paused() const {
    Lock lk(m_);
    return paused_;
}

void DetScheduler::step() {
    Lock lk(m_);
    if (!paused_) {
        paused_ = true;
    } else {
        ++step_credit_;
    }
    control_cv_.notify_all();
}

std::vector<uint32_t> DetScheduler::choices() const {
    Lock lk(m_);
    return choices_;
}

void DetScheduler::pick(uint32_t tid) {
    Lock lk(m_);
    picked_ = tid;
    control_cv_.notify_all();
}

}  // namespace tl::detail
