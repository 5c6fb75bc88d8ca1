// The kernel's spinlocks: the big kernel lock, which every kernel path
// but the IPC fast path (and the few syscalls that touch only their own
// thread) holds, and each hart's own lock (Cpu::lock), which
// the fast path holds alone; the big lock's holder waits until no hart
// holds its own (smp::lock_kernel, arch/smp.h; docs/kernel.md "Locking
// order").
#pragma once

#include <atomic>
#include <cstdint>

namespace kernel {

class KernelLock;

// Wakes the harts parked on lock (an SBI IPI; arch/smp.cc).
extern "C" void wake_parked_harts(KernelLock* lock);

// A spinlock whose waiter, after a short spin, parks its hart in wfi until
// the holder lets go and wakes it with an IPI. A hart that spun while the
// holder is descheduled would burn its time: under QEMU's -icount, which
// runs the harts one after another, a spinner used up its whole turn each
// time (and advanced the virtual clock by it), so 4 harts barely booted; a
// hypervisor's vCPUs fare the same.
//
// The lock word holds kHeld and kParked (someone waits in wfi), so taking
// it is one AMO and letting go one AMO that also tells whether to wake
// anyone; the parked harts are a mask beside it.
class KernelLock {
 public:
  static constexpr uint32_t kHeld = 1;
  static constexpr uint32_t kParked = 2;  // (trap.S tests this bit too)
  static constexpr int kSpins = 64;

  // Sequentially consistent (amoor.aqrl): the big lock's taker then reads
  // the harts' locks, and a hart taking its own then reads the big lock;
  // whichever comes second sees the other (arch/smp.h).
  void lock() {
    if (!try_lock()) lock_contended();
  }
  // lock() without the wait: false, taking nothing, if it is held.
  [[nodiscard]] bool try_lock() {
    // (GCC's seq_cst fetch_or adds a fence before amoor.w.aq.)
    uint32_t old;
    asm volatile("amoor.w.aqrl %0, %2, %1" : "=r"(old), "+A"(word_) : "r"(kHeld) : "memory");
    return !(old & kHeld);
  }
  void unlock() {
    // amoswap.rl is a release by itself; GCC's exchange would add a fence.
    uint32_t old;
    asm volatile("amoswap.w.rl %0, zero, %1" : "=r"(old), "+A"(word_) : : "memory");
    if (old & kParked) wake_parked_harts(this);
  }
  bool held() const { return word_.load(std::memory_order_relaxed) & kHeld; }
  // Whether it is held, ordered before what the caller reads next (and
  // after what the last holder wrote before letting go).
  bool held_acquire() const { return word_.load(std::memory_order_acquire) & kHeld; }
  // held_acquire(), but also true for the instant a waiter marks a free
  // lock kParked before it takes it (a caller that then waits for the lock
  // loses nothing; it saves an instruction on the IPC fast path).
  bool taken_acquire() const { return word_.load(std::memory_order_acquire) != 0; }
  // Returns once the lock is free (a holder now lets go soon); the caller
  // orders its later reads after it (an acquire fence).
  void wait_until_free_relaxed() {
    if (held()) {
      lock();
      unlock();
    }
  }
  // The harts parked now, and forgets them (they are being woken).
  uint64_t take_parked() { return parked_.exchange(0, std::memory_order_acq_rel); }

 private:
  [[gnu::noinline]] void lock_contended();  // (sync/kernel_lock.cc)

  std::atomic<uint32_t> word_{0};    // kHeld | kParked; offset 0, for trap.S
  std::atomic<uint64_t> parked_{0};  // the harts waiting in wfi
};

// Every kernel path but the IPC fast path and the calls that need no lock
// (syscall/dispatch.cc) holds it (smp::lock_kernel, arch/smp.h).
extern KernelLock big_kernel_lock;

}  // namespace kernel
