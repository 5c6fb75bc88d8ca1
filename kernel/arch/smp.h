// The harts: starting the others at boot (SBI HSM), and what one hart asks
// of the others: to look at the run queue (an IPI) and to drop TLB entries
// (SBI remote fence). The kernel's state is shared under the big kernel lock.
#pragma once

#include <cstddef>
#include <cstdint>

#include "arch/cpu.h"
#include "sync/spinlock.h"

namespace kernel {

struct BootFacts;
class AddressSpace;

namespace smp {

constexpr size_t kMaxHarts = 8;

// On the boot hart, under the big lock: starts every other hart of the
// device tree (up to kMaxHarts). Each runs its idle thread once the boot
// hart lets go of the lock.
void start_other_harts(const BootFacts& boot, Cpu* boot_cpu);
// How many harts run the kernel (counted from when they are started).
size_t hart_count();
inline bool several_harts() { return hart_count() > 1; }
Cpu* cpu(size_t index);

// Makes a hart look at the run queue (and at its thread's kill flag) now.
void kick(Cpu* cpu);

// TLB shootdown. A hart that runs the address space now gets an
// sfence.vma of its ASID through SBI remote fence before this returns;
// every other hart only marks itself stale, and flushes its whole TLB the
// next time it takes the big lock (lock_kernel), before it can touch kernel
// data or switch to a thread: no IPI for harts that are idle or run others.
void fence_space(const AddressSpace* space, uint16_t asid);
// Every other hart flushes its whole TLB the next time it takes the big
// lock, before it touches kernel data or switches to a thread.
void flush_other_tlbs_later();
// A kernel mapping (a thread's stack) went away: no hart may use it again
// before it flushed, which lock_kernel sees to.
inline void fence_kernel_mappings() { flush_other_tlbs_later(); }

// Takes the big kernel lock on entry to the kernel, then catches up with
// the TLB flushes other harts left for this one.
inline void lock_kernel() {
  big_kernel_lock.lock();
  Cpu* cpu = this_cpu();
  if (__builtin_expect(cpu->tlb_stale, false)) {
    cpu->tlb_stale = false;
    asm volatile("sfence.vma" ::: "memory");
  }
}

}  // namespace smp
}  // namespace kernel
