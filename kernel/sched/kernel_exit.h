// What every way back to user mode checks: whether the thread's process
// was killed (the thread ends here), and whether a better thread should run.
#pragma once

#include "arch/cpu.h"
#include "object/process.h"
#include "object/thread.h"
#include "sched/scheduler.h"

namespace kernel::sched {

inline void on_kernel_exit() {
  Process* p = current_thread()->process;
  if (p && p->exiting()) exit_killed();
  preempt_if_needed();
}

}  // namespace kernel::sched
