#include "threadlab/runtime.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <sstream>
#include <stdexcept>

#include "det_scheduler.hpp"
#include "free_scheduler.hpp"
#include "gil.hpp"
#include "threadlab/process.hpp"
#include "thread_ctl.hpp"
#include "threadlab/errors.hpp"
#include "threadlab/object.hpp"
#include "threadlab/thread.hpp"

namespace tl {

namespace {
thread_local detail::ThreadCtl* tls_ctl = nullptr;
}

detail::ThreadCtl* detail::current() { return tls_ctl; }

Runtime& current_runtime() {
    if (!tls_ctl) throw std::logic_error("ThreadLab engine call outside a scenario thread");
    return *tls_ctl->rt;
}

bool in_scenario_thread() { return tls_ctl != nullptr; }

struct Runtime::EndState {
    std::condition_variable cv;
    size_t spawned = 0;
    size_t exited = 0;
    bool started = false;
    bool ended = false;
    bool stop_requested = false;
    std::vector<std::thread> to_join;
};

Runtime::Runtime(RunConfig cfg) : cfg_(cfg), end_(std::make_unique<EndState>()) {
    cfg_.speed = std::clamp(cfg_.speed, kMinSpeed, kMaxSpeed);
    cfg_.cores = std::clamp(cfg_.cores, kMinCores, kMaxCores);
    cfg_.switch_interval = std::clamp(cfg_.switch_interval, kMinSwitchInterval, kMaxSwitchInterval);
    switch_interval_.store(cfg_.switch_interval);
    if (cfg_.mode == Mode::Free) {
        sched_ = std::make_unique<detail::FreeScheduler>(
            cfg_.speed,
            [this](const auto& visit) {
                std::lock_guard lk(mutex_);
                for (auto& t : threads_) visit(*t);
            },
            [this] { free_mode_deadlock(); });
    } else {
        sched_ = std::make_unique<detail::DetScheduler>(*this, cfg_);
    }
}

Runtime::~Runtime() {
    stop();
    // Before the scheduler and the threads they refer to.
    for (Object* obj : objects_) obj->~Object();
    objects_.clear();
}

detail::ThreadCtl& Runtime::begin(std::function<void()> main) {
    {
        std::lock_guard lk(mutex_);
        if (end_->started) throw std::logic_error("Runtime::start called twice");
        end_->started = true;
    }
    LogEvent settings;  // the run's settings, so checks and exports can read them from the log
    settings.kind = EvKind::RunStart;
    settings.code = static_cast<uint8_t>(cfg_.mode);
    settings.ok = cfg_.paced;
    settings.value = static_cast<int64_t>(cfg_.seed);
    settings.aux = static_cast<int64_t>(cfg_.switch_interval * 1e9);
    settings.object = static_cast<uint32_t>(cfg_.cores);
    settings.other = static_cast<uint32_t>(cfg_.gil);
    settings.line = static_cast<uint16_t>(cfg_.policy);
    record(settings);
    if (cfg_.gil != GilMode::Off) gils_.push_back(&make<detail::Gil>("GIL", cfg_.gil));
    uint32_t obj = log_.add_object({"MainThread", ObjKind::Thread, 0});
    LogEvent created;
    created.kind = EvKind::ObjNew;
    created.object = obj;
    created.code = static_cast<uint8_t>(ObjKind::Thread);
    record(created);
    detail::ThreadCtl& ctl = new_thread_ctl("MainThread", false, obj);
    ctl.body = std::move(main);
    return ctl;
}

void Runtime::start(std::function<void()> main) { launch(begin(std::move(main))); }

void Runtime::run_main_here(std::function<void()> main) {
    if (in_scenario_thread()) throw std::logic_error("Runtime::run_main_here called from a scenario thread");
    detail::ThreadCtl& ctl = begin(std::move(main));
    sched_->on_spawn(ctl);
    {
        std::lock_guard lk(mutex_);
        ++end_->spawned;
        ctl.os_started = true;
    }
    thread_main(ctl);
}

bool Runtime::adopt_here(std::string name, std::function<void()> body) {
    if (cfg_.mode != Mode::Free || in_scenario_thread()) return false;
    {
        // Counted before it exists, so that the run cannot be declared over
        // by the last of the other threads while this one is being made.
        std::lock_guard lk(mutex_);
        if (!end_->started || end_->ended || end_->exited >= end_->spawned) return false;
        ++end_->spawned;
    }
    const uint32_t obj = log_.add_object({name, ObjKind::Thread, 0, kNone, true});
    LogEvent created;
    created.kind = EvKind::ObjNew;
    created.object = obj;
    created.code = static_cast<uint8_t>(ObjKind::Thread);
    created.ok = 0;  // a detail: not listed among the program's objects
    record(created);
    detail::ThreadCtl& ctl = new_thread_ctl(std::move(name), true, obj);
    ctl.adopted = true;
    ctl.body = std::move(body);
    sched_->on_spawn(ctl);
    {
        std::lock_guard lk(mutex_);
        ctl.os_started = true;
    }
    thread_main(ctl);
    return true;
}

void Runtime::record_exit(detail::ThreadCtl& main, bool returned, int64_t status) {
    if (exit_recorded_.exchange(true)) return;  // an embedded interpreter said so first
    record_op(main, EvKind::OpDone, static_cast<uint8_t>(Op::Exit), kNone, returned, status, 0, kNone);
}

void Runtime::hold_for_fork() const {
    mutex_.lock();
    log_.hold_for_fork();
    sched_->hold_for_fork();
}

void Runtime::release_after_fork() const {
    sched_->release_after_fork();
    log_.release_after_fork();
    mutex_.unlock();
}

void Runtime::keep_only_caller_after_fork() {
    if (detail::ThreadCtl* me = detail::current()) sched_->keep_only_after_fork(*me);
}

void Runtime::end_forked_process(uint32_t first_own_tid, bool ok) {
    detail::ThreadCtl* me = detail::current();
    for (detail::ThreadCtl* t : threads_snapshot()) {
        if (t == me || t->tid < first_own_tid || !t->os_started || t->finished.load(std::memory_order_acquire))
            continue;
        LogEvent e;
        e.kind = EvKind::State;
        e.thread = t->tid;
        e.code = static_cast<uint8_t>(ThreadState::Killed);
        record(e);
    }
    if (me) me->set_state(ok ? ThreadState::Done : ThreadState::Failed);
}

bool Runtime::wait_for(double seconds) {
    {
        std::unique_lock lk(mutex_);
        if (!end_->started) return true;
        if (!end_->cv.wait_for(lk, std::chrono::duration<double>(seconds), [&] { return end_->ended; }))
            return false;
    }
    join_os_threads();
    return true;
}

void Runtime::abandon(bool ended_by_itself) {
    std::lock_guard lk(mutex_);
    if (end_->ended) return;
    for (auto& t : threads_) {
        if (!t->os_started || t->finished.load(std::memory_order_acquire)) continue;
        LogEvent e;
        e.kind = EvKind::State;
        e.thread = t->tid;
        e.code = static_cast<uint8_t>(ThreadState::Killed);
        record(e);
    }
    LogEvent e;
    e.kind = EvKind::RunEnd;
    e.ok = ended_by_itself && !end_->stop_requested && !deadlock_;
    record(e);
    end_->ended = true;
    end_->cv.notify_all();
}

detail::ThreadCtl& Runtime::new_thread_ctl(std::string name, bool daemon, uint32_t object, uint32_t pid) {
    auto ctl = std::make_unique<detail::ThreadCtl>();
    detail::ThreadCtl& t = *ctl;
    t.pid = pid;
    {
        std::lock_guard lk(mutex_);
        t.tid = log_.add_thread({name, object, daemon, pid});
        threads_.push_back(std::move(ctl));
    }
    t.rt = this;
    t.name = std::move(name);
    t.daemon = daemon;
    t.object = object;
    t.rng = cfg_.seed * 0xD1B54A32D192ED03ull + (uint64_t(t.tid) + 1) * 0x9E3779B97F4A7C15ull;
    LogEvent e;
    e.kind = EvKind::ThreadNew;
    e.thread = t.tid;
    e.object = object;
    e.ok = daemon;
    e.value = pid;
    if (detail::current() && detail::current()->rt == this) e.line = detail::current()->line;
    record(e);
    return t;
}

void Runtime::launch(detail::ThreadCtl& t) {
    sched_->on_spawn(t);
    // Created under the mutex so that no thread can finish, and the run be
    // declared over, before its std::thread is stored for joining.
    std::lock_guard lk(mutex_);
    ++end_->spawned;
    t.os_started = true;
    t.os = std::thread([this, &t] { thread_main(t); });
}

void Runtime::thread_main(detail::ThreadCtl& t) {
    tls_ctl = &t;
    enum class Outcome { Ok, Killed, Failed };
    auto guarded = [&](auto&& body) {
        try {
            body();
            return Outcome::Ok;
        } catch (const ThreadKilled&) {
            return Outcome::Killed;
        } catch (const PyError& e) {
            excepthook(t, e.formatted());
        } catch (const std::exception& e) {
            excepthook(t, std::string("Exception: ") + e.what());
        } catch (...) {
            excepthook(t, "Exception: unknown error");
        }
        return Outcome::Failed;
    };
    Outcome outcome = guarded([&] {
        sched_->on_enter(t);
        t.set_state(ThreadState::Running);
        t.body();
    });
    t.body = nullptr;  // the closure dies while this thread still runs
    if (!t.thread_obj && !t.adopted && outcome != Outcome::Killed) {
        record_exit(t, outcome == Outcome::Ok, outcome == Outcome::Ok ? 0 : 1);
        // MainThread: even after an exception, CPython joins the non-daemon threads.
        if (guarded([&] { shutdown(t); }) == Outcome::Killed) outcome = Outcome::Killed;
    }
    t.waiting_on.store(kNone);
    release_gil(t);
    ThreadState final_state = outcome == Outcome::Ok       ? ThreadState::Done
                              : outcome == Outcome::Killed ? ThreadState::Killed
                                                           : ThreadState::Failed;
    t.set_state(final_state);
    if (t.thread_obj) t.thread_obj->finished(final_state);
    t.finished.store(true, std::memory_order_release);
    sched_->on_exit(t);
    thread_exited();
    tls_ctl = nullptr;
}

void Runtime::excepthook(detail::ThreadCtl& t, const std::string& text) {
    LogEvent e;
    e.kind = EvKind::Excepthook;
    e.value = log_.intern(text);
    record_from(t, e);
}

uint32_t Runtime::new_interpreter(const std::string& process_name, uint32_t parent_pid) {
    uint32_t pid;
    {
        std::lock_guard lk(mutex_);
        pid = 1 + counters_["pid"]++;
        for (auto& g : globals_) g->fork(parent_pid, pid);
    }
    if (cfg_.gil != GilMode::Off) {
        detail::Gil& gil = make<detail::Gil>("GIL@" + process_name, cfg_.gil);
        std::lock_guard lk(mutex_);
        if (gils_.size() <= pid) gils_.resize(pid + 1, nullptr);
        gils_[pid] = &gil;
    }
    return pid;
}

void Runtime::adopt_global(std::unique_ptr<GlobalBase> g) {
    std::lock_guard lk(mutex_);
    globals_.push_back(std::move(g));
}

void Runtime::interrupt(uint32_t tid) {
    detail::ThreadCtl* t = nullptr;
    {
        std::lock_guard lk(mutex_);
        for (const auto& c : threads_)
            if (c->tid == tid) t = c.get();
    }
    if (!t) return;
    t->interrupted.store(true, std::memory_order_release);
    // Woken only in a wait that looks for it: an unpark elsewhere (the GIL,
    // a switch point) would be a wake nobody expects. A wait it enters later
    // finds the flag before it parks.
    if (t->interruptible.load(std::memory_order_acquire)) sched_->unpark(*t);
}

bool Runtime::serve_interrupt(detail::ThreadCtl& me) {
    if (!me.interrupted.exchange(false, std::memory_order_acq_rel)) return false;
    const bool raised = interrupt_hook_ && interrupt_hook_();
    release_gil(me);  // the hook's engine calls took the GIL back (deterministic mode's modelled one)
    return raised;
}

bool Runtime::serve_outside_turn(detail::ThreadCtl& me) {
    if (!me.poked.exchange(false, std::memory_order_acq_rel)) return false;
    run_outside_hook();
    release_gil(me);
    return true;
}

void Runtime::release_gil(detail::ThreadCtl& me) {
    if (!me.holds_gil) return;
    detail::Gil* gil;
    {
        std::lock_guard lk(mutex_);
        gil = me.pid < gils_.size() ? gils_[me.pid] : nullptr;
    }
    if (gil) gil->release_for_blocking(me);
}

void Runtime::cpu_work(detail::ThreadCtl& me, Nanos work) {
    detail::Gil* gil = nullptr;
    {
        std::lock_guard lk(mutex_);
        if (me.pid < gils_.size()) gil = gils_[me.pid];
    }
    if (gil)
        gil->run_cpu(me, work);
    else
        sched_->cpu_work(me, work, nullptr);
}

void Runtime::set_switch_interval(double seconds) {
    switch_interval_.store(std::clamp(seconds, kMinSwitchInterval, kMaxSwitchInterval));
}

void Runtime::set_program_switch_interval(double seconds) {
    switch_interval_.store(std::clamp(seconds, 1e-6, 1e6));
}

double Runtime::switch_interval() const { return switch_interval_.load(); }

void Runtime::register_atexit(std::function<void()> fn) {
    std::lock_guard lk(mutex_);
    atexit_.push_back(std::move(fn));
}

uint32_t Runtime::next_future_index() { return future_count_.fetch_add(1, std::memory_order_relaxed); }

uint32_t Runtime::next_index(const std::string& key) {
    std::lock_guard lk(mutex_);
    return counters_[key]++;
}

void Runtime::shutdown(detail::ThreadCtl& main) {
    main.line = 0;
    std::vector<std::function<void()>> hooks;
    {
        std::lock_guard lk(mutex_);
        hooks.swap(atexit_);
    }
    for (auto& hook : hooks) hook();
    for (;;) {
        Thread* next = nullptr;
        for (detail::ThreadCtl* t : threads_snapshot())
            if (t->thread_obj && !t->thread_obj->daemon() && t->thread_obj->is_alive()) {
                next = t->thread_obj;
                break;
            }
        if (!next) break;
        next->join();
    }
    for (detail::ThreadCtl* t : threads_snapshot())
        if (t->thread_obj && t->thread_obj->daemon() && t->thread_obj->is_alive()) sched_->kill(*t);
}

void Runtime::thread_exited() {
    std::lock_guard lk(mutex_);
    if (++end_->exited < end_->spawned || end_->ended) return;  // ended: abandon() wrote the end
    LogEvent e;
    e.kind = EvKind::RunEnd;
    e.ok = !end_->stop_requested && !deadlock_;
    record(e);
    end_->ended = true;
    end_->cv.notify_all();
}

void Runtime::join_os_threads() {
    std::vector<std::thread> joinable;
    {
        std::lock_guard lk(mutex_);
        for (auto& t : threads_)
            if (t->os.joinable()) joinable.push_back(std::move(t->os));
    }
    for (auto& th : joinable) th.join();
}

void Runtime::wait() {
    if (in_scenario_thread()) throw std::logic_error("Runtime::wait called from a scenario thread");
    {
        std::unique_lock lk(mutex_);
        if (!end_->started) return;
        end_->cv.wait(lk, [&] { return end_->ended; });
    }
    join_os_threads();
}

void Runtime::stop() {
    {
        std::lock_guard lk(mutex_);
        if (!end_->started) return;
        if (!end_->ended) end_->stop_requested = true;
        end_->cv.notify_all();  // cuts a deadlock hold short
    }
    sched_->stop_all();
    wait();
}

bool Runtime::finished() const {
    std::lock_guard lk(mutex_);
    return end_->ended;
}

bool Runtime::shutting_down() const {
    std::lock_guard lk(mutex_);
    return end_->stop_requested;
}

void Runtime::set_speed(double s) { sched_->set_speed(std::clamp(s, kMinSpeed, kMaxSpeed)); }
double Runtime::speed() const { return sched_->speed(); }
void Runtime::pause() { sched_->pause(); }
void Runtime::resume() { sched_->resume(); }
bool Runtime::paused() const { return sched_->paused(); }
void Runtime::step() { sched_->step(); }
std::vector<uint32_t> Runtime::choices() const { return sched_->choices(); }
void Runtime::pick(uint32_t tid) { sched_->pick(tid); }
Nanos Runtime::now() const { return sched_->display_now(); }
Nanos Runtime::clock_now() const { return sched_->now(); }

void Runtime::want_outside_turn(Nanos at) { sched_->want_outside_turn(at); }

std::optional<DeadlockInfo> Runtime::deadlock() const {
    std::lock_guard lk(mutex_);
    return deadlock_;
}

void Runtime::record(LogEvent e) {
    e.t = sched_->now();
    log_.append(e);
    sched_->after_record();
}

void Runtime::record_from(detail::ThreadCtl& me, LogEvent e) {
    e.thread = me.tid;
    e.line = me.line;
    record(e);
}

void Runtime::record_op(detail::ThreadCtl& me, EvKind kind, uint8_t code, uint32_t object, bool ok, int64_t value,
                        int64_t aux, uint32_t other) {
    const Nanos t = sched_->now();
    log_.emplace([&](LogEvent& e) {
        e.t = t;
        e.value = value;
        e.aux = aux;
        e.thread = me.tid;
        e.object = object;
        e.other = other;
        e.line = me.line;
        e.kind = kind;
        e.code = code;
        e.ok = ok;
    });
    sched_->after_record();
}

void Runtime::record_birth(detail::ThreadCtl& me, ObjKind kind, uint32_t object, int64_t initial, Op born) {
    const Nanos t = sched_->now();
    log_.emplace_run(2, [&](LogEvent& e, size_t k) {
        e.t = t;
        e.thread = me.tid;
        e.object = object;
        e.line = me.line;
        e.kind = k == 0 ? EvKind::ObjNew : EvKind::OpDone;
        e.code = k == 0 ? static_cast<uint8_t>(kind) : static_cast<uint8_t>(born);
        if (k == 0) e.value = initial;
    });
    sched_->after_record();
}

std::vector<detail::ThreadCtl*> Runtime::threads_snapshot() const {
    std::lock_guard lk(mutex_);
    std::vector<detail::ThreadCtl*> out;
    for (auto& t : threads_) out.push_back(t.get());
    return out;
}

void Runtime::report_deadlock(const std::vector<detail::ThreadCtl*>& stuck) {
    DeadlockInfo info;
    for (detail::ThreadCtl* t : stuck) {
        // The holder of what it really waits on (a Queue's mutex), named
        // as the object it is shown waiting on (the Queue).
        uint32_t obj = t->waiting_on.load(std::memory_order_acquire);
        info.waiting.push_back({t->tid, obj == kNone ? kNone : shown_of(obj), obj == kNone ? kNone : holder_of(obj)});
    }
    // Follow "waits for the holder of" edges from each thread to find a cycle.
    auto edge_of = [&](uint32_t tid) -> const WaitEdge* {
        for (const WaitEdge& e : info.waiting)
            if (e.thread == tid) return &e;
        return nullptr;
    };
    for (const WaitEdge& start : info.waiting) {
        std::vector<const WaitEdge*> path;
        const WaitEdge* e = &start;
        while (e && e->holder != kNone) {
            auto seen = std::find(path.begin(), path.end(), e);
            if (seen != path.end()) {
                for (auto it = seen; it != path.end(); ++it) info.cycle.push_back(**it);
                break;
            }
            path.push_back(e);
            e = edge_of(e->holder);
        }
        if (!info.cycle.empty()) break;
    }
    {
        std::lock_guard lk(mutex_);
        deadlock_ = info;
    }
    for (const WaitEdge& w : info.waiting) {
        LogEvent e;
        e.kind = EvKind::Deadlock;
        e.thread = w.thread;
        e.object = w.object;
        e.other = w.holder;
        e.ok = std::any_of(info.cycle.begin(), info.cycle.end(),
                           [&](const WaitEdge& c) { return c.thread == w.thread; });
        record(e);
    }
}

void Runtime::free_mode_deadlock() {
    // Every live thread is parked with nobody to wake it: report, then end
    // them all, so the run ends instead of hanging.
    std::vector<detail::ThreadCtl*> stuck;
    {
        std::lock_guard lk(mutex_);
        for (auto& t : threads_)
            if (t->os_started && !t->finished.load(std::memory_order_acquire)) stuck.push_back(t.get());
    }
    report_deadlock(stuck);
    if (cfg_.deadlock_hold > 0) {
        // Let the standing deadlock be seen before it is unwound; a stop
        // (Reset in the GUI) cuts the wait short.
        std::unique_lock lk(mutex_);
        end_->cv.wait_for(lk, std::chrono::duration<double>(cfg_.deadlock_hold / sched_->speed()),
                          [&] { return end_->stop_requested; });
    }
    for (detail::ThreadCtl* t : stuck) sched_->kill(*t);
}

uint32_t Runtime::shown_of(uint32_t object) const {
    std::lock_guard lk(mutex_);
    return object < by_id_.size() && by_id_[object] ? by_id_[object]->shown() : object;
}

uint32_t Runtime::holder_of(uint32_t object) const {
    std::lock_guard lk(mutex_);
    return object < by_id_.size() && by_id_[object] ? by_id_[object]->holder() : kNone;
}

void* Runtime::allocate_object(size_t bytes, size_t align) {
    constexpr size_t kBlock = size_t(1) << 20;
    // A scenario thread carves from a block of its own (no lock, no cache
    // line shared with other threads); anyone else from the runtime's.
    detail::ThreadCtl* me = detail::current();
    const bool own = me && me->rt == this;
    std::unique_lock lk(mutex_, std::defer_lock);
    if (!own) lk.lock();
    std::byte*& next = own ? me->arena_next : arena_next_;
    std::byte*& end = own ? me->arena_end : arena_end_;
    auto carve = [&]() -> std::byte* {
        auto at = (reinterpret_cast<uintptr_t>(next) + align - 1) & ~(uintptr_t(align) - 1);
        if (!next || at + bytes > reinterpret_cast<uintptr_t>(end)) return nullptr;
        next = reinterpret_cast<std::byte*>(at + bytes);
        return reinterpret_cast<std::byte*>(at);
    };
    if (std::byte* p = carve()) return p;
    const size_t size = std::max(kBlock, bytes + align);
    auto block = std::make_unique_for_overwrite<std::byte[]>(size);
    next = block.get();
    end = next + size;
    if (own) lk.lock();
    arena_blocks_.push_back(std::move(block));
    return carve();
}

void Runtime::adopt(Object* obj) {
    std::lock_guard lk(mutex_);
    if (by_id_.size() <= obj->id()) by_id_.resize(obj->id() + 1, nullptr);
    by_id_[obj->id()] = obj;
    objects_.push_back(obj);
}

std::string DeadlockInfo::describe(const EventLog& log) const {
    std::ostringstream out;
    const auto& edges = cycle.empty() ? waiting : cycle;
    out << (cycle.empty() ? "deadlock: no thread can run: " : "deadlock cycle: ");
    for (size_t i = 0; i < edges.size(); ++i) {
        const WaitEdge& e = edges[i];
        if (i) out << "; ";
        out << log.thread(e.thread).name << " waits for "
            << (e.object == kNone ? std::string("nothing") : log.object(e.object).name);
        if (e.holder != kNone) out << " held by " << log.thread(e.holder).name;
    }
    return out.str();
}

}  // namespace tl
