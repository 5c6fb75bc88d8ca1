// Per-hart state, all in one place: reached through tp while in the kernel.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/run_queue.h"
#include "mm/remote_fences.h"
#include "sync/spinlock.h"

namespace kernel {

class Thread;

struct Cpu {
  // This hart's kernel lock: the IPC fast path takes it alone, every other
  // path all harts' (docs/kernel.md "Locking order"). At offset 0: the
  // fast path and trap.S reach it at tp itself, with no add.
  KernelLock lock;
  uint64_t boot_stack_top = 0;  // a secondary hart's stack until it runs its idle thread (entry.S)
  bool kernel_locked = false;  // this hart holds every hart's lock (smp::lock_kernel)
  uint64_t hart_id = 0;
  size_t index = 0;  // in smp::cpu(): 0 is the boot hart
  Thread* current = nullptr;
  Thread* idle = nullptr;
  Thread* fp_owner = nullptr;  // whose FP registers are live in the hardware
  Thread* zombie = nullptr;    // exited thread whose stack is freed after the next switch
  uint64_t slice_end = 0;      // when the current thread's time slice ends (timebase ticks)
  uint64_t timer_armed = ~0ull;  // the deadline the hart's timer is set to, ~0 once it has fired
  bool need_resched = false;     // a better thread may be ready, or fences are owed (mm/remote_fences.h): switch on the way out
  RunQueue ready;                // ready threads placed on this hart, which an idle hart may steal
  RunQueue pinned;               // ready threads pinned to this hart: never stolen
  OwedFences owed;               // another hart unmapped something or mapped code: fence before touching kernel data
  bool several_harts = false;    // more than one hart runs (smp::several_harts: one load on hot paths)
  // Instruction-cache coherence, for the thread dump: fence.i this hart
  // ran (for code it entered or loaded, and those it owed), and fence.i it
  // had run at once on harts that ran the space (SBI remote fence.i).
  uint64_t code_fences = 0;
  uint64_t remote_code_fences = 0;
};
static_assert(offsetof(Cpu, lock) == 0);             // trap.S releases it at tp
static_assert(offsetof(Cpu, boot_stack_top) == 16);  // entry.S loads it from there

// Volatile: a thread switched out on one hart may resume on another, so tp
// must be read again after every switch, never reused from before it.
inline Cpu* this_cpu() {
  Cpu* cpu;
  asm volatile("mv %0, tp" : "=r"(cpu));
  return cpu;
}

inline Thread* current_thread() { return this_cpu()->current; }

}  // namespace kernel
