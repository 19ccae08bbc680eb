// Deterministic mode across processes (os.fork, multiprocessing). Each
// process has its own scheduler, virtual clock and GIL, so processes compute
// in parallel in virtual time as they do on cores; a second token, shared by
// all the program's processes, says which process runs, so that only one
// does at any moment and every run takes the same turns. The process with
// the lowest clock runs next (a conservative simulation): a process yields
// once its clock passes the next process's, and a process whose threads all
// wait in the kernel (a pipe, a child, a multiprocessing lock) looks again
// after every turn of another process that did something. The scheduler
// knows this interface only; the embedding (pybridge) implements it in
// shared memory, since only it knows when a process forks.
#pragma once
#include <optional>

#include "threadlab/event.hpp"

namespace tl {

struct ProcessTurn {
    Nanos at = 0;           // the process's clock when its turn begins
    bool deadlock = false;  // nobody in any process can go on
};

class ProcessTurns {
public:
    virtual ~ProcessTurns() = default;
    // Another process of the program is alive: turns are shared.
    virtual bool shared() const = 0;
    // The running process should give way once its clock passes this.
    virtual Nanos turn_limit() const = 0;
    // Gives the processes' token away, and returns when this process has it
    // again. `ready`: it could go on at `now` (it gives way to a process
    // behind it in time); otherwise its threads wait: until `wake` (a
    // sleeper's deadline, a computation's end) and, with `polling`, for
    // something another process does. `progressed`: a thread ran in the
    // turn that ends (not only a look at the kernel that found nothing).
    virtual ProcessTurn next_turn(Nanos now, bool ready, std::optional<Nanos> wake, bool polling,
                                  bool progressed) = 0;
    // Processes that compete for the modelled cores in this turn: this one
    // and every other that was computing when it gave way (one with all its
    // threads waiting needs no core). k processes on c cores each compute at
    // min(1, c/k), so the scheduler charges CPU work max(1, k/c) times over.
    virtual int computing_processes() const = 0;
    // The process's last thread has ended: its turn passes for good.
    virtual void process_over(Nanos now) = 0;
    // The run is being stopped: a process waiting for its turn returns.
    virtual void interrupt() = 0;
};

}  // namespace tl
