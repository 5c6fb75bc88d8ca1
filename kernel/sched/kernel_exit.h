// What every way back to user mode checks: whether the thread was killed
// (it ends here), and whether a better thread should run (preempt() checks
// the kill again once the thread runs again).
#pragma once

#include "arch/cpu.h"
#include "object/process.h"
#include "object/thread.h"
#include "sched/scheduler.h"

namespace kernel::sched {

inline void on_kernel_exit() {
  if (current_thread()->killed) exit_killed();
  preempt_if_needed();
  raise_pending_interrupt(current_thread());
}

}  // namespace kernel::sched
