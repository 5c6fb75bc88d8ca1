// The harts: starting the others at boot (SBI HSM), and what one hart asks
// of the others: to look at the run queue (an IPI) and to drop TLB entries
// (SBI remote fence). The kernel's state is shared under the big kernel lock
// and the harts' own locks (docs/kernel.md "Locking order").
#pragma once

#include <cstddef>
#include <cstdint>

#include "arch/cpu.h"
#include "debug/console.h"
#include "sync/spinlock.h"

namespace kernel {

struct BootFacts;
class AddressSpace;

namespace smp {

constexpr size_t kMaxHarts = 8;
extern size_t started_harts;  // (hart_count(); written under the big lock, while harts start)

// On the boot hart, under the big lock: starts every other hart of the
// device tree (up to kMaxHarts). Each runs its idle thread once the boot
// hart lets go of the lock.
void start_other_harts(const BootFacts& boot, Cpu* boot_cpu);
// How many harts run the kernel (counted from when they are started).
inline size_t hart_count() { return started_harts; }
inline bool several_harts() { return this_cpu()->several_harts; }
Cpu* cpu(size_t index);

// Makes a hart look at the run queue (and at its thread's kill flag) now.
void kick(Cpu* cpu);

// TLB shootdown. A hart that runs the address space now gets an
// sfence.vma of its ASID through SBI remote fence before this returns;
// every other hart only owes the flush, and flushes its whole TLB the
// next time it takes the big lock (lock_kernel; the IPC fast path leaves
// for it: remote_fences.h, owe), before it can touch kernel data or
// switch to a thread: no IPI for harts that are idle or run others.
void fence_space(const AddressSpace* space, uint16_t asid);
// Instruction-cache coherence: bytes stored in memory that space maps (or
// is about to run) executable reach instruction fetch. This hart runs
// fence.i now; a hart that runs the space now gets an SBI remote fence.i
// before this returns; every other one owes its fence.i as it owes a TLB
// flush above (docs/kernel.md "Several harts").
void sync_instructions(const AddressSpace* space);
// Every other hart flushes its whole TLB the next time it takes the big
// lock, before it touches kernel data or switches to a thread.
void flush_other_tlbs_later();
// A kernel mapping (a thread's stack) went away: no hart may use it again
// before it flushed, which lock_kernel sees to.
inline void fence_kernel_mappings() { flush_other_tlbs_later(); }

// Runs the fences other harts left for this one: on taking the big lock,
// before touching kernel data or switching threads. (The IPC fast path
// does not: a hart that owes any has a reschedule due, remote_fences.h's
// owe, and the fast path leaves for the big lock then before it reads
// anything but this hart's Cpu and its current thread.)
inline void run_owed_fences(Cpu* cpu) {
  if (__builtin_expect(cpu->owed.any(), false)) {
    uint8_t owed = cpu->owed.take();
    if (OwedFences::includes(owed, Fence::Tlb)) asm volatile("sfence.vma" ::: "memory");
    if (OwedFences::includes(owed, Fence::Instructions)) {
      asm volatile("fence.i" ::: "memory");
      ++cpu->code_fences;
    }
  }
}

// Waits until no other hart is inside the IPC fast path (each holds its
// own hart lock there); one that enters it now sees the big lock held and
// leaves to the general path.
void wait_for_fast_paths();

// Takes the big kernel lock on entry to the kernel: every path but the IPC
// fast path (and the syscalls that touch only their own thread:
// syscall/dispatch.cc) holds it, and so excludes the fast path on every hart.
inline void lock_kernel() {
  big_kernel_lock.lock();
  if (several_harts()) wait_for_fast_paths();
  run_owed_fences(this_cpu());
}
inline void unlock_kernel() { big_kernel_lock.unlock(); }
// Whether the big lock is held (by this hart, where it is asserted: a
// kernel path other than the fast path runs only under it).
inline bool kernel_locked() { return big_kernel_lock.held(); }

// The IPC fast path's entry: takes this hart's lock, and true if nobody
// holds the big lock now (else the caller lets its lock go and takes the
// big one). Whoever takes the big lock after this waits for the hart's
// lock: so the fast path changes nothing that a big-lock holder reads.
// (Only this hart holds its own lock for long, on its way out of the
// kernel; a big-lock taker on another hart takes it for an instant, to
// wait until this hart has left its fast path (wait_for_fast_paths). That
// instant is spun out here, without a call: the fast path then needs no
// frame.) The fences this hart owes it leaves to the big lock (see
// run_owed_fences).
inline bool lock_hart(Cpu* cpu) {
  while (!cpu->lock.try_lock()) {
  }
  return !big_kernel_lock.taken_acquire();
}
// The IPC general path leaves as the fast path does, holding only this
// hart's lock, which trap.S lets go once it is off the old thread's stack.
inline void trade_kernel_lock_for_hart_lock() {
  this_cpu()->lock.lock();
  big_kernel_lock.unlock();
}

}  // namespace smp
}  // namespace kernel
