#include "arch/cpu.h"
#include "sync/spinlock.h"

namespace kernel {

void KernelLock::lock_contended() {
  uint64_t me = uint64_t{1} << this_cpu()->hart_id;
  for (;;) {
    for (int i = 0; i < kSpins && held(); ++i) {
    }
    if (held()) {
      // Announce, then mark the word: the unlock that clears the word sees
      // kParked and wakes us; if the lock was free by then, there is no
      // wait (a later unlock may wake us for nothing). The IPI leaves
      // sip.SSIP pending, which the hart later takes as a kick.
      parked_.fetch_or(me, std::memory_order_acq_rel);
      if (word_.fetch_or(kParked, std::memory_order_acq_rel) & kHeld) asm volatile("wfi" ::: "memory");
      parked_.fetch_and(~me, std::memory_order_relaxed);
    }
    if (!(word_.fetch_or(kHeld, std::memory_order_acquire) & kHeld)) return;
  }
}

}  // namespace kernel
