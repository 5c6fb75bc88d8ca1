#include "mm/asid.h"

#include "arch/csr.h"
#include "arch/smp.h"
#include "debug/console.h"
#include "mm/address_space.h"
#include "object/process.h"
#include "object/thread.h"
#include "sync/spinlock.h"

namespace kernel::asid {

Allocator allocator;

namespace {
constexpr unsigned kSatpAsidShift = 44;
constexpr uint64_t kFewMask = 0x3;  // kernel.few_asids: ASIDs 0 to 3

// Across a roll-over the space each hart runs keeps its ASID: its entries
// there stay right, and no new space may be given that ASID meanwhile.
void keep_live_spaces() {
  for (size_t i = 0; i < smp::hart_count(); ++i) {
    Process* process = smp::cpu(i)->current->process.get();
    if (process && process->space_if_any()) allocator.keep(process->space().asid_tag());
  }
}
}  // namespace

void probe(bool few) {
  // The privileged spec's discovery: write all ones to satp.ASID and read
  // back which bits stuck; the implemented ones are the low ASIDLEN bits.
  uint64_t satp = csr::read_satp();
  csr::write_satp(satp | (uint64_t{Allocator::kMaxCount - 1} << kSatpAsidShift));
  uint64_t bits = (csr::read_satp() >> kSatpAsidShift) & (Allocator::kMaxCount - 1);
  csr::write_satp(satp);
  asm volatile("sfence.vma" ::: "memory");
  if (few) bits &= kFewMask;
  allocator.set_count(static_cast<unsigned>(bits) + 1);
}

unsigned implemented() { return allocator.count(); }

void renew(Tag& tag) {
  KASSERT(big_kernel_lock.held());
  if (!allocator.renew(tag, keep_live_spaces)) return;
  // A new generation hands out ASIDs whose old entries may still be in any
  // hart's TLB: this hart flushes now, the others before they next switch
  // (they flush on taking the big lock or their own, one of which every
  // switch is under).
  asm volatile("sfence.vma" ::: "memory");
  smp::flush_other_tlbs_later();
}

void release(const Tag& tag) {
  if (tag.asid == kShared || !allocator.current(tag)) return;  // (a roll-over flushed an older one)
  allocator.release(tag);
  // Any hart that ran the space may still hold its entries.
  asm volatile("sfence.vma zero, %0" ::"r"(uint64_t(tag.asid)) : "memory");
  smp::fence_space(nullptr, tag.asid);  // (no hart runs a released space)
}

}  // namespace kernel::asid
