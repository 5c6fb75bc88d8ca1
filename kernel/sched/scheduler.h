// The scheduler: priority levels with round robin inside a level, time
// slices from the timer, sleeping until a deadline, and the switch between
// threads. Runs under the big kernel lock. Each hart has its own run
// queues: a ready thread is placed on a hart (sched/placement.h: where it
// ran last, else an idle hart), kicked there with an IPI if it should run
// now, and a hart with nothing better to run steals from another's queue.
#pragma once

#include <cstdint>

#include "arch/cpu.h"
#include "result.h"

namespace kernel {

class Thread;
class WaitQueue;

namespace sched {

// Gives a hart its idle thread. On the boot hart, for every hart, before
// init starts: what the kernel keeps for good is in place when init first
// measures free memory.
void add_hart(Cpu* cpu);
// Starts scheduling on this hart: switches to its idle thread, leaving the
// boot stack behind. Never returns.
[[noreturn]] void start(Cpu* cpu);

// Puts a new or woken thread on its run queue.
void make_ready(Thread* thread);
// The current thread goes to the back of its level; the best thread runs.
void yield();
// The current thread runs only on cpu from now on (null: on any hart).
void pin_current(Cpu* cpu);
// Blocks the current thread on queue (may be null) until woken or until the
// deadline (timebase ticks; abi::kForever for none). Returns the wake result.
Error block(WaitQueue* queue, uint64_t deadline);
// Blocks the current thread so that it resumes straight in user mode,
// keeping nothing on its kernel stack (IPC waits): the result must be in
// its TrapFrame when it is woken. Never returns.
[[noreturn]] void block_in_user(WaitQueue* queue, uint64_t deadline);
// Wakes a blocked thread with result.
void wake(Thread* thread, Error result);
// The current thread is finished; never returns.
[[noreturn]] void exit_current();
// Stops a thread that is not running (its process was killed): at once if
// it holds nothing on its kernel stack, else when it next leaves the kernel.
void terminate(Thread* thread);
// On every way out of the kernel a thread of a killed process ends (the
// inline test is in sched/kernel_exit.h).
[[noreturn]] void exit_killed();

// Timer interrupt: wakes sleepers and ends the time slice.
void on_timer();
// Called on every way back to user mode: switches if a better thread is
// ready. (Inline test, out-of-line work: this is on every syscall's path.)
void preempt();
inline void preempt_if_needed() {
  if (this_cpu()->need_resched) preempt();
}

// First FP instruction of a thread that does not own the FPU: hand it over.
// False if the thread already had it (the instruction was really illegal).
bool claim_fpu(Thread* thread);

// Whether a better thread is waiting to preempt the current one.
inline bool resched_pending() { return this_cpu()->need_resched; }
// A thread switched out on a system of several harts may run next on
// another: its FP registers go to memory now, and this hart forgets them.
void release_fpu(Cpu* cpu);

uint64_t now();
uint64_t ticks_per_second();
void set_ticks_per_second(uint64_t frequency);

}  // namespace sched
}  // namespace kernel
