// Address-space identifiers: with a distinct ASID per address space, a
// switch is one satp write and no TLB flush. When all are in use, spaces
// share kShared and pay a full flush on each switch instead.
#pragma once

#include <cstdint>

namespace kernel::asid {

constexpr uint16_t kShared = 0;

uint16_t allocate();
void release(uint16_t asid);

}  // namespace kernel::asid
