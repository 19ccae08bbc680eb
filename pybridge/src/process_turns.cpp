#include "process_turns.hpp"

#include <linux/futex.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "bridge.hpp"

namespace tl::py {

namespace {

constexpr int kMaxProcesses = 64;
constexpr Nanos kNever = INT64_MAX;
// How far a runnable process may run ahead of another runnable one before
// it gives way: the error a message between them can have in virtual time,
// and the hand-overs two CPU-bound processes make (one per quantum).
constexpr Nanos kQuantum = 100'000;

enum class SlotState : int32_t { Free, Ready, Waiting, Over };

struct Slot {
    std::atomic<uint32_t> go{0};      // futex word: bumped when given the token
    std::atomic<int32_t> ospid{0};
    SlotState state = SlotState::Free;
    Nanos clock = 0;                  // its virtual time when it last ran
    Nanos key = kNever;               // when it wants to run next
    bool polling = false;             // threads wait in the kernel
    uint64_t seen = 0;                // changes it had seen when it last ran
    ProcessTurn granted;              // the turn it is given
    Nanos limit = kNever;             // when that turn should end
    int computing = 1;                // processes sharing the cores in that turn
};

struct Table {
    std::atomic<int32_t> holder{0};
    int32_t used = 1;                 // slots handed out; 0 is the program's own process
    int32_t alive = 1;
    uint64_t changes = 0;             // turns in which some process did something
    Slot slots[kMaxProcesses];
};

long futex(std::atomic<uint32_t>* word, int op, uint32_t value, const timespec* timeout) {
    return syscall(SYS_futex, reinterpret_cast<uint32_t*>(word), op, value, timeout, nullptr, 0);
}

// 'Z' for a zombie, 0 when the process is gone or cannot be read.
char os_state_of(int ospid) {
    std::ifstream in("/proc/" + std::to_string(ospid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const size_t close = text.rfind(')');
    return close != std::string::npos && close + 2 < text.size() ? text[close + 2] : 0;
}

bool os_alive(int ospid) {
    const char s = os_state_of(ospid);
    return s != 0 && s != 'Z' && s != 'X';
}

// Whether `sig` sent to `ospid` ends it: SIGKILL always; another signal
// when the process neither catches, ignores nor blocks it (its main
// thread's mask, as /proc/PID/status shows them).
bool signal_ends(int ospid, int sig) {
    if (sig == SIGKILL) return true;
    if (sig < 1 || sig > 64) return false;
    std::ifstream in("/proc/" + std::to_string(ospid) + "/status");
    const uint64_t bit = uint64_t{1} << (sig - 1);
    std::string line;
    while (std::getline(in, line))
        for (const std::string field : {"SigBlk:", "SigIgn:", "SigCgt:"})
            if (line.rfind(field, 0) == 0 && (std::stoull(line.substr(field.size()), nullptr, 16) & bit)) return false;
    return true;
}

class SharedTurns final : public ProcessTurns {
public:
    bool shared() const override { return table_ && table_->alive > 1; }
    Nanos turn_limit() const override { return mine().limit; }
    int computing_processes() const override { return mine().computing; }

    ProcessTurn next_turn(Nanos now, bool ready, std::optional<Nanos> wake, bool polling, bool progressed) override {
        Slot& m = mine();
        // Over is for good: a process that waited in the engine after its
        // end would otherwise count as alive again without being counted
        // in `alive`, and the others would stop waiting for it.
        if (m.state == SlotState::Over) return {now, false};
        m.clock = std::max(m.clock, now);
        m.state = ready ? SlotState::Ready : SlotState::Waiting;
        m.key = ready ? now : wake.value_or(kNever);
        m.polling = polling;
        // What this process did in its turn may be what its own waiting
        // threads wait for (a thread wrote to a pipe another reads): after a
        // turn that did something, they look again too.
        if (progressed) ++table_->changes;
        m.seen = progressed ? table_->changes - 1 : table_->changes;
        const int next = choose(me_, now);
        if (next != me_) {
            hand_to(next);
            wait_for_token();
        }
        m.state = SlotState::Ready;
        return m.granted;
    }

    void process_over(Nanos now) override {
        if (!table_ || mine().state == SlotState::Over) return;
        Slot& m = mine();
        m.clock = std::max(m.clock, now);
        m.state = SlotState::Over;
        --table_->alive;
        ++table_->changes;  // its end is news: a parent's waitpid, a sentinel
        if (table_->alive > 0) hand_to(choose(me_, m.clock));
    }

    void interrupt() override {
        if (!table_) return;
        interrupted_.store(true, std::memory_order_release);
        mine().go.fetch_add(1, std::memory_order_release);
        futex(&mine().go, FUTEX_WAKE, INT_MAX, nullptr);
    }

    std::optional<std::string> reserve(Nanos now) {
        if (!table_) {
            void* p = mmap(nullptr, sizeof(Table), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
            if (p == MAP_FAILED) return "no shared memory for the processes' turns";
            table_ = new (p) Table();
            table_->slots[0].state = SlotState::Ready;
            table_->slots[0].ospid = static_cast<int32_t>(getpid());
        }
        if (table_->used >= kMaxProcesses)
            return "a deterministic run has at most " + std::to_string(kMaxProcesses - 1) + " child processes";
        pending_ = table_->used++;
        Slot& c = table_->slots[pending_];
        c.state = SlotState::Ready;
        c.clock = c.key = now;  // it begins where its parent forked it
        c.seen = table_->changes;
        ++table_->alive;
        ++table_->changes;
        // The parent gives way to its child once it is a quantum ahead.
        mine().limit = std::min(mine().limit, now + kQuantum);
        return std::nullopt;
    }

    void forked_parent(int ospid) {
        if (!table_ || pending_ < 0) return;
        Slot& c = table_->slots[pending_];
        if (ospid > 0) {
            c.ospid.store(ospid, std::memory_order_release);
        } else {  // the fork failed: the slot is not a process
            c.state = SlotState::Over;
            --table_->alive;
        }
        pending_ = -1;
    }

    void begin_child() {
        me_ = pending_;
        pending_ = -1;
        mine().ospid.store(static_cast<int32_t>(getpid()), std::memory_order_release);
        wait_for_token();
        mine().state = SlotState::Ready;
    }

    bool killed(int ospid, int sig) {
        Slot* s = find(ospid);
        if (!s || s->state == SlotState::Over) return false;
        // A process that catches, ignores or blocks the signal goes on, and
        // handles it in its next turn (the kernel ran its C handler before it
        // can run anything else, so that turn is the same in every run).
        if (!signal_ends(ospid, sig)) return false;
        // Otherwise wait (in real time) until the kernel has ended it: then
        // its pipes are closed and waitpid finds it, whatever turn comes
        // next. A wait for the kernel, which can take seconds on a loaded
        // machine: not a call stuck outside the program (a minute at most).
        note_engine_call(true);
        for (int i = 0; i < 60'000 && os_alive(ospid); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        note_engine_call(false);
        if (os_alive(ospid)) return false;
        s->state = SlotState::Over;
        --table_->alive;
        ++table_->changes;
        return true;
    }

    int status(int ospid) const {
        const Slot* s = const_cast<SharedTurns*>(this)->find(ospid);
        return !s ? -1 : s->state == SlotState::Over ? 1 : 0;
    }

    void set_flush(std::function<void()> f) { flush_ = std::move(f); }
    bool made() const { return table_ != nullptr; }

private:
    Slot& mine() const { return table_->slots[me_]; }

    Slot* find(int ospid) {
        if (!table_ || ospid <= 0) return nullptr;
        for (int i = 1; i < table_->used; ++i)
            if (table_->slots[i].ospid.load(std::memory_order_acquire) == ospid) return &table_->slots[i];
        return nullptr;
    }

    bool live(int i) const {
        const SlotState s = table_->slots[i].state;
        return s == SlotState::Ready || s == SlotState::Waiting;
    }

    // The next process to run, after `from` ended its turn at `end`, with
    // its turn filled in. Processes that wait in the kernel look first
    // (in process order), if something happened since they last did; then
    // the process that is earliest in time; when neither, nobody can go on.
    int choose(int from, Nanos end) {
        const uint64_t changes = table_->changes;
        for (int i = 0; i < table_->used; ++i) {
            const Slot& s = table_->slots[i];
            if (live(i) && s.state == SlotState::Waiting && s.polling && s.seen < changes)
                return grant(i, std::max(s.clock, std::min(end, s.key)), false);
        }
        int best = -1;
        for (int i = 0; i < table_->used; ++i) {
            const Slot& s = table_->slots[i];
            if (live(i) && s.key < kNever && (best < 0 || s.key < table_->slots[best].key)) best = i;
        }
        if (best >= 0) return grant(best, std::max(table_->slots[best].clock, table_->slots[best].key), false);
        const int victim = live(from) ? from : first_live();
        return victim < 0 ? from : grant(victim, table_->slots[victim].clock, true);
    }

    int first_live() const {
        for (int i = 0; i < table_->used; ++i)
            if (live(i)) return i;
        return -1;
    }

    int grant(int i, Nanos at, bool deadlock) {
        Slot& s = table_->slots[i];
        s.granted = {at, deadlock};
        s.clock = std::max(s.clock, at);
        s.seen = table_->changes;
        Nanos limit = kNever;
        s.computing = 1;
        for (int j = 0; j < table_->used; ++j) {
            const Slot& o = table_->slots[j];
            if (j == i || !live(j)) continue;
            if (o.state == SlotState::Ready) {
                limit = std::min(limit, o.clock + kQuantum);
                ++s.computing;
            }
            if (o.state == SlotState::Waiting) {
                limit = std::min(limit, o.key);
                if (o.polling) limit = std::min(limit, s.clock + kQuantum);
            }
        }
        s.limit = limit;
        return i;
    }

    void hand_to(int next) {
        if (flush_) flush_();
        Slot& n = table_->slots[next];
        table_->holder.store(next, std::memory_order_release);
        n.go.fetch_add(1, std::memory_order_release);
        futex(&n.go, FUTEX_WAKE, INT_MAX, nullptr);
    }

    void wait_for_token() {
        Slot& m = mine();
        note_engine_call(true);  // waiting for another process is not being stuck outside the engine
        for (;;) {
            const uint32_t seen = m.go.load(std::memory_order_acquire);
            if (table_->holder.load(std::memory_order_acquire) == me_) break;
            if (interrupted_.load(std::memory_order_acquire)) break;
            const timespec patience{0, 200'000'000};
            if (futex(&m.go, FUTEX_WAIT, seen, &patience) == -1 && errno == ETIMEDOUT) take_over_from_the_dead();
        }
        note_engine_call(false);
    }

    // The holder died without passing the token (killed from outside, a
    // crash): the first process to see it takes the token on and passes it,
    // and says so in its own stream (a K frame, as os.kill does), so the
    // dead process's threads end there instead of running on in the log
    // until somebody happens to wait for it.
    void take_over_from_the_dead() {
        int32_t holder = table_->holder.load(std::memory_order_acquire);
        const int ospid = table_->slots[holder].ospid.load(std::memory_order_acquire);
        if (holder == me_ || ospid <= 0 || os_alive(ospid)) return;
        if (!table_->holder.compare_exchange_strong(holder, me_, std::memory_order_acq_rel)) return;
        Slot& dead = table_->slots[holder];
        if (dead.state != SlotState::Over) {
            dead.state = SlotState::Over;
            --table_->alive;
            ++table_->changes;
            announce_killed(ospid);
        }
        const int next = choose(holder, dead.clock);
        if (next != me_) hand_to(next);
    }

    Table* table_ = nullptr;
    int me_ = 0;
    int pending_ = -1;
    std::atomic<bool> interrupted_{false};
    std::function<void()> flush_;
};

SharedTurns& turns() {
    static SharedTurns t;
    return t;
}

}  // namespace

std::optional<std::string> reserve_child_process(Nanos now) {
    const bool first = !turns().made();
    std::optional<std::string> error = turns().reserve(now);
    if (!error && first && bridge().rt) bridge().rt->set_process_turns(&turns());
    return error;
}

void child_forked(int ospid) { turns().forked_parent(ospid); }

void begin_child_process() { turns().begin_child(); }

void end_child_process(Nanos now) {
    if (!turns().made()) return;
    // Everything the process had open ends with it; here, before its turn
    // passes, so that the next process finds its pipes at their end.
    syscall(SYS_close_range, 3u, ~0u, 0u);
    turns().process_over(now);
    // For tests: a loaded machine, where a child whose last turn is over
    // can take seconds to leave the kernel (seen in state D).
    if (const char* ms = getenv("THREADLAB_TEST_EXIT_DELAY_MS")) usleep(static_cast<useconds_t>(atoi(ms)) * 1000);
}

bool process_killed(int ospid, int sig) { return turns().killed(ospid, sig); }

int process_status(int ospid) { return turns().status(ospid); }

void set_turn_flush(std::function<void()> flush) { turns().set_flush(std::move(flush)); }

ProcessTurns* shared_turns_or_null() { return turns().made() ? &turns() : nullptr; }

}  // namespace tl::py
