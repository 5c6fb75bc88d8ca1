// What every way back to user mode checks: whether the thread was killed
// (it ends here), and whether a better thread should run (preempt() checks
// the kill again once the thread runs again).
#pragma once

#include "arch/cpu.h"
#include "arch/csr.h"
#include "object/process.h"
#include "object/thread.h"
#include "sched/scheduler.h"

namespace kernel::sched {

// A thread leaving for user mode with an interrupt pending traps back at
// once (a software interrupt, pending as it returns) into the one exit
// that has every register saved, where user_trap redirects it
// (object/thread_interrupt.h): the syscall exits restore only a few.
inline void raise_interrupt_trap() { csr::set_sip(csr::kSieSsie); }

inline void on_kernel_exit() {
  // The common case, none of the three below, in two tests.
  Cpu* cpu = this_cpu();
  if (!cpu->current->attention && !cpu->need_resched) return;
  if (current_thread()->killed) exit_killed();
  preempt_if_needed();
  if (current_thread()->interrupt_pending) raise_interrupt_trap();
}

}  // namespace kernel::sched
