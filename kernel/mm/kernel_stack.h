// Kernel stacks: each in its own slot of the kernel-stack region with an
// unmapped guard page below it, so an overflow faults instead of silently
// corrupting a neighbour.
#pragma once

#include <cstdint>

#include "result.h"

namespace kernel {

class KernelStack {
 public:
  static constexpr uint64_t kPages = 4;
  static constexpr uint64_t kSize = kPages * 4096;

  KernelStack() = default;
  static Result<KernelStack> create();
  void destroy();
  uint64_t top() const { return base_ + kSize; }
  uint64_t base() const { return base_; }

 private:
  explicit KernelStack(uint64_t base) : base_(base) {}
  uint64_t base_ = 0;
};

}  // namespace kernel
