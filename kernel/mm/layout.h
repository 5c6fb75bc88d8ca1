// The kernel's view of memory. All of physical RAM (and the first 4 GiB of
// device space) is mapped at kVirtOffset + pa; the kernel image lives inside
// that window. User space is the lower half of Sv39: [0, kUserTop).
#pragma once

#include <cstdint>

#include "abi/address_space.h"

namespace kernel {

constexpr uint64_t kVirtOffset = 0xffffffc000000000;
constexpr uint64_t kKernelStackRegion = 0xffffffd000000000;  // stacks with guard pages

using abi::kPageSize;
using abi::kUserAnonBase;
using abi::kUserAnonTop;
using abi::kUserImageBase;
using abi::kUserImageTop;
using abi::kUserStackSize;
using abi::kUserStackTop;
using abi::kUserTop;
using abi::page_round_down;
using abi::page_round_up;


template <typename T = void>
inline T* phys_to_virt(uint64_t pa) {
  return reinterpret_cast<T*>(pa + kVirtOffset);
}
inline uint64_t virt_to_phys(const void* va) { return reinterpret_cast<uint64_t>(va) - kVirtOffset; }

}  // namespace kernel
