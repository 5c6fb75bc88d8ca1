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

// The FPU is handed over lazily, and nothing here touches it on one hart: a
// thread's frame turns the FPU on (sstatus.FS) only while its registers are
// the live ones of this hart's FPU (it is cpu->fp_owner; release_fpu and
// claim_fpu turn it off in the frame of the thread they take the FPU from),
// so next traps on its first FP instruction (claim_fpu) unless they are
// its. On several harts a thread gives the FPU up whenever it stops running
// (it may resume on another hart). (The hart count is settled before the
// first user thread runs: main starts the harts before init.)
// prev owned the FPU here. Out of line: nothing of the caller's stays live
// across the hart count's call but what the switch needs anyway.
[[gnu::noinline]] inline void leave_fpu(Cpu* cpu) {
  if (smp::several_harts()) release_fpu(cpu);
}

// make_current's part for a user thread `next` of process p, once the FPU
// is seen to: p's address space unless it runs already (same_space: the
// caller compared the processes), and next's frame's hart (`frame`:
// next's, which a caller may have read already).
// asid_checked: p's ASID is known to be of the current generation (the
// IPC fast path under its hart's lock, which may not renew it).
template <bool asid_checked = false>
inline void enter_user_thread(Cpu* cpu, TrapFrame* frame, Process* p, bool same_space) {
  if (!same_space) {
    if (asid_checked) p->space().activate_current();
    else p->space().activate();
  }
  frame->cpu = cpu;
}

template <bool asid_checked = false>
inline void make_current(Cpu* cpu, Thread* prev, Thread* next) {
  if (cpu->fp_owner == prev) leave_fpu(cpu);
  if (Process* p = next->process.get()) {
    enter_user_thread<asid_checked>(cpu, next->frame, p, prev->process.get() == p);
  } else if (smp::several_harts()) {
    // A kernel thread (idle) must not keep a page table that a process
    // exiting on another hart is freeing.
    activate_kernel_page_table();
  }
  cpu->current = next;
}

}  // namespace kernel::sched
