#include "mm/asid.h"

#include "arch/csr.h"
#include "arch/smp.h"

namespace kernel::asid {

namespace {
constexpr unsigned kMaxCount = 1u << 16;
constexpr unsigned kSatpAsidShift = 44;
uint64_t in_use[kMaxCount / 64] = {1};  // ASID 0 is kShared, never handed out alone
unsigned count = 1;                     // ASIDs the hart implements (until probed: only kShared)
unsigned next_hint = 1;
}  // namespace

void probe() {
  // The privileged spec's discovery: write all ones to satp.ASID and read
  // back which bits stuck; the implemented ones are the low ASIDLEN bits.
  uint64_t satp = csr::read_satp();
  csr::write_satp(satp | (uint64_t{kMaxCount - 1} << kSatpAsidShift));
  uint64_t bits = (csr::read_satp() >> kSatpAsidShift) & (kMaxCount - 1);
  csr::write_satp(satp);
  asm volatile("sfence.vma" ::: "memory");
  count = static_cast<unsigned>(bits) + 1;
}

unsigned implemented() { return count; }

uint16_t allocate() {
  // Freed ASIDs may still have TLB entries: a space that reuses one first
  // flushes it (done on release).
  for (unsigned tried = 0; tried < count; ++tried) {
    unsigned a = (next_hint + tried) % count;
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
  // Any hart that ran the space may still hold its entries.
  asm volatile("sfence.vma zero, %0" ::"r"(uint64_t(asid)) : "memory");
  smp::fence_space(nullptr, asid);  // (no hart runs a released space)
}

}  // namespace kernel::asid
