#include "mm/asid.h"

namespace kernel::asid {

namespace {
constexpr unsigned kCount = 1u << 16;
uint64_t in_use[kCount / 64] = {1};  // ASID 0 is kShared, never handed out alone
unsigned next_hint = 1;
}  // namespace

uint16_t allocate() {
  // Freed ASIDs may still have TLB entries: a space that reuses one first
  // flushes it (done on release).
  for (unsigned tried = 0; tried < kCount; ++tried) {
    unsigned a = (next_hint + tried) % kCount;
    if (!(in_use[a / 64] & (1ull << (a % 64)))) {
      in_use[a / 64] |= 1ull << (a % 64);
      next_hint = a + 1;
      return static_cast<uint16_t>(a);
    }
  }
  return kShared;
}

void release(uint16_t asid) {
  if (asid == kShared) return;
  in_use[asid / 64] &= ~(1ull << (asid % 64));
  asm volatile("sfence.vma zero, %0" ::"r"(uint64_t(asid)) : "memory");
}

}  // namespace kernel::asid
