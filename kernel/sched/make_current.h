// Making a thread the running one on a hart: its address space, the lazy
// FPU hand-over, and cpu->current. Inline: the IPC fast path does this on
// every call and reply.
#pragma once

#include "arch/cpu.h"
#include "arch/csr.h"
#include "object/process.h"
#include "object/thread.h"

namespace kernel::sched {

inline void make_current(Cpu* cpu, Thread* prev, Thread* next) {
  if (Process* p = next->process.get()) {
    if (prev->process.get() != p) p->space().activate();
    // The FPU is handed over lazily: next traps on its first FP instruction
    // unless its registers are still the live ones.
    if (cpu->fp_owner != next) next->frame->sstatus &= ~csr::kSstatusFsMask;
    next->frame->cpu = cpu;
  }
  cpu->current = next;
}

}  // namespace kernel::sched
