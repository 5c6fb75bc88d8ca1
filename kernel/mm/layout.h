// The kernel's view of memory. All of physical RAM (and the first 4 GiB of
// device space) is mapped at kVirtOffset + pa; the kernel image lives inside
// that window. User space is the lower half of Sv39: [0, kUserTop).
#pragma once

#include <cstdint>

namespace kernel {

constexpr uint64_t kPageSize = 4096;
constexpr uint64_t kVirtOffset = 0xffffffc000000000;
constexpr uint64_t kKernelStackRegion = 0xffffffd000000000;  // stacks with guard pages
constexpr uint64_t kUserTop = 0x0000004000000000;            // 256 GiB

// User address-space layout (documented in docs/abi.md).
constexpr uint64_t kUserImageBase = 0x10000;          // static programs are linked here
constexpr uint64_t kUserImageTop = 0x0000001000000000;
constexpr uint64_t kUserAnonBase = 0x0000001000000000;  // mem_map regions
constexpr uint64_t kUserAnonTop = 0x0000003f00000000;
constexpr uint64_t kUserStackTop = 0x0000003ffffff000;  // below one unmapped page
constexpr uint64_t kUserStackSize = 8ull << 20;

inline uint64_t page_round_down(uint64_t a) { return a & ~(kPageSize - 1); }
inline uint64_t page_round_up(uint64_t a) { return (a + kPageSize - 1) & ~(kPageSize - 1); }

template <typename T = void>
inline T* phys_to_virt(uint64_t pa) {
  return reinterpret_cast<T*>(pa + kVirtOffset);
}
inline uint64_t virt_to_phys(const void* va) { return reinterpret_cast<uint64_t>(va) - kVirtOffset; }

}  // namespace kernel
