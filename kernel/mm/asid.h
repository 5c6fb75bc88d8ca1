// Address-space identifiers: with a distinct ASID per address space, a
// switch is one satp write and no TLB flush. When all are in use, spaces
// share kShared and pay a full flush on each switch instead.
#pragma once

#include <cstdint>

namespace kernel::asid {

constexpr uint16_t kShared = 0;

// Finds how many ASID bits the hart implements (0 to 16); runs once, with
// the kernel's page table active.
void probe();
unsigned implemented();
uint16_t allocate();
void release(uint16_t asid);

}  // namespace kernel::asid
