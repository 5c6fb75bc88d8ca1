// Making a thread the running one on a hart: its address space, the lazy
// FPU hand-over, and cpu->current. Inline: the IPC fast path does this on
// every call and reply.
#pragma once

#include "arch/cpu.h"
#include "arch/csr.h"
#include "arch/smp.h"
#include "mm/page_table.h"
#include "object/process.h"
#include "object/thread.h"
#include "sched/scheduler.h"

namespace kernel::sched {

// asid_checked: next's ASID is known to be of the current generation (the
// IPC fast path under its hart's lock, which may not renew it).
template <bool asid_checked = false>
inline void make_current(Cpu* cpu, Thread* prev, Thread* next) {
  if (cpu->fp_owner == prev && smp::several_harts()) release_fpu(cpu);
  if (Process* p = next->process.get()) {
    if (prev->process.get() != p) {
      if (asid_checked) p->space().activate_current();
      else p->space().activate();
    }
    // The FPU is handed over lazily: next traps on its first FP instruction
    // unless its registers are still the live ones.
    if (cpu->fp_owner != next) next->frame->sstatus &= ~csr::kSstatusFsMask;
    next->frame->cpu = cpu;
  } else if (smp::several_harts()) {
    // A kernel thread (idle) must not keep a page table that a process
    // exiting on another hart is freeing.
    activate_kernel_page_table();
  }
  cpu->current = next;
}

}  // namespace kernel::sched
