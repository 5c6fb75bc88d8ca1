// A spinlock, and the big kernel lock that guards all shared kernel state:
// every hart holds it while it runs kernel code (taken on trap entry, given
// up on the way back to user mode and while idle).
#pragma once

#include <atomic>
#include <cstdint>

namespace kernel {

class SpinLock {
 public:
  void lock() {
    while (flag_.exchange(1, std::memory_order_acquire)) {
      while (flag_.load(std::memory_order_relaxed)) {
      }
    }
  }
  void unlock() { flag_.store(0, std::memory_order_release); }
  bool held() const { return flag_.load(std::memory_order_relaxed) != 0; }

 private:
  std::atomic<uint32_t> flag_{0};  // a word: RISC-V has no byte-sized AMOs
};

// (Named for trap.S, which releases it on the IPC way out.)
extern SpinLock big_kernel_lock asm("big_kernel_lock");

}  // namespace kernel
