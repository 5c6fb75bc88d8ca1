// Address-space identifiers: with a distinct ASID per address space, a
// switch is one satp write and no TLB flush. ASIDs come in generations
// (mm/asid_allocator.h): when all are in use, a new generation starts,
// every hart flushes its TLB, and each space takes a new ASID on its next
// switch-in. A hart without ASIDs gives every space kShared, which
// flushes on each switch instead.
#pragma once

#include <cstdint>

#include "mm/asid_allocator.h"

namespace kernel::asid {

extern Allocator allocator;

// Finds how many ASID bits the hart implements (0 to 16); runs once, with
// the kernel's page table active. few (the kernel.few_asids option): use
// at most 2 bits, so that tests see the generation roll over.
void probe(bool few);
unsigned implemented();
// Whether tag may be used as it is (inline: checked on every switch between
// address spaces).
inline bool current(const Tag& tag) { return allocator.current(tag); }
// Gives a space being switched in an ASID of the current generation.
void renew(Tag& tag);
// The space is gone: its ASID is free again, once no hart holds its entries.
void release(const Tag& tag);

}  // namespace kernel::asid
