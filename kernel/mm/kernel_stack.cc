#include "mm/kernel_stack.h"

#include "arch/smp.h"
#include "lib/bits.h"
#include "mm/frames.h"
#include "mm/layout.h"
#include "mm/page_table.h"

namespace kernel {

namespace {

constexpr uint64_t kSlotSize = KernelStack::kSize + kPageSize;  // guard page + stack
constexpr uint64_t kRegionSize = 1ull << 30;                     // one root entry

constexpr uint64_t kSlotCount = kRegionSize / kSlotSize;
constexpr uint64_t kWordBits = 64;

// One bit per slot, set while a stack lives there: every freed slot can be
// found again, so threads that come and go never use up the region.
uint64_t used_slots[(kSlotCount + kWordBits - 1) / kWordBits];
uint64_t first_free_word = 0;  // no word below this one has a clear bit

Result<uint64_t> take_slot() {
  for (uint64_t w = first_free_word; w < sizeof used_slots / sizeof used_slots[0]; ++w) {
    if (used_slots[w] == ~0ull) continue;
    first_free_word = w;
    uint64_t slot = w * kWordBits + bits::lowest_set(~used_slots[w]);
    if (slot >= kSlotCount) break;
    used_slots[w] |= 1ull << (slot % kWordBits);
    return slot;
  }
  return Error::NoMemory;
}

void give_back_slot(uint64_t slot) {
  used_slots[slot / kWordBits] &= ~(1ull << (slot % kWordBits));
  if (slot / kWordBits < first_free_word) first_free_word = slot / kWordBits;
}

}  // namespace

Result<KernelStack> KernelStack::create() {
  auto slot = take_slot();
  if (!slot) return slot.error();
  uint64_t base = kKernelStackRegion + *slot * kSlotSize + kPageSize;
  for (uint64_t i = 0; i < kPages; ++i) {
    auto frame = frames::alloc_zeroed();
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
  smp::fence_kernel_mappings();
  give_back_slot((base_ - kPageSize - kKernelStackRegion) / kSlotSize);
  base_ = 0;
}

}  // namespace kernel
