// A spinlock, and the big kernel lock that guards all shared kernel state:
// every hart holds it while it runs kernel code (taken on trap entry, given
// up on the way back to user mode and while idle). Finer locks come with SMP.
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

 private:
  std::atomic<uint32_t> flag_{0};  // a word: RISC-V has no byte-sized AMOs
};

extern SpinLock big_kernel_lock;

}  // namespace kernel
