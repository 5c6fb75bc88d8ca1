// The big kernel lock that guards all shared kernel state: every hart
// holds it while it runs kernel code (taken on trap entry, given up on the
// way back to user mode and while idle).
#pragma once

#include <atomic>
#include <cstdint>

#include "arch/cpu.h"

namespace kernel {

// Wakes the harts parked on the big lock (an SBI IPI; arch/smp.cc).
extern "C" void wake_parked_harts();

// The big kernel lock: a spinlock whose waiter, after a short spin, parks
// its hart in wfi until the holder lets go and wakes it with an IPI. A
// hart that spun while the holder is descheduled would burn its time:
// under QEMU's -icount, which runs the harts one after another, a spinner
// used up its whole turn each time (and advanced the virtual clock by it),
// so 4 harts barely booted; a hypervisor's vCPUs fare the same.
//
// The lock word holds kHeld and kParked (someone waits in wfi), so taking
// it is one AMO and letting go one AMO that also tells whether to wake
// anyone; the parked harts are a mask beside it.
class KernelLock {
 public:
  static constexpr uint32_t kHeld = 1;
  static constexpr uint32_t kParked = 2;  // (trap.S tests this bit too)
  static constexpr int kSpins = 64;

  void lock() {
    if (word_.fetch_or(kHeld, std::memory_order_acquire) & kHeld) lock_contended();
  }
  void unlock() {
    // amoswap.rl is a release by itself; GCC's exchange would add a fence.
    uint32_t old;
    asm volatile("amoswap.w.rl %0, zero, %1" : "=r"(old), "+A"(word_) : : "memory");
    if (old & kParked) wake_parked_harts();
  }
  bool held() const { return word_.load(std::memory_order_relaxed) & kHeld; }
  // The harts parked now, and forgets them (they are being woken).
  uint64_t take_parked() { return parked_.exchange(0, std::memory_order_acq_rel); }

 private:
  [[gnu::noinline]] void lock_contended() {
    uint64_t me = uint64_t{1} << this_cpu()->hart_id;
    for (;;) {
      for (int i = 0; i < kSpins && held(); ++i) {
      }
      if (held()) {
        // Announce, then mark the word: the unlock that clears the word
        // sees kParked and wakes us; if the lock was free by then, there
        // is no wait (a later unlock may wake us for nothing). The IPI
        // leaves sip.SSIP pending, which the hart later takes as a kick.
        parked_.fetch_or(me, std::memory_order_acq_rel);
        if (word_.fetch_or(kParked, std::memory_order_acq_rel) & kHeld) asm volatile("wfi" ::: "memory");
        parked_.fetch_and(~me, std::memory_order_relaxed);
      }
      if (!(word_.fetch_or(kHeld, std::memory_order_acquire) & kHeld)) return;
    }
  }

  std::atomic<uint32_t> word_{0};    // kHeld | kParked; offset 0, for trap.S
  std::atomic<uint64_t> parked_{0};  // the harts waiting in wfi
};

// (Named for trap.S, which releases it on the IPC way out.)
extern KernelLock big_kernel_lock asm("big_kernel_lock");

}  // namespace kernel
