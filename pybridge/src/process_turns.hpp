// The processes' token of a deterministic run (threadlab/process_turns.hpp),
// in memory the program's processes share: a table made when the program
// first forks, inherited by every child. Only the process holding the token
// writes the table, so it needs no lock: the token's hand-over (an atomic
// store, then a futex wake of the next process) orders every write before
// the next process reads. A process that dies holding the token (a crash)
// is found by the others' timed waits, and one of them takes the token on.
#pragma once
#include <functional>
#include <optional>
#include <string>

#include "threadlab/process_turns.hpp"

namespace tl::py {

// Before a fork in a deterministic run: makes the table on the first
// fork, and a slot for the child. An error (too many processes) as text.
std::optional<std::string> reserve_child_process(Nanos now);
// After it: in the parent, the child's pid (or -1: the fork failed); in the
// child, its slot is its own, and it waits for its first turn.
void child_forked(int ospid);
void begin_child_process();
// A forked child ends its process: its open files are closed first, so its
// pipes and its sentinel are at their end before another process looks.
void end_child_process(Nanos now);
// The program sent `sig` (SIGTERM, SIGKILL) to `ospid`: once the kernel has
// ended it, its slot is over. False when it is not one of the program's
// processes, or when it handles, ignores or blocks the signal.
bool process_killed(int ospid, int sig);
// -1: not one of the program's processes; 0: alive; 1: over.
int process_status(int ospid);
// Sends what this process has recorded before another process runs, so
// that the processes' streams arrive in the order of their turns.
void set_turn_flush(std::function<void()> flush);
ProcessTurns* shared_turns_or_null();  // the table, once made

}  // namespace tl::py
