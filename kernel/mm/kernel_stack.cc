#include "mm/kernel_stack.h"

#include "mm/frames.h"
#include "mm/layout.h"
#include "mm/page_table.h"

namespace kernel {

namespace {

constexpr uint64_t kSlotSize = KernelStack::kSize + kPageSize;  // guard page + stack
constexpr uint64_t kRegionSize = 1ull << 30;                     // one root entry

// Slots are handed out by a bump pointer and recycled through a free list
// threaded through the (unmapped) slot numbers in a small array of frames.
uint64_t next_slot = 0;
uint64_t* free_slots = nullptr;  // a frame of slot numbers
uint64_t free_slot_count = 0;
constexpr uint64_t kFreeSlotCapacity = kPageSize / sizeof(uint64_t);

Result<uint64_t> take_slot() {
  if (free_slot_count > 0) return free_slots[--free_slot_count];
  if ((next_slot + 1) * kSlotSize > kRegionSize) return Error::NoMemory;
  return next_slot++;
}

void give_back_slot(uint64_t slot) {
  if (!free_slots) {
    auto frame = frames::alloc();
    if (!frame) return;  // the slot leaks address space only, never memory
    free_slots = phys_to_virt<uint64_t>(*frame);
  }
  if (free_slot_count < kFreeSlotCapacity) free_slots[free_slot_count++] = slot;
}

}  // namespace

Result<KernelStack> KernelStack::create() {
  auto slot = take_slot();
  if (!slot) return slot.error();
  uint64_t base = kKernelStackRegion + *slot * kSlotSize + kPageSize;
  for (uint64_t i = 0; i < kPages; ++i) {
    auto frame = frames::alloc();
    Status mapped = frame ? kernel_page_table().map(base + i * kPageSize, *frame, pte::kRead | pte::kWrite | pte::kGlobal)
                          : Status(Error::NoMemory);
    if (!mapped) {
      if (frame) frames::free(*frame);
      for (uint64_t j = 0; j < i; ++j) {
        auto pa = kernel_page_table().unmap(base + j * kPageSize);
        if (pa) frames::free(*pa);
      }
      give_back_slot(*slot);
      return Error::NoMemory;
    }
  }
  return KernelStack(base);
}

void KernelStack::destroy() {
  for (uint64_t i = 0; i < kPages; ++i) {
    auto pa = kernel_page_table().unmap(base_ + i * kPageSize);
    if (pa) frames::free(*pa);
  }
  // Stale translations of a freed stack must not survive in any TLB.
  asm volatile("sfence.vma" ::: "memory");
  give_back_slot((base_ - kPageSize - kKernelStackRegion) / kSlotSize);
  base_ = 0;
}

}  // namespace kernel
