#include "object/thread_interrupt.h"

#include "abi/interrupt.h"
#include "arch/cpu.h"
#include "arch/smp.h"
#include "mm/layout.h"
#include "object/process.h"
#include "object/thread.h"
#include "sched/scheduler.h"

namespace kernel {

void request_interrupt(Thread& t) {
  t.interrupt_pending = true;
  if (t.state == ThreadState::Blocked && wait_interruptible(t)) {
    end_wait_for_interrupt(t);
  } else if (t.state == ThreadState::Running && &t != current_thread()) {
    // In user mode it traps now; in the kernel it takes the request on its
    // way out. A ready thread (and the caller) does so when it leaves.
    smp::kick(t.frame->cpu);
  }
}

bool enter_interrupt_entry(Thread& t) {
  t.interrupt_pending = false;
  TrapFrame& f = *t.frame;
  abi::InterruptFrame saved{};
  saved.pc = f.sepc;
  for (int n = 1; n < 32; ++n) saved.x[n - 1] = f.x[n];
  saved.flags = t.interrupt_ended_wait ? abi::kInterruptedWait : 0;
  t.interrupt_ended_wait = false;
  uint64_t sp = abi::interrupt_frame_below(f.x[kSp]);
  if (!sp || !t.process->space().copy_out(sp, &saved, sizeof saved).ok()) return false;
  f.sepc = t.interrupt_entry;
  f.x[kSp] = sp;
  f.x[kA0] = sp;
  f.x[kRa] = 0;  // the entry never returns: it resumes with interrupt_control
  return true;
}

Status load_interrupted_context(Thread& t, uint64_t address) {
  abi::InterruptFrame saved;
  TRY(t.process->space().copy_in(&saved, address, sizeof saved));
  // (A kernel pc would only fault in user mode, but a forged frame is
  // refused where it is made.)
  if (!abi::resumable(saved, kUserTop)) return Error::InvalidArgument;
  TrapFrame& f = *t.frame;
  f.sepc = saved.pc;
  for (int n = 1; n < 32; ++n) f.x[n] = saved.x[n - 1];
  return {};
}

}  // namespace kernel
